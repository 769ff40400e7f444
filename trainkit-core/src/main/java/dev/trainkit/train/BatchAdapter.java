package dev.trainkit.train;

import dev.trainkit.data.Batch;
import dev.trainkit.data.SegmentationBatch;
import dev.trainkit.tensor.Tensor;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * How the {@link Trainer}'s loops read a batch of any type: the model's input, the target the
 * loss and the metrics compare the output with, and the number of samples (for weighted means
 * and throughput). What a Lightning {@code training_step} does with its {@code batch} argument
 * ({@code x, y = batch}), as data instead of code.
 *
 * <pre>{@code
 * // classification: Batch inputs [B, ...] with labels int64 [B] (what fit(model, train, val) uses)
 * trainer.fit(model, train, val, BatchAdapter.classification());
 * // segmentation: SegmentationBatch images [B, C, H, W] with masks int64 [B, H, W]
 * trainer.fit(unet, shapesTrain, shapesVal, BatchAdapter.segmentation());
 * // binary segmentation: targets float [B, 1, H, W], e.g. for DiceBCELoss()
 * trainer.fit(unet, shapesTrain, shapesVal, BatchAdapter.binarySegmentation());
 * // any other batch type
 * BatchAdapter<MyBatch> mine = BatchAdapter.of(MyBatch::x, MyBatch::y, MyBatch::size);
 * }</pre>
 *
 * <p>Tensors are created on the calling thread, inside the step's {@code TensorScope}.
 *
 * @param <B> the batch type the data loader yields
 */
public interface BatchAdapter<B> {

    /** The model's input, e.g. images {@code [B, C, H, W]}. */
    Tensor input(B batch);

    /** The target of the loss and the metrics, e.g. labels {@code [B]} or masks {@code [B, H, W]}. */
    Tensor target(B batch);

    /** The number of samples in the batch. */
    int size(B batch);

    /** An adapter from three functions. */
    static <B> BatchAdapter<B> of(Function<? super B, Tensor> input, Function<? super B, Tensor> target,
            ToIntFunction<? super B> size) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(size, "size");
        return new BatchAdapter<>() {
            @Override
            public Tensor input(B batch) {
                return input.apply(batch);
            }

            @Override
            public Tensor target(B batch) {
                return target.apply(batch);
            }

            @Override
            public int size(B batch) {
                return size.applyAsInt(batch);
            }
        };
    }

    /** {@link Batch}: inputs and int64 labels {@code [B]} (the default of {@code fit(model, train, val)}). */
    static BatchAdapter<Batch> classification() {
        return of(Batch::inputs, Batch::labels, Batch::size);
    }

    /** {@link SegmentationBatch}: images and int64 class masks {@code [B, H, W]} (multiclass losses). */
    static BatchAdapter<SegmentationBatch> segmentation() {
        return of(SegmentationBatch::inputs, SegmentationBatch::masks, SegmentationBatch::size);
    }

    /**
     * {@link SegmentationBatch}: images and float32 0/1 targets {@code [B, 1, H, W]} (binary losses
     * such as {@code DiceBCELoss()}; pair with {@code new IoUDiceMetric(2)}).
     */
    static BatchAdapter<SegmentationBatch> binarySegmentation() {
        return of(SegmentationBatch::inputs, SegmentationBatch::binaryTargets, SegmentationBatch::size);
    }
}
