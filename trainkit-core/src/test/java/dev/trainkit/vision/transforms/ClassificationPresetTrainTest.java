package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.SampleRandom;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** torchvision's reference training preset built from the script's flags. */
class ClassificationPresetTrainTest {

    @Test
    void autoAugmentFlagsPickTheReferencesTransforms() {
        InterpolationMode bl = InterpolationMode.BILINEAR;
        assertEquals("RandAugment(num_ops=2, magnitude=15, num_magnitude_bins=31, interpolation=BILINEAR, fill=None)",
                ClassificationPresetTrain.autoAugment("ra", bl, 15, 3).toString());
        assertEquals("TrivialAugmentWide(num_magnitude_bins=31, interpolation=BILINEAR, fill=None)",
                ClassificationPresetTrain.autoAugment("ta_wide", bl, 9, 3).toString());
        assertTrue(ClassificationPresetTrain.autoAugment("augmix", bl, 9, 5).toString().startsWith("AugMix(severity=5,"));
        assertEquals("AutoAugment(policy=AutoAugmentPolicy.SVHN, fill=None)",
                ClassificationPresetTrain.autoAugment("svhn", bl, 9, 3).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationPresetTrain.autoAugment("randaugment", bl, 9, 3));
        assertTrue(e.getMessage().contains("unknown policy 'randaugment'; valid: ra, ta_wide, augmix"), e.getMessage());
    }

    @Test
    void presetRunsTheReferencePipeline() {
        ClassificationPresetTrain p = new ClassificationPresetTrain(24, ClassificationPresetTrain.IMAGENET_MEAN,
                ClassificationPresetTrain.IMAGENET_STD, InterpolationMode.BILINEAR, 0.5, "ta_wide", 9, 3, 0.1);
        List<Class<?>> steps = p.pipeline().transforms().stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(RandomResizedCrop.class, RandomHorizontalFlip.class, TrivialAugmentWide.class,
                ToTensor.class, Normalize.class, RandomErasing.class), steps);
        Tensor img = Torch.randint(0, 256, 3, 40, 50).to(DType.UINT8);
        Tensor out = SampleRandom.with(1, () -> p.apply(img));
        assertArrayEquals(new long[] {3, 24, 24}, out.shape());
        assertEquals(DType.FLOAT32, out.dtype());
        assertEquals(List.of(RandomResizedCrop.class, RandomHorizontalFlip.class, ToTensor.class, Normalize.class),
                new ClassificationPresetTrain(24).pipeline().transforms().stream().<Class<?>>map(Object::getClass)
                        .toList());
    }
}
