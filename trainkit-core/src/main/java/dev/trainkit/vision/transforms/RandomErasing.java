package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.spec.SpecTuple;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.List;

/**
 * Erases a random rectangle with probability p ({@code torchvision.transforms.RandomErasing},
 * Zhong et al.): area fraction drawn from {@code scale}, aspect ratio log-uniform in
 * {@code ratio}, 10 tries to fit, filled with {@code value} or, for {@code value='random'},
 * standard normal noise. Used after {@code Normalize} in torchvision's recipes.
 *
 * <pre>{@code
 * new RandomErasing(0.25);   // RandomErasing(p=0.25)  (torchvision train.py's --random-erase 0.25)
 * new RandomErasing(0.5, new double[] {0.02, 0.33}, new double[] {0.3, 3.3}, null);  // value='random'
 * }</pre>
 */
public final class RandomErasing implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomErasing").param("p", 0.5).param("scale", new SpecTuple(List.of(0.02, 0.33)))
                    .param("ratio", new SpecTuple(List.of(0.3, 3.3))).param("value", 0).param("inplace", false).build(),
            "erases a random rectangle with probability p",
            a -> new RandomErasing(a.getDouble("p"), TransformArgs.doubles(a, "scale"), TransformArgs.doubles(a, "ratio"),
                    "random".equals(a.get("value")) ? null : TransformArgs.doubles(a, "value")));

    private final double p;
    private final double[] scale;
    private final double[] ratio;
    private final double[] value;

    /** scale (0.02, 0.33), ratio (0.3, 3.3), value 0. */
    public RandomErasing(double p) {
        this(p, new double[] {0.02, 0.33}, new double[] {0.3, 3.3}, new double[] {0});
    }

    /**
     * @param value one value, one per channel, or null for {@code 'random'} (normal noise)
     * @throws IllegalArgumentException for p or scale outside [0, 1], or ranges without 2 values
     */
    public RandomErasing(double p, double[] scale, double[] ratio, double[] value) {
        this.p = RandomApplied.checkProbability("RandomErasing", p);
        if (scale == null || scale.length != 2 || ratio == null || ratio.length != 2) {
            throw new IllegalArgumentException("RandomErasing: scale and ratio should be (min, max) pairs, got scale "
                    + Arrays.toString(scale) + ", ratio " + Arrays.toString(ratio));
        }
        if (scale[0] < 0 || scale[1] > 1) {
            throw new IllegalArgumentException("RandomErasing: scale should be between 0 and 1, got "
                    + Arrays.toString(scale));
        }
        if (!(ratio[0] > 0 && ratio[1] > 0)) {
            throw new IllegalArgumentException("RandomErasing: ratio values should be positive, got "
                    + Arrays.toString(ratio));
        }
        if (value != null && value.length == 0) {
            throw new IllegalArgumentException("RandomErasing: value should be a number, a sequence or 'random', got []");
        }
        this.scale = scale.clone();
        this.ratio = ratio.clone();
        this.value = value == null ? null : value.clone();
    }

    /**
     * The erased size {@code [h, w]} for a {@code height × width} image, or null when 10 tries found
     * none that fits (the size part of {@code RandomErasing.get_params}).
     */
    public int[] getParams(int height, int width, RandomDraws draws) {
        double area = (double) height * width;
        double logR0 = Math.log(ratio[0]);
        double logR1 = Math.log(ratio[1]);
        for (int attempt = 0; attempt < 10; attempt++) {
            double eraseArea = area * draws.uniform(scale[0], scale[1]);
            double aspect = Math.exp(draws.uniform(logR0, logR1));
            int h = (int) Math.rint(Math.sqrt(eraseArea * aspect)); // Python round: half to even
            int w = (int) Math.rint(Math.sqrt(eraseArea / aspect));
            if (h < height && w < width) {
                return new int[] {h, w};
            }
        }
        return null;
    }

    /** Erases with the draws from {@code draws}: the probability, the size tries, the noise, the position. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        long[] chw = Functional.dims("RandomErasing", img);
        float[][] noise = new float[1][];
        int[] r = draw(chw, draws, noise);
        if (r == null) {
            return img;
        }
        Tensor v;
        if (value == null) {
            v = Torch.tensor(noise[0], chw[0], r[2], r[3]);
        } else {
            float[] f = new float[value.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) value[k];
            }
            v = Torch.tensor(f, f.length, 1, 1);
        }
        return Functional.erase(img, r[0], r[1], r[2], r[3],
                img.dtype().isFloatingPoint() ? v.to(img.dtype()) : v.to(DType.FLOAT32));
    }

    /**
     * The rectangle {@code [top, left, height, width]} this transform erases in a
     * {@code channels × height × width} image with the draws from {@code draws} (the same draws as
     * {@link #apply(Tensor, RandomDraws)}), or null when it erases nothing. A uint8 pipeline draws
     * it per item and fills it after the per-batch normalisation ({@code Uint8Collate}).
     *
     * @throws IllegalArgumentException for {@code value='random'}, whose noise only the float path makes
     */
    public int[] region(int channels, int height, int width, RandomDraws draws) {
        if (value == null) {
            throw new IllegalArgumentException("RandomErasing: value='random' needs the float pipeline (noise is drawn"
                    + " per pixel); give a constant value for the uint8 pipeline");
        }
        return draw(new long[] {channels, height, width}, draws, null);
    }

    /** The fill value (one, or one per channel), or null for {@code 'random'}. */
    public double[] value() {
        return value == null ? null : value.clone();
    }

    private int[] draw(long[] chw, RandomDraws draws, float[][] noiseOut) {
        if (!(draws.rand() < p)) {
            return null;
        }
        if (value != null && value.length != 1 && value.length != chw[0]) {
            throw new IllegalArgumentException("RandomErasing: if value is a sequence, it should have either a single"
                    + " value or " + chw[0] + " (number of input channels), got " + Arrays.toString(value));
        }
        int[] r = getParams((int) chw[1], (int) chw[2], draws);
        if (r == null) {
            return null;
        }
        int h = r[0];
        int w = r[1];
        if (value == null) {
            float[] noise = new float[(int) chw[0] * h * w];
            for (int k = 0; k < noise.length; k++) {
                noise[k] = (float) draws.normal(); // from the item's stream, so workers stay reproducible
            }
            noiseOut[0] = noise;
        }
        int i = (int) draws.randint(0, chw[1] - h + 1);
        int j = (int) draws.randint(0, chw[2] - w + 1);
        return new int[] {i, j, h, w};
    }

    @Override
    public String toString() {
        return "RandomErasing(p=" + p + ", scale=" + Arrays.toString(scale) + ", ratio=" + Arrays.toString(ratio)
                + ", value=" + (value == null ? "random" : Arrays.toString(value)) + ")";
    }
}
