package dev.trainkit.vision.models;

/**
 * A RegNet stage, as torchvision's {@code regnet.AnyStage}: {@code depth} {@link ResBottleneckBlock}s
 * named {@code block<stage_index>-<i>}; the first takes the stage's input width and stride, the
 * others keep the output width at stride 1.
 *
 * <pre>{@code
 * AnyStage s = new AnyStage(32, 48, 2, 1, 8, 1.0, 0.25, 1);   // keys trunk_output.block1.block1-0.*
 * }</pre>
 */
public class AnyStage extends OrderedModules {

    /**
     * {@code AnyStage(width_in, width_out, stride, depth, ResBottleneckBlock, ..., group_width,
     * bottleneck_multiplier, se_ratio, stage_index)}.
     */
    public AnyStage(long widthIn, long widthOut, long stride, long depth, long groupWidth, double bottleneckMultiplier,
            double seRatio, int stageIndex) {
        if (depth < 1) {
            throw new IllegalArgumentException("AnyStage: depth must be > 0, got " + depth);
        }
        for (long i = 0; i < depth; i++) {
            add("block" + stageIndex + "-" + i, new ResBottleneckBlock(i == 0 ? widthIn : widthOut, widthOut,
                    i == 0 ? stride : 1, groupWidth, bottleneckMultiplier, seRatio));
        }
    }
}
