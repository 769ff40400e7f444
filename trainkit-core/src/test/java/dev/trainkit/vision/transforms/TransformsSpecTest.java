package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.data.SampleRandom;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transform registry: torchvision's names, signatures and defaults; errors with suggestions. */
class TransformsSpecTest {

    @Test
    void signaturesAreTorchvisions() {
        JsonNode want = AugmentGoldenTest.G.get("signatures");
        List<String> names = new ArrayList<>();
        want.fieldNames().forEachRemaining(names::add);
        assertEquals(names, Transforms.registry().names(), "registered transforms");
        for (Registration<TransformFactory> r : Transforms.registry().registrations()) {
            String py = want.get(r.name()).asText();
            // antialias: torchvision 0.14's tensor default None meant False; TrainKit follows 0.17+ and PIL (True)
            py = py.replace("antialias=None", "antialias=True");
            assertEquals(py, r.signature().toString(), r.name());
            assertTrue(!r.description().isBlank(), r.name());
        }
    }

    @Test
    void composeFromASpecRunsTheRecipe() {
        Transform t = Transforms.create("Compose([RandomResizedCrop(224), RandAugment(num_ops=2, magnitude=9),"
                + " ToTensor(), Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]), RandomErasing(p=1.0)])");
        Tensor img = Torch.randint(0, 256, 3, 240, 260).to(DType.UINT8);
        Tensor out = SampleRandom.with(3, () -> t.apply(img));
        assertArrayEquals(new long[] {3, 224, 224}, out.shape());
        assertEquals(DType.FLOAT32, out.dtype());
        Tensor again = SampleRandom.with(3, () -> t.apply(img));
        assertTrue(out.equal(again), "same seed, same augmentation");
        assertTrue(t.toString().startsWith("Compose(RandomResizedCrop(size=[224, 224]"), t.toString());
    }

    @Test
    void defaultsAndEnumValuesReachTheTransforms() {
        assertEquals("RandAugment(num_ops=2, magnitude=9, num_magnitude_bins=31, interpolation=NEAREST, fill=None)",
                Transforms.create("RandAugment").toString());
        assertEquals("AutoAugment(policy=AutoAugmentPolicy.CIFAR10, fill=[128.0])",
                Transforms.create("AutoAugment(policy='cifar10', fill=128)").toString());
        assertEquals("AugMix(severity=3, mixture_width=3, chain_depth=-1, alpha=1.0, all_ops=True,"
                + " interpolation=BILINEAR, fill=None)", Transforms.create("AugMix()").toString());
        assertEquals("RandomRotation(degrees=[-15.0, 15.0], interpolation=BILINEAR, expand=False, fill=[0.0])",
                Transforms.create("RandomRotation(15, interpolation='bilinear')").toString());
        assertEquals("RandomErasing(p=0.25, scale=[0.02, 0.33], ratio=[0.3, 3.3], value=random)",
                Transforms.create("RandomErasing(p=0.25, value='random')").toString());
        assertEquals("ColorJitter(brightness=[0.6, 1.4], contrast=null, saturation=[0.5, 1.5], hue=[-0.1, 0.1])",
                Transforms.create("ColorJitter(brightness=0.4, saturation=(0.5, 1.5), hue=0.1)").toString());
        assertEquals("GaussianBlur(kernel_size=[3, 5], sigma=[0.1, 2.0])",
                Transforms.create("GaussianBlur((3, 5))").toString());
    }

    @Test
    void unknownNamesAndKeywordsSuggestTheClosest() {
        SpecException e = assertThrows(SpecException.class, () -> Transforms.create("RandAugmnet()"));
        assertTrue(e.getMessage().contains("unknown transform 'RandAugmnet'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'RandAugment'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Transforms.create("Compose([RandAugment(num_op=3)])"));
        assertTrue(e.getMessage().contains("unknown argument 'num_op'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'num_ops'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Transforms.create("RandomPosterize(p=0.3)"));
        assertTrue(e.getMessage().contains("missing required argument 'bits'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Transforms.create("AutoAugment(interpolation='cubic')"));
        assertTrue(e.getMessage().contains("'nearest', 'bilinear' or 'bicubic'"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transforms.create("AutoAugment(policy='cifar100')"));
        assertTrue(e.getMessage().contains("unknown policy 'cifar100'; valid: imagenet, cifar10, svhn"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.create("RandAugment(magnitude=31)"));
        assertTrue(e.getMessage().contains("magnitude must be in [0, num_magnitude_bins) = [0, 31), got 31"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.create("AugMix(severity=11)"));
        assertTrue(e.getMessage().contains("severity must be between [1, 10], got 11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.create("RandomInvert(p=1.5)"));
        assertTrue(e.getMessage().contains("p must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.create("GaussianBlur(4)"));
        assertTrue(e.getMessage().contains("odd and positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.create("RandomErasing(scale=(0.5, 1.5))"));
        assertTrue(e.getMessage().contains("scale should be between 0 and 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.create("RandomAffine(10, translate=(0.1, 2))"));
        assertTrue(e.getMessage().contains("translate should be 2 values between 0 and 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.create("RandomRotation(-5)"));
        assertTrue(e.getMessage().contains("must be positive, got -5.0"), e.getMessage());
    }

    @Test
    void policiesRefuseFloatImagesWithAHint() {
        Tensor f = Torch.rand(3, 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transforms.create("TrivialAugmentWide()").apply(f));
        assertTrue(e.getMessage().contains("expected a uint8 image") && e.getMessage().contains("before ToTensor"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ColorFunctional.posterize(f, 4));
        assertTrue(e.getMessage().contains("only uint8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ColorFunctional.solarize(f, 128));
        assertTrue(e.getMessage().contains("threshold should be at most the image's bound 1"), e.getMessage());
    }
}
