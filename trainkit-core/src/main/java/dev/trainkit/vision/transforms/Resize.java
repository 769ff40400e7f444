package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Resizes the image ({@code torchvision.transforms.Resize}): one size scales the shorter side to
 * it, two sizes {@code [h, w]} are exact.
 *
 * <pre>{@code
 * new Resize(256);                                        // Resize(256)
 * new Resize(new int[] {224, 224}, InterpolationMode.BILINEAR, null, true);
 * new Resize(new int[] {256}, InterpolationMode.BICUBIC, null, true);  // Resize(256, BICUBIC, antialias=True)
 * }</pre>
 *
 * <p>Antialias defaults to true: torchvision 0.17+ and PIL filter when shrinking; torchvision
 * 0.14's tensor path did not ({@code antialias=None} meant False there). Pass false for 0.14's
 * tensor numbers.
 */
public final class Resize implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("Resize").required("size").param("interpolation", "bilinear").param("max_size", null)
                    .param("antialias", true).build(),
            "resizes (one size: the shorter side); antialias defaults to True as torchvision 0.17+",
            a -> new Resize(TransformArgs.ints(a, "size"), TransformArgs.interpolation(a, "interpolation"),
                    a.hasValue("max_size") ? a.getInt("max_size") : null, a.getBool("antialias")));

    private final int[] size;
    private final InterpolationMode mode;
    private final Integer maxSize;
    private final boolean antialias;
    private final boolean nativeUint8;

    /** Shorter side to {@code size}, bilinear, antialiased. */
    public Resize(int size) {
        this(new int[] {size}, InterpolationMode.BILINEAR, null, true);
    }

    /**
     * @param size    {@code [shorter side]} or {@code [h, w]}
     * @param maxSize cap on the longer side when {@code size} has one value, or null
     */
    public Resize(int[] size, InterpolationMode mode, Integer maxSize, boolean antialias) {
        this(size, mode, maxSize, antialias, false);
    }

    private Resize(int[] size, InterpolationMode mode, Integer maxSize, boolean antialias, boolean nativeUint8) {
        Functional.resizedSize(100, 100, size, maxSize); // validates the arguments now, not per image
        if (mode == null) {
            throw new IllegalArgumentException("Resize: interpolation must be NEAREST, BILINEAR or BICUBIC, got null");
        }
        if (antialias && mode == InterpolationMode.NEAREST) {
            throw new IllegalArgumentException("Resize: antialias is only supported with BILINEAR and BICUBIC, got "
                    + mode);
        }
        this.size = size.clone();
        this.mode = mode;
        this.maxSize = maxSize;
        this.antialias = antialias;
        this.nativeUint8 = nativeUint8;
    }

    /**
     * This resize with uint8 images interpolated by ATen's uint8 kernels instead of in float32
     * (torchvision v2's uint8 path; within one level of the float route, several times faster);
     * the per-item part of an {@link ImagePipeline} uses it.
     */
    public Resize nativeUint8() {
        return new Resize(size, mode, maxSize, antialias, true);
    }

    @Override
    public Tensor apply(Tensor img) {
        return Functional.resize(img, size, mode, maxSize, antialias, nativeUint8);
    }

    @Override
    public String toString() {
        return "Resize(size=" + Arrays.toString(size) + ", interpolation=" + mode + ", max_size=" + maxSize
                + ", antialias=" + antialias + (nativeUint8 ? ", native_uint8=True" : "") + ")";
    }
}
