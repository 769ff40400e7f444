package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random augmentations: injected draws give the functional results; seeded draws have the right distributions. */
class RandomAugmentTest {
    private static final Tensor U8 = AugmentGoldenTest.U8;

    /** Draws from a JSON list such as {@code [{"kind": "uniform", "value": 12.5}]}. */
    static ScriptedDraws script(String json) {
        try {
            return new ScriptedDraws(new ObjectMapper().readTree(json.replace('\'', '"')));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void injectedDrawsGiveTheFunctionalResults() {
        ScriptedDraws d = script("[{'kind': 'uniform', 'value': 12.5}]");
        Tensor r = new RandomRotation(new double[] {30}, InterpolationMode.BILINEAR, false, null, null).apply(U8, d);
        assertTrue(r.equal(AffineFunctional.rotate(U8, 12.5, InterpolationMode.BILINEAR, false, null, new double[] {0})));
        assertTrue(d.exhausted());
        // angle, dx, dy (rounded half to even, as Python's round), scale, shear x
        d = script("[{'kind': 'uniform', 'value': -4}, {'kind': 'uniform', 'value': 2.5}, {'kind': 'uniform', 'value': -1.5},"
                + " {'kind': 'uniform', 'value': 1.1}, {'kind': 'uniform', 'value': 7}]");
        RandomAffine affine = new RandomAffine(new double[] {10}, new double[] {0.3, 0.3}, new double[] {0.9, 1.2},
                new double[] {8}, InterpolationMode.NEAREST, null, null);
        Tensor a = affine.apply(U8, d);
        assertTrue(a.equal(AffineFunctional.affine(U8, -4, new double[] {2, -2}, 1.1, new double[] {7, 0},
                InterpolationMode.NEAREST, new double[] {0}, null)));
        d = script("[{'kind': 'uniform', 'value': 0.7}]");
        assertTrue(new GaussianBlur(new int[] {3}, new double[] {0.1, 2}).apply(U8, d)
                .equal(FilterFunctional.gaussianBlur(U8, new int[] {3, 3}, new double[] {0.7, 0.7})));
        assertTrue(script("[{'kind': 'rand', 'value': 0.29}]").rand() < 0.3);
        assertTrue(new RandomInvert(0.3).apply(U8, script("[{'kind': 'rand', 'value': 0.29}]"))
                .equal(ColorFunctional.invert(U8)));
        assertTrue(new RandomInvert(0.3).apply(U8, script("[{'kind': 'rand', 'value': 0.3}]")).equal(U8));
    }

    @Test
    void randomErasingErasesTheDrawnRectangle() {
        // p, area fraction, log aspect ratio (0: square), top, left: area 0.2 of 8x10 = 16 -> 4x4 at (1, 5)
        ScriptedDraws d = script("[{'kind': 'rand', 'value': 0.1}, {'kind': 'uniform', 'value': 0.2},"
                + " {'kind': 'uniform', 'value': 0}, {'kind': 'randint', 'low': 0, 'high': 5, 'value': 1},"
                + " {'kind': 'randint', 'low': 0, 'high': 7, 'value': 5}]");
        Tensor out = new RandomErasing(0.5, new double[] {0.02, 0.33}, new double[] {0.3, 3.3}, new double[] {9})
                .apply(U8, d);
        assertTrue(d.exhausted());
        assertTrue(out.equal(Functional.erase(U8, 1, 5, 4, 4, Torch.full(new long[] {1, 1, 1}, 9))));
        // too large on every try: the image is returned unchanged after 10 tries
        StringBuilder big = new StringBuilder("[{'kind': 'rand', 'value': 0.1}");
        for (int i = 0; i < 10; i++) {
            big.append(", {'kind': 'uniform', 'value': 0.99}, {'kind': 'uniform', 'value': 0}");
        }
        d = script(big.append("]").toString());
        assertTrue(new RandomErasing(1.0, new double[] {0.5, 1}, new double[] {1, 1}, new double[] {0}).apply(U8, d)
                .equal(U8));
        assertTrue(d.exhausted());
        // value='random': normal noise over the region, from the draws
        Tensor f = U8.to(DType.FLOAT32);
        Tensor n = new RandomErasing(1.0, new double[] {0.2, 0.2}, new double[] {1, 1}, null)
                .apply(f, RandomDraws.of(new SplittableRandom(1)));
        assertFalse(n.equal(f));
        assertTrue(n.lt(0).any(), "noise has negative values");
    }

    @Test
    void randAugmentPicksOpsUniformly() {
        AugmentationSpace space = RandAugment.space(31, 224, 224);
        RandomDraws draws = RandomDraws.of(new SplittableRandom(42));
        int n = 14_000;
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        int negative = 0;
        int signed = 0;
        for (int i = 0; i < n; i++) {
            AugmentationSpace.Choice c = space.draw(draws, 9, 0);
            counts.merge(c.op(), 1, Integer::sum);
            if (c.op().equals("Rotate")) {
                signed++;
                negative += c.magnitude() < 0 ? 1 : 0;
                assertEquals(9.0, Math.abs(c.magnitude()), 1e-6, "bin 9 of linspace(0, 30, 31)");
            }
        }
        assertEquals(14, counts.size(), counts.toString());
        double chi2 = 0;
        for (int c : counts.values()) {
            chi2 += Math.pow(c - n / 14.0, 2) / (n / 14.0);
        }
        assertTrue(chi2 < 34.5, "chi-square over 14 ops (df 13, p = 0.001): " + chi2 + " " + counts);
        assertEquals(0.5, (double) negative / signed, 4 * Math.sqrt(0.25 / signed), "sign of signed ops");
    }

    @Test
    void trivialAugmentDrawsBinsUniformlyAndPolicyTablesAreTorchvisions() {
        AugmentationSpace space = TrivialAugmentWide.space(31);
        assertArrayEquals(new float[] {8, 8, 8, 7, 7, 7, 7, 7, 6}, java.util.Arrays.copyOf(
                space.magnitudes(space.indexOf("Posterize")), 9), "8 - round(i / 5)");
        RandomDraws draws = RandomDraws.of(new SplittableRandom(7));
        int[] bins = new int[31];
        int n = 0;
        for (int i = 0; i < 20_000; i++) {
            AugmentationSpace.Choice c = space.draw(draws, -1, 31);
            if (c.op().equals("TranslateX")) {
                bins[(int) Math.round(Math.abs(c.magnitude()) / (32.0 / 30))]++;
                n++;
            }
        }
        double chi2 = 0;
        for (int b : bins) {
            chi2 += Math.pow(b - n / 31.0, 2) / (n / 31.0);
        }
        assertTrue(chi2 < 59.7, "chi-square over 31 bins (df 30, p = 0.001): " + chi2);
        assertEquals(25, AutoAugmentPolicy.SVHN.size());
        assertEquals("ShearX", AutoAugmentPolicy.SVHN.subPolicy(0)[0].op());
        assertEquals(0.9, AutoAugmentPolicy.SVHN.subPolicy(0)[0].p());
    }

    @Test
    void probabilityTransformsApplyAtTheirRate() {
        Tensor tiny = Torch.tensor(new float[] {0, 100, 200, 50}, 1, 2, 2).to(DType.UINT8);
        RandomDraws draws = RandomDraws.of(new SplittableRandom(3));
        RandomSolarize t = new RandomSolarize(128, 0.3);
        int applied = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            applied += t.apply(tiny, draws).equal(tiny) ? 0 : 1;
        }
        assertEquals(0.3, (double) applied / n, 4 * Math.sqrt(0.21 / n));
    }

    @Test
    void dirichletSamplesHaveTheBetaMoments() {
        for (double alpha : new double[] {0.2, 1.0, 2.0}) {
            RandomDraws draws = RandomDraws.of(new SplittableRandom(11));
            int n = 20_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double[] d = draws.dirichlet(new double[] {alpha, alpha});
                assertEquals(1.0, d[0] + d[1], 1e-12);
                sum += d[0];
                sq += d[0] * d[0];
            }
            double mean = sum / n;
            double var = sq / n - mean * mean;
            double wantVar = 1.0 / (4 * (2 * alpha + 1)); // Beta(a, a)
            assertEquals(0.5, mean, 4 * Math.sqrt(wantVar / n), "mean, alpha " + alpha);
            assertEquals(wantVar, var, 0.05 * wantVar, "variance, alpha " + alpha);
        }
    }

    @Test
    void oneInstanceFollowsTheImageSize() {
        // TranslateX at the top bin is 150/331 of the width: one RandAugment sees two sizes in turn
        RandAugment t = new RandAugment(1, 30, 31, InterpolationMode.NEAREST, null);
        for (Tensor img : new Tensor[] {U8, Functional.resize(U8, new int[] {16, 22}, InterpolationMode.NEAREST, null,
                false), U8}) {
            ScriptedDraws d = script("[{'kind': 'randint', 'low': 0, 'high': 14, 'value': 3},"
                    + " {'kind': 'randint', 'low': 0, 'high': 2, 'value': 0}]");
            double shift = (float) (150.0 / 331.0 * img.size(2));
            assertTrue(t.apply(img, d).equal(AutoAugmentOps.apply(img, "TranslateX", shift, InterpolationMode.NEAREST,
                    null)), "width " + img.size(2));
        }
    }
}
