package dev.trainkit.vision.models;

import static dev.trainkit.tensor.NativeInterop.call;
import static dev.trainkit.tensor.NativeInterop.handle;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.global.torch;

/**
 * RegNet's per-stage settings, as torchvision's {@code regnet.BlockParams}: depth, output width,
 * stride, group width and bottleneck multiplier of each stage, plus the squeeze-excitation ratio
 * (0 for none, the RegNetX models).
 *
 * <p>{@link #fromInitParams} derives them from the RegNet design-space parameters the way
 * torchvision does, in float32 tensor arithmetic (so the quantised widths round exactly as
 * torchvision's do).
 *
 * <pre>{@code
 * BlockParams p = BlockParams.fromInitParams(16, 48, 27.89, 2.09, 8, 1.0, 0.25);
 * // BlockParams.from_init_params(depth=16, w_0=48, w_a=27.89, w_m=2.09, group_width=8, se_ratio=0.25)
 * }</pre>
 *
 * @param depths blocks per stage
 * @param widths output channels per stage
 * @param groupWidths channels per group of the 3×3 convolution, per stage
 * @param bottleneckMultipliers bottleneck width / output width, per stage
 * @param strides stride of each stage's first block
 * @param seRatio squeeze channels as a fraction of the block's input channels; 0 for no SE layer
 */
public record BlockParams(long[] depths, long[] widths, long[] groupWidths, double[] bottleneckMultipliers,
        long[] strides, double seRatio) {
    private static final int QUANT = 8;
    private static final int STRIDE = 2;

    /** Checks that every per-stage array has one entry per stage. */
    public BlockParams {
        int n = depths.length;
        if (widths.length != n || groupWidths.length != n || bottleneckMultipliers.length != n || strides.length != n) {
            throw new IllegalArgumentException("BlockParams: depths, widths, group_widths, bottleneck_multipliers and"
                    + " strides expected the same length, got " + n + ", " + widths.length + ", " + groupWidths.length
                    + ", " + bottleneckMultipliers.length + ", " + strides.length);
        }
        if (!(seRatio >= 0) || Double.isInfinite(seRatio)) {
            throw new IllegalArgumentException("BlockParams: se_ratio expected >= 0 (0 for none), got " + seRatio);
        }
    }

    /** Number of stages. */
    public int numStages() {
        return depths.length;
    }

    /**
     * torchvision's {@code BlockParams.from_init_params(depth, w_0, w_a, w_m, group_width,
     * bottleneck_multiplier, se_ratio)}: block widths w_0 + i·w_a quantised in log space with
     * step w_m to multiples of 8; consecutive blocks of one width form a stage; stage widths are
     * then adjusted so the bottleneck width is divisible by the group width.
     *
     * @throws IllegalArgumentException "Invalid RegNet settings" as torchvision, for w_a &lt; 0,
     *     w_0 ≤ 0, w_m ≤ 1 or w_0 not a multiple of 8; or depth, group width or multiplier ≤ 0
     */
    public static BlockParams fromInitParams(long depth, long w0, double wA, double wM, long groupWidth,
            double bottleneckMultiplier, double seRatio) {
        if (wA < 0 || w0 <= 0 || wM <= 1 || w0 % 8 != 0) {
            throw new IllegalArgumentException("BlockParams.from_init_params: Invalid RegNet settings (expected w_a >= 0,"
                    + " w_0 > 0 and a multiple of 8, w_m > 1), got w_0=" + w0 + ", w_a=" + wA + ", w_m=" + wM);
        }
        if (depth < 1 || groupWidth < 1 || !(bottleneckMultiplier > 0)) {
            throw new IllegalArgumentException("BlockParams.from_init_params: expected depth > 0, group_width > 0 and"
                    + " bottleneck_multiplier > 0, got " + depth + ", " + groupWidth + ", " + bottleneckMultiplier);
        }
        long[] blockWidths;
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            // float32 throughout, as torch.arange(depth) * w_a + w_0 promotes to the default dtype
            Tensor widthsCont = Torch.arange(depth).mul(wA).add((double) w0);
            Tensor capacity = widthsCont.div((double) w0).log().div(Math.log(wM)).round();
            Tensor pow = call("pow", () -> torch.pow(new Scalar(wM), handle(capacity)), capacity);
            blockWidths = pow.mul((double) w0).div((double) QUANT).round().mul((double) QUANT).to(DType.INT64)
                    .toLongArray();
        }
        int numStages = new LinkedHashSet<>(Arrays.stream(blockWidths).boxed().toList()).size();
        // a stage starts wherever the width changes (the sentinel 0 closes the last one)
        List<Long> stageWidths = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i <= blockWidths.length; i++) {
            long w = i < blockWidths.length ? blockWidths[i] : 0;
            long prev = i > 0 ? blockWidths[i - 1] : 0;
            if (w != prev) {
                starts.add(i);
                if (i < blockWidths.length) {
                    stageWidths.add(w);
                }
            }
        }
        // torchvision zips the per-stage lists, so the shortest one decides the number of stages
        int n = Math.min(numStages, Math.min(stageWidths.size(), starts.size() - 1));
        long[] depths = new long[n];
        long[] widths = new long[n];
        long[] groups = new long[n];
        double[] mults = new double[n];
        long[] strides = new long[n];
        for (int s = 0; s < n; s++) {
            depths[s] = starts.get(s + 1) - starts.get(s);
            // _adjust_widths_groups_compatibilty
            long wBot = (long) (stageWidths.get(s) * bottleneckMultiplier);
            long g = Math.min(groupWidth, wBot);
            wBot = Divisible.make(wBot, g);
            widths[s] = (long) (wBot / bottleneckMultiplier);
            groups[s] = g;
            mults[s] = bottleneckMultiplier;
            strides[s] = STRIDE;
        }
        return new BlockParams(depths, widths, groups, mults, strides, seRatio);
    }

    @Override
    public String toString() {
        return "BlockParams(depths=" + Arrays.toString(depths) + ", widths=" + Arrays.toString(widths)
                + ", group_widths=" + Arrays.toString(groupWidths) + ", bottleneck_multipliers="
                + Arrays.toString(bottleneckMultipliers) + ", strides=" + Arrays.toString(strides) + ", se_ratio="
                + seRatio + ")";
    }
}
