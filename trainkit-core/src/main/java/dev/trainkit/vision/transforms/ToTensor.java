package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Converts a uint8 image to float32 in [0, 1] ({@code torchvision.transforms.ToTensor}).
 * TrainKit decodes images straight to CHW uint8 tensors (as {@code torchvision.io.read_image}),
 * so this is the division by 255; {@link Functional#toTensor(byte[], int, int, int)} also takes
 * HWC bytes as torchvision's ToTensor takes a numpy array. Float input is passed through.
 *
 * <pre>{@code
 * Tensor x = new ToTensor().apply(img);      // transforms.ToTensor()(img)
 * }</pre>
 */
public final class ToTensor implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("ToTensor").build(),
            "uint8 to float32 in [0, 1]",
            a -> new ToTensor());

    @Override
    public Tensor apply(Tensor img) {
        return Functional.toFloat(img);
    }

    @Override
    public String toString() {
        return "ToTensor()";
    }
}
