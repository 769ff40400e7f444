package dev.trainkit.vision.ops;

import static dev.trainkit.tensor.NativeInterop.call;
import static dev.trainkit.tensor.NativeInterop.handle;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import org.bytedeco.pytorch.global.torch;

/**
 * Stochastic depth ("Deep Networks with Stochastic Depth"), as torchvision's
 * {@code ops.StochasticDepth(p, mode)}: in training mode, mode {@code "row"} zeroes each row of
 * the batch (dim 0) with probability {@code p} and {@code "batch"} zeroes the whole input with
 * probability {@code p}; survivors are scaled by 1/(1−p) (not when p = 1: everything is zeroed).
 * The identity in eval mode or when p = 0. Used on residual branches (ConvNeXt, EfficientNet).
 * No parameters.
 *
 * <pre>{@code
 * StochasticDepth sd = new StochasticDepth(0.1, "row");   // torchvision.ops.StochasticDepth(0.1, "row")
 * Tensor y = sd.forward(branch).add(x);                   // drop the residual branch per sample
 * }</pre>
 */
public class StochasticDepth extends Module {
    private final double p;
    private final String mode;

    /**
     * @param p probability of zeroing a row (or the batch), in [0, 1]
     * @param mode {@code "row"} or {@code "batch"}
     * @throws IllegalArgumentException for p outside [0, 1] or another mode
     */
    public StochasticDepth(double p, String mode) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("StochasticDepth: drop probability p has to be between 0 and 1, but got "
                    + p);
        }
        if (!"row".equals(mode) && !"batch".equals(mode)) {
            throw new IllegalArgumentException("StochasticDepth: mode has to be either 'batch' or 'row', but got "
                    + (mode == null ? "null" : "'" + mode + "'"));
        }
        this.p = p;
        this.mode = mode;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** {@code "row"} or {@code "batch"}. */
    public String mode() {
        return mode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return stochasticDepth(input, p, mode, isTraining());
    }

    /**
     * The functional form, torchvision's {@code ops.stochastic_depth(input, p, mode, training)}.
     *
     * @throws IllegalArgumentException for a bad p or mode, or a 0-d input in "row" mode
     */
    public static Tensor stochasticDepth(Tensor input, double p, String mode, boolean training) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("stochastic_depth: drop probability p has to be between 0 and 1, but"
                    + " got " + p);
        }
        if (!"row".equals(mode) && !"batch".equals(mode)) {
            throw new IllegalArgumentException("stochastic_depth: mode has to be either 'batch' or 'row', but got "
                    + (mode == null ? "null" : "'" + mode + "'"));
        }
        if (!training || p == 0.0) {
            return input;
        }
        int nd = input.dim();
        if (mode.equals("row") && nd == 0) {
            throw new IllegalArgumentException("stochastic_depth: mode 'row' expected an input with a batch dim"
                    + " (at least 1 dim), got " + input.describe());
        }
        long[] size = new long[nd];
        Arrays.fill(size, 1);
        if (mode.equals("row")) {
            size[0] = input.size(0);
        }
        double survival = 1.0 - p;
        Tensor zeros = Torch.zeros(input.dtype(), size).to(input.device());
        Tensor noise = call("bernoulli", () -> torch.bernoulli(handle(zeros), survival), zeros);
        if (survival > 0.0) {
            noise.div_(survival);
        }
        return input.mul(noise);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", mode=" + mode;
    }
}
