package dev.trainkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.transforms.Normalize;
import dev.trainkit.vision.transforms.ToTensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Uint8CollateTest {
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    private static Uint8Sample sample(long seed, int h, int w, long label, int[] erased) {
        byte[] px = new byte[h * w * 3];
        new Random(seed).nextBytes(px);
        return new Uint8Sample(px, 3, h, w, label, erased);
    }

    /** The float path on the same pixels: planar uint8, ToTensor, Normalize. */
    private static float[] floatPath(Uint8Sample s) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor hwc = Torch.fromBytes(s.pixels(), DType.UINT8, s.height(), s.width(), s.channels());
            Tensor chw = hwc.permute(2, 0, 1).contiguous();
            return new Normalize(MEAN, STD).apply(new ToTensor().apply(chw)).toFloatArray();
        }
    }

    @Test
    void batchConversionIsBitForBitTheFloatPath() {
        Uint8Sample a = sample(1, 5, 7, 3, null);
        Uint8Sample b = sample(2, 5, 7, 1, null);
        Batch batch = new Uint8Collate(MEAN, STD, null).apply(List.of(a, b));
        assertArrayEquals(new long[] {2, 3, 5, 7}, batch.inputShape());
        assertArrayEquals(new long[] {3, 1}, batch.labelArray());
        float[] got = batch.inputArray();
        float[] fa = floatPath(a);
        float[] fb = floatPath(b);
        float[] want = new float[fa.length + fb.length];
        System.arraycopy(fa, 0, want, 0, fa.length);
        System.arraycopy(fb, 0, want, fa.length, fb.length);
        assertArrayEquals(want, got, 0f);
    }

    @Test
    void withoutMeanItIsToTensorOnly() {
        Uint8Sample a = new Uint8Sample(new byte[] {0, (byte) 255, 51}, 3, 1, 1, 0, null);
        float[] got = new Uint8Collate(null, null, null).apply(List.of(a)).inputArray();
        assertArrayEquals(new float[] {0f, 1f, 51 / 255f}, got, 0f);
    }

    @Test
    void erasedRectangleIsFilledAfterNormalisation() {
        Uint8Sample a = sample(3, 6, 8, 0, new int[] {1, 2, 3, 4});
        float[] got = new Uint8Collate(MEAN, STD, new double[] {0.5}).apply(List.of(a)).inputArray();
        float[] plain = floatPath(a);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 8; x++) {
                    int i = (c * 6 + y) * 8 + x;
                    boolean in = y >= 1 && y < 4 && x >= 2 && x < 6;
                    assertEquals(in ? 0.5f : plain[i], got[i], 0f, "c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @Test
    void badInputsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Uint8Collate(MEAN, null, null));
        assertTrue(e.getMessage().contains("mean and std together"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Uint8Collate(null, null, null).apply(List.of(sample(1, 2, 2, 0, null), sample(2, 3, 2, 0, null))));
        assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Uint8Sample(new byte[5], 3, 1, 2, 0, null));
        assertTrue(e.getMessage().contains("needs 6 bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sample(1, 4, 4, 0, new int[] {2, 0, 3, 1}));
        assertTrue(e.getMessage().contains("erased"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Uint8Collate(new double[] {0, 0}, new double[] {1, 1}, null).apply(List.of(sample(1, 2, 2, 0, null))));
        assertTrue(e.getMessage().contains("one value per channel"), e.getMessage());
    }

    @Test
    void pinMemoryIsANoOpWithoutCuda() {
        // this test machine has no CUDA: the loader logs one line and makes ordinary tensors
        Dataset<Uint8Sample> ds = new Dataset<>() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public Uint8Sample get(int index) {
                return sample(index, 2, 2, index, null);
            }
        };
        try (DataLoader<Uint8Sample, Batch> loader = DataLoader.builder(ds, new Uint8Collate(null, null, null))
                .batchSize(2).pinMemory(true).build()) {
            org.junit.jupiter.api.Assumptions.assumeFalse(org.bytedeco.pytorch.global.torch.cuda_is_available());
            assertFalse(loader.pinMemory());
            for (Batch b : loader) {
                assertFalse(b.isPinned());
                try (TensorScope scope = TensorScope.open()) {
                    assertEquals(2, b.inputs().size(0));
                }
            }
        }
    }
}
