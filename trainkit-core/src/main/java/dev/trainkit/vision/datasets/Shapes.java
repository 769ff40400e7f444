package dev.trainkit.vision.datasets;

import dev.trainkit.data.Dataset;
import dev.trainkit.data.SegmentationSample;
import java.util.SplittableRandom;

/**
 * A procedural segmentation dataset that needs no download: RGB images of random circles,
 * squares and triangles (random positions, sizes, solid colours) on a noisy background, with
 * their masks. PyTorch has no such dataset; it plays the role of a toy
 * {@code VOCSegmentation}, so the segmentation losses and models can be trained for real.
 *
 * <pre>{@code
 * Shapes train = Shapes.builder().length(2000).seed(1).binary(true).build();
 * SegmentationSample s = train.get(7);    // image float32 [3, 64, 64] in [0, 1], mask [64, 64]
 * }</pre>
 *
 * <p>Masks: in multiclass mode 0 = background, 1 = circle, 2 = square, 3 = triangle
 * ({@link #CLASSES}); in binary mode 1 = any shape, 0 = background. Shapes drawn later cover
 * earlier ones, in the image and in the mask alike. Each image has 1 to {@code maxShapes}
 * shapes, each of a colour at least {@code 0.3} (Euclidean RGB distance) away from the
 * background colour, so every shape is visible.
 *
 * <p>Item {@code i} is drawn from a random generator seeded by {@code (seed, i)} only, so any
 * thread or DataLoader worker computes the same item, and two datasets with different seeds are
 * disjoint held-out splits for all practical purposes. {@link #get} is thread-safe.
 */
public final class Shapes implements Dataset<SegmentationSample> {
    /** Class names by mask value in multiclass mode. */
    public static final java.util.List<String> CLASSES = java.util.List.of("background", "circle", "square", "triangle");

    private static final double MIN_CONTRAST = 0.3;

    private final int length;
    private final int size;
    private final long seed;
    private final boolean binary;
    private final int maxShapes;
    private final double noise;

    Shapes(ShapesBuilder b) {
        this.length = b.length;
        this.size = b.size;
        this.seed = b.seed;
        this.binary = b.binary;
        this.maxShapes = b.maxShapes;
        this.noise = b.noise;
    }

    /** A builder with the defaults: 1000 images of 64×64, seed 0, multiclass, up to 3 shapes, noise 0.1. */
    public static ShapesBuilder builder() {
        return new ShapesBuilder();
    }

    /** The number of classes of the masks: 2 in binary mode, else 4. */
    public int numClasses() {
        return binary ? 2 : CLASSES.size();
    }

    /** Whether masks are binary (shape vs background). */
    public boolean binary() {
        return binary;
    }

    /** The image side in pixels. */
    public int imageSize() {
        return size;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    @Override
    public int size() {
        return length;
    }

    @Override
    public SegmentationSample get(int index) {
        Dataset.checkIndex("Shapes", index, length);
        SplittableRandom rnd = new SplittableRandom(dev.trainkit.data.SampleRandom.mix(seed, index));
        int plane = size * size;
        float[] img = new float[3 * plane];
        long[] mask = new long[plane];
        double[] bg = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                double v = bg[c] + noise * (2 * rnd.nextDouble() - 1);
                img[c * plane + i] = (float) Math.min(1, Math.max(0, v));
            }
        }
        int n = 1 + rnd.nextInt(maxShapes);
        for (int k = 0; k < n; k++) {
            int kind = 1 + rnd.nextInt(3);
            double[] colour = contrastingColour(rnd, bg);
            double r = size * (0.1 + 0.15 * rnd.nextDouble()); // half the extent: 10%..25% of the side
            double cx = r + rnd.nextDouble() * (size - 2 * r);
            double cy = r + rnd.nextDouble() * (size - 2 * r);
            double angle = rnd.nextDouble() * 2 * Math.PI;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (inside(kind, x + 0.5 - cx, y + 0.5 - cy, r, angle)) {
                        int i = y * size + x;
                        for (int c = 0; c < 3; c++) {
                            img[c * plane + i] = (float) colour[c];
                        }
                        mask[i] = binary ? 1 : kind;
                    }
                }
            }
        }
        return new SegmentationSample(img, new long[] {3, size, size}, mask);
    }

    private static double[] contrastingColour(SplittableRandom rnd, double[] bg) {
        while (true) {
            double[] c = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
            double d = Math.sqrt(Math.pow(c[0] - bg[0], 2) + Math.pow(c[1] - bg[1], 2) + Math.pow(c[2] - bg[2], 2));
            if (d >= MIN_CONTRAST) {
                return c;
            }
        }
    }

    /** Whether offset (dx, dy) from the centre is inside a shape of half-extent r. */
    private static boolean inside(int kind, double dx, double dy, double r, double angle) {
        switch (kind) {
            case 1:
                return dx * dx + dy * dy <= r * r;
            case 2:
                return Math.abs(dx) <= r && Math.abs(dy) <= r; // axis-aligned square of side 2r
            default: {
                // equilateral triangle inscribed in the circle of radius r, rotated by angle
                for (int e = 0; e < 3; e++) {
                    double a0 = angle + e * 2 * Math.PI / 3;
                    double a1 = angle + (e + 1) * 2 * Math.PI / 3;
                    double x0 = r * Math.cos(a0);
                    double y0 = r * Math.sin(a0);
                    double x1 = r * Math.cos(a1);
                    double y1 = r * Math.sin(a1);
                    // the centre is on the left of every edge (counter-clockwise order): so must the point be
                    if ((x1 - x0) * (dy - y0) - (y1 - y0) * (dx - x0) < 0) {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "Shapes(length=" + length + ", size=" + size + ", seed=" + seed + ", binary=" + binary
                + ", max_shapes=" + maxShapes + ", noise=" + noise + ")";
    }
}
