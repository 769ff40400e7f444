package dev.trainkit.vision.ops;

import static dev.trainkit.tensor.NativeInterop.call;
import static dev.trainkit.tensor.NativeInterop.handle;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.GeneratorOptional;

/**
 * Stochastic depth ("Deep Networks with Stochastic Depth"), as torchvision's
 * {@code ops.StochasticDepth(p, mode)}: in training mode each row of the batch ({@code "row"})
 * or the whole input ({@code "batch"}) is zeroed with probability {@code p} and the survivors
 * are scaled by 1/(1−p); the identity in eval mode or for p = 0. Residual architectures
 * (EfficientNet) apply it to the residual branch. No parameters or buffers.
 *
 * <pre>{@code
 * StochasticDepth sd = new StochasticDepth(0.2, "row");   // torchvision.ops.StochasticDepth(0.2, "row")
 * Tensor y = sd.forward(x);                               // random rows zeroed, others ×1.25
 * Tensor z = StochasticDepth.stochasticDepth(x, 0.2, "row", true);  // ops.stochastic_depth(x, 0.2, "row", True)
 * }</pre>
 */
public class StochasticDepth extends Module {
    /** The modes torchvision accepts. */
    public static final List<String> MODES = List.of("batch", "row");
    private final double p;
    private final String mode;

    /**
     * @param p probability of zeroing a row (or the batch), in [0, 1]
     * @param mode {@code "row"} or {@code "batch"}
     * @throws IllegalArgumentException for p outside [0, 1] or an unknown mode
     */
    public StochasticDepth(double p, String mode) {
        this.p = checkP(p);
        this.mode = checkMode(mode);
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
     * torchvision's functional {@code stochastic_depth(input, p, mode, training)}: input
     * {@code [N, ...]}; the noise is Bernoulli(1−p) of shape {@code [N, 1, ..., 1]} ("row") or
     * {@code [1, ..., 1]} ("batch"), divided by 1−p when 1−p > 0.
     */
    public static Tensor stochasticDepth(Tensor input, double p, String mode, boolean training) {
        checkP(p);
        checkMode(mode);
        if (input == null) {
            throw new IllegalArgumentException("stochastic_depth: input must not be null");
        }
        if (!training || p == 0.0) {
            return input;
        }
        if (input.dim() < 1) {
            throw new IllegalArgumentException("stochastic_depth: input must have a batch dimension [N, ...], got a"
                    + " scalar");
        }
        double survival = 1.0 - p;
        long[] size = new long[input.dim()];
        Arrays.fill(size, 1);
        if (mode.equals("row")) {
            size[0] = input.size(0);
        }
        Tensor noise = call("bernoulli_", () -> handle(input).new_empty(size).bernoulli_(survival,
                new GeneratorOptional()), input);
        if (survival > 0.0) {
            noise = noise.div(survival);
        }
        return input.mul(noise);
    }

    private static double checkP(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("StochasticDepth: drop probability p has to be between 0 and 1, but got "
                    + p);
        }
        return p;
    }

    private static String checkMode(String mode) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("StochasticDepth: mode has to be either 'batch' or 'row', but got "
                    + (mode == null ? "null" : "'" + mode + "'"));
        }
        return mode;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", mode=" + mode;
    }
}
