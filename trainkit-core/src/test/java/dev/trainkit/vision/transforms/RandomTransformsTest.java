package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.SampleRandom;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomTransformsTest {
    private static final Tensor IMG = Torch.rand(3, 20, 30);

    @Test
    void seededAndReproducible() {
        Transform t = Compose.of(new RandomResizedCrop(8), new RandomHorizontalFlip(), new ColorJitter(0.4, 0.4, 0.4, 0.1));
        Tensor a = SampleRandom.with(11, () -> t.apply(IMG));
        Tensor b = SampleRandom.with(11, () -> t.apply(IMG));
        Tensor c = SampleRandom.with(12, () -> t.apply(IMG));
        assertArrayEquals(new long[] {3, 8, 8}, a.shape());
        assertTrue(a.equal(b), "same seed, same augmentation");
        assertFalse(a.equal(c), "another seed, another augmentation");
        SampleRandom.manualSeed(3);
        Tensor d = t.apply(IMG);
        SampleRandom.manualSeed(3);
        assertTrue(d.equal(t.apply(IMG)));
    }

    @Test
    void randomResizedCropParamsStayInsideAndInRange() {
        SplittableRandom rng = new SplittableRandom(0);
        double[] scale = {0.08, 1.0};
        double[] ratio = {3.0 / 4, 4.0 / 3};
        for (int k = 0; k < 2000; k++) {
            int[] p = RandomResizedCrop.getParams(20, 30, scale, ratio, rng);
            assertTrue(p[0] >= 0 && p[1] >= 0 && p[2] >= 1 && p[3] >= 1 && p[0] + p[2] <= 20 && p[1] + p[3] <= 30,
                    java.util.Arrays.toString(p));
        }
        // impossible ratio: torchvision's central fallback, w = width, h = round(w / min ratio)
        assertArrayEquals(new int[] {5, 0, 10, 30}, RandomResizedCrop.getParams(20, 30, new double[] {1, 1},
                new double[] {3, 3}, rng));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(new int[] {8},
                new double[] {1, 0.5}, ratio, InterpolationMode.BILINEAR, true));
    }

    @Test
    void flipProbabilityAndJitterFactors() {
        assertTrue(new RandomHorizontalFlip(1).apply(IMG).equal(Functional.hflip(IMG)));
        assertTrue(new RandomHorizontalFlip(0).apply(IMG).equal(IMG));
        assertTrue(new ColorJitter(0, 0, 0, 0).apply(IMG).equal(IMG));
        // a degenerate range fixes the factor: the same as the functional brightness (checked against torchvision)
        Tensor j = new ColorJitter(new double[] {1.3, 1.3}, null, null, null).apply(IMG);
        assertTrue(j.equal(ColorFunctional.adjustBrightness(IMG, 1.3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ColorJitter(new double[] {0, 0.7}, null, null, new double[] {-0.6, 0.1}));
        assertTrue(e.getMessage().contains("hue values should be between (-0.5, 0.5)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(-1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5));
        assertEquals("RandomHorizontalFlip(p=0.5)", new RandomHorizontalFlip().toString());
    }

    @Test
    void badImagesGiveClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalize.imagenet().apply(Torch.zeros(dev.trainkit.tensor.DType.UINT8, 3, 4, 4)));
        assertTrue(e.getMessage().contains("float tensor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Normalize.imagenet().apply(Torch.zeros(2, 4, 4)));
        assertTrue(e.getMessage().contains("one value per channel (2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CenterCrop(2).apply(Torch.zeros(4, 4)));
        assertTrue(e.getMessage().contains("[..., C, H, W]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Grayscale(3).apply(Torch.zeros(2, 4, 4)));
        assertTrue(e.getMessage().contains("[1, 3] channels, got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Compose.of(new ToTensor(), new Grayscale(1))
                .apply(Torch.zeros(4, 4, 4)));
        assertTrue(e.getMessage().startsWith("Compose: transforms[1] Grayscale"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resize(new int[] {4}, InterpolationMode.BILINEAR, 3, true));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0.5}, new double[] {0}));
    }
}
