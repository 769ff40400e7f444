package dev.trainkit.data;

/**
 * The index order a {@link DataLoader} visits in one epoch ({@code torch.utils.data.Sampler}),
 * for loaders that must not see the whole dataset in the default order, such as
 * {@code dev.trainkit.dist.DistributedSampler}, which gives each rank its share.
 *
 * <pre>{@code
 * DataLoader<Sample, Batch> loader = DataLoader.of(train).batchSize(32)
 *         .sampler(new DistributedSampler(train.size(), pg.worldSize(), pg.rank()))
 *         .build();
 * // DataLoader(train, batch_size=32, sampler=DistributedSampler(train))
 * }</pre>
 *
 * <p>The loader passes its own epoch counter to {@link #indices(long)} (advanced by every pass,
 * positioned by {@link DataLoader#setEpoch}), so a sampler reshuffles per epoch without a
 * separate {@code set_epoch} call.
 */
public interface Sampler {
    /** The number of indices of every epoch ({@code len(sampler)}). */
    int length();

    /** The dataset indices of epoch {@code epoch}, in visiting order; {@link #length()} of them. */
    int[] indices(long epoch);
}
