package dev.trainkit.vision.transforms;

import dev.trainkit.data.SampleRandom;
import java.util.SplittableRandom;

/**
 * The random draws an augmentation makes, one method per kind of torch call torchvision makes,
 * so that a test (or a user reproducing a sample) can inject them: {@link #current()} draws
 * from {@link SampleRandom} (per item inside a DataLoader); a scripted implementation replays
 * given draws, e.g. the ones logged from torchvision, so policies are checked against torchvision
 * op for op.
 *
 * <pre>{@code
 * Tensor out = new RandAugment().apply(img, RandomDraws.current());   // same as apply(img)
 * Tensor again = new RandAugment().apply(img, RandomDraws.of(new SplittableRandom(7)));
 * }</pre>
 *
 * <p>PyTorch equivalent: the global torch generator behind {@code torch.randint},
 * {@code torch.rand}, {@code Tensor.uniform_}, {@code Tensor.normal_} and {@code torch._sample_dirichlet}.
 */
public interface RandomDraws {

    /** An integer in {@code [low, high)} ({@code torch.randint(low, high, (1,))}). */
    long randint(long low, long high);

    /** An integer in {@code [0, high)} ({@code torch.randint(high, (1,))}). */
    default long randint(long high) {
        return randint(0, high);
    }

    /** A float in {@code [0, 1)} ({@code torch.rand(1)}). */
    double rand();

    /** A float in {@code [low, high)} ({@code torch.empty(1).uniform_(low, high)}). */
    double uniform(double low, double high);

    /** A standard normal sample ({@code Tensor.normal_()}, one element). */
    double normal();

    /** A sample of the Dirichlet distribution with parameters {@code alpha} ({@code torch._sample_dirichlet}). */
    double[] dirichlet(double[] alpha);

    /** Draws from {@link SampleRandom#current()}: the DataLoader item's stream, else the thread's. */
    static RandomDraws current() {
        return of(SampleRandom.current());
    }

    /** Draws from {@code rng}. */
    static RandomDraws of(SplittableRandom rng) {
        return new SeededDraws(rng);
    }
}
