package dev.trainkit.nn;

import static dev.trainkit.tensor.NativeInterop.call;
import static dev.trainkit.tensor.NativeInterop.handle;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.global.torch;

/**
 * Parameter initialisation, as {@code torch.nn.init}: each method fills its tensor in place
 * without recording gradients and returns it. Names are PyTorch's in camelCase.
 *
 * <pre>{@code
 * Init.kaimingNormal_(conv.weight, 0, "fan_out", "relu");   // init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
 * Init.zeros_(conv.bias);                                    // init.zeros_(b)
 * }</pre>
 */
public final class Init {
    /** Nonlinearities known to {@link #calculateGain}. */
    public static final List<String> NONLINEARITIES = List.of("linear", "conv1d", "conv2d", "conv3d",
            "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu",
            "selu");

    private Init() {
    }

    /**
     * The recommended gain for {@code nonlinearity} ({@code calculate_gain}); {@code param} is
     * leaky_relu's negative slope (null = 0.01).
     */
    public static double calculateGain(String nonlinearity, Double param) {
        switch (LayerChecks.oneOf("calculate_gain", "nonlinearity", nonlinearity, NONLINEARITIES)) {
            case "tanh":
                return 5.0 / 3;
            case "relu":
                return Math.sqrt(2.0);
            case "leaky_relu":
                double slope = param == null ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope));
            case "selu":
                return 3.0 / 4;
            default:
                return 1.0;
        }
    }

    /** The gain for {@code nonlinearity} with default parameters. */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, null);
    }

    /**
     * {fan_in, fan_out} as PyTorch's {@code _calculate_fan_in_and_fan_out}: for a weight
     * [out, in, *kernel], fan_in = in·∏kernel and fan_out = out·∏kernel.
     */
    public static long[] calculateFanInAndFanOut(Tensor tensor) {
        long[] shape = tensor.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than"
                    + " 2 dimensions, got shape " + Arrays.toString(shape));
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new long[] {shape[1] * receptive, shape[0] * receptive};
    }

    private static long fan(Tensor tensor, String mode) {
        long[] f = calculateFanInAndFanOut(tensor);
        return LayerChecks.oneOf("init", "mode", mode, List.of("fan_in", "fan_out")).equals("fan_in") ? f[0] : f[1];
    }

    /** U(a, b) ({@code uniform_}). */
    public static Tensor uniform_(Tensor tensor, double a, double b) {
        try (NoGrad ng = NoGrad.enter()) {
            return tensor.uniform_(a, b);
        }
    }

    /** N(mean, std²) ({@code normal_}). */
    public static Tensor normal_(Tensor tensor, double mean, double std) {
        try (NoGrad ng = NoGrad.enter()) {
            return tensor.normal_(mean, std);
        }
    }

    /** Fills with {@code val} ({@code constant_}). */
    public static Tensor constant_(Tensor tensor, double val) {
        try (NoGrad ng = NoGrad.enter()) {
            return tensor.fill_(val);
        }
    }

    /** Fills with 0 ({@code zeros_}). */
    public static Tensor zeros_(Tensor tensor) {
        return constant_(tensor, 0);
    }

    /** Fills with 1 ({@code ones_}). */
    public static Tensor ones_(Tensor tensor) {
        return constant_(tensor, 1);
    }

    /** Glorot uniform: U(−a, a), a = gain·√(6/(fan_in+fan_out)) ({@code xavier_uniform_}). */
    public static Tensor xavierUniform_(Tensor tensor, double gain) {
        long[] f = calculateFanInAndFanOut(tensor);
        double a = Math.sqrt(3.0) * gain * Math.sqrt(2.0 / (f[0] + f[1]));
        return uniform_(tensor, -a, a);
    }

    /** Glorot normal: N(0, std²), std = gain·√(2/(fan_in+fan_out)) ({@code xavier_normal_}). */
    public static Tensor xavierNormal_(Tensor tensor, double gain) {
        long[] f = calculateFanInAndFanOut(tensor);
        return normal_(tensor, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])));
    }

    /**
     * He uniform: U(−b, b), b = √3·gain/√fan ({@code kaiming_uniform_(a, mode, nonlinearity)});
     * {@code a} is leaky_relu's negative slope. PyTorch's layer default is a=√5, "fan_in", "leaky_relu".
     */
    public static Tensor kaimingUniform_(Tensor tensor, double a, String mode, String nonlinearity) {
        if (tensor.numel() == 0) {
            return tensor; // PyTorch warns and leaves zero-element tensors alone
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(tensor, -bound, bound);
    }

    /** He normal: N(0, std²), std = gain/√fan ({@code kaiming_normal_}). */
    public static Tensor kaimingNormal_(Tensor tensor, double a, String mode, String nonlinearity) {
        if (tensor.numel() == 0) {
            return tensor;
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
        return normal_(tensor, 0, std);
    }

    /**
     * N(mean, std²) truncated to [a, b] ({@code trunc_normal_}), by PyTorch's method: uniform in
     * CDF space, then the inverse CDF via erfinv, then a clamp against rounding.
     */
    public static Tensor truncNormal_(Tensor tensor, double mean, double std, double a, double b) {
        if (!(a < b)) {
            throw new IllegalArgumentException("trunc_normal_: expected a < b, got a=" + a + ", b=" + b);
        }
        try (NoGrad ng = NoGrad.enter()) {
            double l = normCdf((a - mean) / std);
            double u = normCdf((b - mean) / std);
            // PyTorch's order, in the tensor's own dtype: uniform_, erfinv_, mul_, add_, clamp_
            tensor.uniform_(2 * l - 1, 2 * u - 1);
            call("erfinv_", () -> handle(tensor).erfinv_(), tensor);
            return tensor.mul_(std * Math.sqrt(2.0)).add_(mean).clamp_(a, b);
        }
    }

    private static double normCdf(double x) {
        // Standard normal CDF through libtorch's erf (Java has none), in float64.
        Tensor s = Torch.scalar(x / Math.sqrt(2.0), DType.FLOAT64);
        return (1.0 + call("erf", () -> torch.erf(handle(s)), s).item()) / 2.0;
    }

    /** A (semi-)orthogonal matrix from the QR decomposition of a normal sample ({@code orthogonal_}). */
    public static Tensor orthogonal_(Tensor tensor, double gain) {
        if (tensor.dim() < 2) {
            throw new IllegalArgumentException("orthogonal_: only tensors with 2 or more dimensions are supported,"
                    + " got shape " + Arrays.toString(tensor.shape()));
        }
        if (tensor.numel() == 0) {
            return tensor;
        }
        long rows = tensor.size(0);
        long cols = tensor.numel() / rows;
        try (NoGrad ng = NoGrad.enter()) {
            Tensor flat = Torch.randn(tensor.dtype(), rows, cols);
            Tensor m = rows < cols ? flat.transpose(0, 1) : flat;
            Tensor[] qr = NativeInterop.pair("linalg_qr", () -> torch.linalg_qr(handle(m)), m);
            Tensor q = qr[0];
            Tensor r = qr[1];
            Tensor d = call("diag", () -> torch.diag(handle(r), 0), r);
            Tensor qs = q.mul(d.sign());
            if (rows < cols) {
                qs = qs.transpose(0, 1);
            }
            tensor.copy_(qs.reshape(tensor.shape()).mul(gain));
            return tensor;
        }
    }
}
