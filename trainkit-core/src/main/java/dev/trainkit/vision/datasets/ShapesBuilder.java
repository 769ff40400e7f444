package dev.trainkit.vision.datasets;

/**
 * Options of a {@link Shapes} dataset (PyTorch has no such dataset; the options play the role
 * of a torchvision dataset's constructor arguments).
 *
 * <pre>{@code
 * Shapes val = Shapes.builder().length(200).size(64).seed(2).binary(true).maxShapes(3).noise(0.1).build();
 * }</pre>
 */
public final class ShapesBuilder {
    int length = 1000;
    int size = 64;
    long seed;
    boolean binary;
    int maxShapes = 3;
    double noise = 0.1;

    ShapesBuilder() {
    }

    /** The number of images (default 1000). */
    public ShapesBuilder length(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Shapes: length must be >= 1, got " + n);
        }
        this.length = n;
        return this;
    }

    /** The side of the square images in pixels (default 64, at least 8). */
    public ShapesBuilder size(int pixels) {
        if (pixels < 8) {
            throw new IllegalArgumentException("Shapes: size must be >= 8 pixels, got " + pixels);
        }
        this.size = pixels;
        return this;
    }

    /** The seed; item i depends only on (seed, i) (default 0). */
    public ShapesBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    /** Binary masks (1 = any shape) instead of class masks (default false). */
    public ShapesBuilder binary(boolean on) {
        this.binary = on;
        return this;
    }

    /** The most shapes per image, at least 1 (default 3). */
    public ShapesBuilder maxShapes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Shapes: max_shapes must be >= 1, got " + n);
        }
        this.maxShapes = n;
        return this;
    }

    /** The amplitude of the uniform background noise, in [0, 1] (default 0.1). */
    public ShapesBuilder noise(double amplitude) {
        if (!(amplitude >= 0 && amplitude <= 1)) {
            throw new IllegalArgumentException("Shapes: noise must be in [0, 1], got " + amplitude);
        }
        this.noise = amplitude;
        return this;
    }

    /** The dataset. */
    public Shapes build() {
        return new Shapes(this);
    }
}
