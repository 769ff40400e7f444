package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;
import java.util.Objects;

/**
 * An image transform on a tensor {@code [..., C, H, W]} (uint8 as decoded, or float), like a
 * torchvision transform's {@code forward}. Random transforms draw from
 * {@link dev.trainkit.data.SampleRandom}, which a DataLoader seeds per item.
 *
 * <pre>{@code
 * Transform t = new Resize(256).andThen(new CenterCrop(224)).andThen(new ToTensor());
 * Tensor x = t.apply(img);                    // t(img)
 * }</pre>
 */
@FunctionalInterface
public interface Transform {

    /** Transforms {@code img}; the input is not modified. */
    Tensor apply(Tensor img);

    /** This transform followed by {@code next}. */
    default Transform andThen(Transform next) {
        Objects.requireNonNull(next, "andThen: next");
        return img -> next.apply(apply(img));
    }
}
