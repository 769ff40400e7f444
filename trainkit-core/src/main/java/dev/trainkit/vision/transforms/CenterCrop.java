package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Crops the centre, zero-padding images smaller than the crop
 * ({@code torchvision.transforms.CenterCrop}).
 *
 * <pre>{@code
 * new CenterCrop(224);              // CenterCrop(224)
 * new CenterCrop(200, 300);         // CenterCrop((200, 300))
 * }</pre>
 */
public final class CenterCrop implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("CenterCrop").required("size").build(),
            "crops the centre",
            a -> {
                int[] s = TransformArgs.ints(a, "size");

                return s.length == 1 ? new CenterCrop(s[0]) : new CenterCrop(s[0], s[1]);
            });
    private final int height;
    private final int width;

    /** A square crop. */
    public CenterCrop(int size) {
        this(size, size);
    }

    /** @throws IllegalArgumentException if a size is below 1 */
    public CenterCrop(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("CenterCrop: size must be >= 1, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    @Override
    public Tensor apply(Tensor img) {
        return Functional.centerCrop(img, height, width);
    }

    @Override
    public String toString() {
        return "CenterCrop(size=(" + height + ", " + width + "))";
    }
}
