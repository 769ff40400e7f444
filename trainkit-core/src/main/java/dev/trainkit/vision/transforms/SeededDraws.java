package dev.trainkit.vision.transforms;

import java.util.Objects;
import java.util.SplittableRandom;

/** {@link RandomDraws} from a {@link SplittableRandom}; Dirichlet through normalised Gamma samples. */
final class SeededDraws implements RandomDraws {
    private final SplittableRandom rng;

    SeededDraws(SplittableRandom rng) {
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    @Override
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: expected low < high, got [" + low + ", " + high + ")");
        }
        return rng.nextLong(low, high);
    }

    @Override
    public double rand() {
        return rng.nextDouble();
    }

    @Override
    public double uniform(double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    @Override
    public double normal() {
        return rng.nextGaussian();
    }

    @Override
    public double[] dirichlet(double[] alpha) {
        double[] g = new double[alpha.length];
        double sum = 0;
        for (int i = 0; i < alpha.length; i++) {
            if (!(alpha[i] > 0)) {
                throw new IllegalArgumentException("dirichlet: concentration parameters must be > 0, got " + alpha[i]);
            }
            g[i] = gamma(alpha[i]);
            sum += g[i];
        }
        for (int i = 0; i < g.length; i++) {
            g[i] /= sum;
        }
        return g;
    }

    /**
     * A Gamma(shape, 1) sample (Marsaglia and Tsang); for shape below 1 the boost
     * {@code Gamma(shape + 1) · U^(1/shape)}, as ATen's sampler does.
     */
    private double gamma(double shape) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1) * Math.pow(u == 0 ? Double.MIN_VALUE : u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
