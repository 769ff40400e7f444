package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Converts to grayscale with 1 or 3 output channels ({@code torchvision.transforms.Grayscale});
 * 3 channels feed grey images (Fashion-MNIST) to ImageNet models: a 1-channel image is
 * replicated to 3, as torchvision does for the PIL images its MNIST datasets yield.
 *
 * <pre>{@code
 * new Grayscale(3);                 // Grayscale(num_output_channels=3)
 * }</pre>
 */
public final class Grayscale implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("Grayscale").param("num_output_channels", 1).build(),
            "converts to grayscale",
            a -> new Grayscale(a.getInt("num_output_channels")));

    private final int numOutputChannels;

    /** @throws IllegalArgumentException unless the count is 1 or 3 */
    public Grayscale(int numOutputChannels) {
        if (numOutputChannels != 1 && numOutputChannels != 3) {
            throw new IllegalArgumentException("Grayscale: num_output_channels should be either 1 or 3, got "
                    + numOutputChannels);
        }
        this.numOutputChannels = numOutputChannels;
    }

    @Override
    public Tensor apply(Tensor img) {
        return ColorFunctional.rgbToGrayscale(img, numOutputChannels);
    }

    @Override
    public String toString() {
        return "Grayscale(num_output_channels=" + numOutputChannels + ")";
    }
}
