package dev.trainkit.vision.models;

/**
 * The residual block a {@link ResNet} stacks, with its channel expansion, as torchvision's
 * {@code BasicBlock} (expansion 1) and {@code Bottleneck} (expansion 4).
 *
 * <pre>{@code
 * new ResNet(ResNetBlock.BOTTLENECK, new int[] {3, 4, 6, 3}, 1000);   // resnet50
 * }</pre>
 */
public enum ResNetBlock {
    /** Two 3×3 convolutions ({@link BasicBlock}). */
    BASIC(1),
    /** 1×1, 3×3, 1×1 convolutions ({@link Bottleneck}). */
    BOTTLENECK(4);

    private final int expansion;

    ResNetBlock(int expansion) {
        this.expansion = expansion;
    }

    /** Output channels per {@code planes}. */
    public int expansion() {
        return expansion;
    }
}
