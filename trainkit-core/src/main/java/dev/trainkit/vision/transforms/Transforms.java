package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registry;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;

/**
 * Transforms by torchvision's names from spec strings: {@code Compose([...])} and every
 * transform of this package with torchvision's keyword arguments and defaults. Enum arguments
 * are given by value: {@code interpolation='bilinear'}, {@code policy='cifar10'}.
 *
 * <pre>{@code
 * Transform t = Transforms.create(
 *         "Compose([RandomResizedCrop(224), RandomHorizontalFlip(), TrivialAugmentWide(), ToTensor(),"
 *         + " Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]), RandomErasing(p=0.25)])");
 * }</pre>
 *
 * <p>PyTorch equivalent: writing the {@code torchvision.transforms} pipeline in Python. Unknown
 * names and keywords are errors with the closest valid one.
 */
public final class Transforms {
    private static final Registry<TransformFactory> REGISTRY = new Registry<TransformFactory>("transform")
            .register(Compose.REGISTRATION)
            .register(Resize.REGISTRATION)
            .register(CenterCrop.REGISTRATION)
            .register(RandomResizedCrop.REGISTRATION)
            .register(RandomHorizontalFlip.REGISTRATION)
            .register(ToTensor.REGISTRATION)
            .register(Normalize.REGISTRATION)
            .register(Grayscale.REGISTRATION)
            .register(RandomGrayscale.REGISTRATION)
            .register(ColorJitter.REGISTRATION)
            .register(RandomInvert.REGISTRATION)
            .register(RandomPosterize.REGISTRATION)
            .register(RandomSolarize.REGISTRATION)
            .register(RandomEqualize.REGISTRATION)
            .register(RandomAutocontrast.REGISTRATION)
            .register(RandomAdjustSharpness.REGISTRATION)
            .register(RandomRotation.REGISTRATION)
            .register(RandomAffine.REGISTRATION)
            .register(GaussianBlur.REGISTRATION)
            .register(AutoAugment.REGISTRATION)
            .register(RandAugment.REGISTRATION)
            .register(TrivialAugmentWide.REGISTRATION)
            .register(AugMix.REGISTRATION)
            .register(RandomErasing.REGISTRATION);

    private Transforms() {
    }

    /**
     * The transform {@code spec} describes.
     *
     * @throws dev.trainkit.spec.SpecException for a malformed spec, an unknown name or keyword
     *     (with "did you mean"), or a missing argument
     * @throws IllegalArgumentException for values the transform refuses
     */
    public static Transform create(String spec) {
        return create(SpecParser.parse(spec));
    }

    /** The transform for a parsed call (nested calls of {@code Compose} come here). */
    public static Transform create(SpecCall call) {
        TransformFactory f = REGISTRY.get(call.name()).factory();
        return f.create(REGISTRY.bind(call));
    }

    /** The registry: names, signatures and descriptions, for listings. */
    public static Registry<TransformFactory> registry() {
        return REGISTRY;
    }
}
