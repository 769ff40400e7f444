package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies transforms in order ({@code torchvision.transforms.Compose}).
 *
 * <pre>{@code
 * Transform train = new Compose(List.of(new RandomResizedCrop(224), new RandomHorizontalFlip(),
 *         new ToTensor(), new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225})));
 * }</pre>
 */
public final class Compose implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("Compose").required("transforms").build(),
            "applies transforms in order",
            a -> new Compose(a.required("transforms").getCallList("transforms").stream().map(Transforms::create).toList()));

    private final List<Transform> transforms;

    /** @throws IllegalArgumentException if a transform is null */
    public Compose(List<? extends Transform> transforms) {
        for (int i = 0; i < transforms.size(); i++) {
            if (transforms.get(i) == null) {
                throw new IllegalArgumentException("Compose: transforms[" + i + "] is null");
            }
        }
        this.transforms = List.copyOf(transforms);
    }

    /** The same as {@code new Compose(List.of(transforms))}. */
    public static Compose of(Transform... transforms) {
        return new Compose(List.of(transforms));
    }

    /** The transforms, in order. */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public Tensor apply(Tensor img) {
        for (int i = 0; i < transforms.size(); i++) {
            try {
                img = transforms.get(i).apply(img);
            } catch (IllegalArgumentException e) {
                // say which step failed: the message alone may not show where in a long pipeline
                throw new IllegalArgumentException("Compose: transforms[" + i + "] " + transforms.get(i) + ": "
                        + e.getMessage(), e);
            }
        }
        return img;
    }

    @Override
    public String toString() {
        return transforms.stream().map(Object::toString).collect(Collectors.joining(", ", "Compose(", ")"));
    }
}
