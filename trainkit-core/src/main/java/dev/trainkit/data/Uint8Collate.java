package dev.trainkit.data;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The per-batch float part of a uint8 image pipeline: stacks {@link Uint8Sample}s and converts
 * them to float32 {@code [B, C, H, W]} in one pass, {@code x / 255} then {@code (x - mean[c]) /
 * std[c]} when a mean is given, then fills each sample's erased rectangle with the erasing value.
 * That is torchvision v2's {@code ToDtype(torch.float32, scale=True)} and {@code Normalize} applied
 * once to a collated uint8 batch, as DALI-style loaders do, instead of ToTensor and Normalize per
 * image.
 *
 * <pre>{@code
 * DataLoader<Uint8Sample, Batch> loader = DataLoader.builder(folder.uint8(perItem, null),
 *         new Uint8Collate(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, null))
 *         .batchSize(32).shuffle(true).numWorkers(2).build();
 * }</pre>
 *
 * <p>The conversion is a table of the 256 float32 results per channel, each computed with the
 * float32 operations of {@code ToTensor} and {@code Normalize}, so the values are bit for bit
 * those of the per-image float path. Batches are built on the loader's worker threads.
 */
public final class Uint8Collate implements Function<List<Uint8Sample>, Batch> {
    private final double[] mean;
    private final double[] std;
    private final double[] eraseValue;

    /**
     * @param mean       per-channel mean (one value or one per channel), or null for {@code x / 255} only
     * @param std        per-channel std, given exactly with {@code mean}
     * @param eraseValue the value erased rectangles get after normalisation (one, or one per channel),
     *                   or null for RandomErasing's default 0
     * @throws IllegalArgumentException if mean and std are not given together, differ in length or a std is 0
     */
    public Uint8Collate(double[] mean, double[] std, double[] eraseValue) {
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("Uint8Collate: give mean and std together (or neither), got mean "
                    + Arrays.toString(mean) + ", std " + Arrays.toString(std));
        }
        if (mean != null) {
            if (mean.length == 0 || mean.length != std.length) {
                throw new IllegalArgumentException("Uint8Collate: mean and std need the same non-zero length, got mean "
                        + Arrays.toString(mean) + ", std " + Arrays.toString(std));
            }
            for (double s : std) {
                if ((float) s == 0f) {
                    throw new IllegalArgumentException("Uint8Collate: std evaluated to zero, leading to division by"
                            + " zero: " + Arrays.toString(std));
                }
            }
        }
        if (eraseValue != null && eraseValue.length == 0) {
            throw new IllegalArgumentException("Uint8Collate: eraseValue needs at least one value, got []");
        }
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
        this.eraseValue = eraseValue == null ? new double[] {0} : eraseValue.clone();
    }

    /** The float32 value of level {@code v} (0..255) in channel {@code c}: ToTensor then Normalize. */
    float level(int c, int v) {
        float x = v / 255f; // ToTensor: img.to(float32).div(255)
        if (mean == null) {
            return x;
        }
        int k = mean.length == 1 ? 0 : c;
        return (x - (float) mean[k]) / (float) std[k]; // Normalize: (x - mean) / std in float32
    }

    /**
     * Stacks and converts the samples.
     *
     * @throws IllegalArgumentException if the list is empty, the samples' sizes differ, or the
     *                                  mean has neither 1 nor C values
     */
    @Override
    public Batch apply(List<Uint8Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("collate: expected at least one sample");
        }
        Uint8Sample first = samples.get(0);
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        if (mean != null && mean.length != 1 && mean.length != c) {
            throw new IllegalArgumentException("Uint8Collate: mean and std need one value per channel (" + c
                    + "), got mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std));
        }
        if (eraseValue.length != 1 && eraseValue.length != c) {
            throw new IllegalArgumentException("Uint8Collate: the erase value needs 1 or " + c + " values, got "
                    + Arrays.toString(eraseValue));
        }
        float[][] lut = new float[c][256];
        for (int ch = 0; ch < c; ch++) {
            for (int v = 0; v < 256; v++) {
                lut[ch][v] = level(ch, v);
            }
        }
        int plane = h * w;
        int per = c * plane;
        float[] out = new float[Math.multiplyExact(per, samples.size())];
        long[] labels = new long[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Uint8Sample s = samples.get(i);
            if (s.channels() != c || s.height() != h || s.width() != w) {
                throw new IllegalArgumentException("collate: stack expects each sample to have the same shape, but"
                        + " sample 0 has " + Arrays.toString(first.shape()) + " and sample " + i + " has "
                        + Arrays.toString(s.shape()) + " (resize or crop the inputs to one size)");
            }
            byte[] px = s.pixels();
            int base = i * per;
            for (int ch = 0; ch < c; ch++) {
                float[] table = lut[ch];
                int o = base + ch * plane;
                for (int p = 0, q = ch; p < plane; p++, q += c) {
                    out[o + p] = table[px[q] & 0xff];
                }
            }
            int[] e = s.erased();
            if (e != null) {
                for (int ch = 0; ch < c; ch++) {
                    float v = (float) eraseValue[eraseValue.length == 1 ? 0 : ch];
                    for (int y = e[0]; y < e[0] + e[2]; y++) {
                        int row = base + ch * plane + y * w;
                        Arrays.fill(out, row + e[1], row + e[1] + e[3], v);
                    }
                }
            }
            labels[i] = s.label();
        }
        return new Batch(out, new long[] {samples.size(), c, h, w}, labels);
    }

    @Override
    public String toString() {
        return "Uint8Collate(ToDtype(float32, scale=True)" + (mean == null ? "" : ", Normalize(mean="
                + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")") + ", erase_value="
                + Arrays.toString(eraseValue) + ")";
    }
}
