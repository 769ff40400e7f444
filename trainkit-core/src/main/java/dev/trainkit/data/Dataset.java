package dev.trainkit.data;

import java.util.Objects;
import java.util.function.Function;

/**
 * A map-style dataset: a fixed number of items addressed by index, as PyTorch's
 * {@code torch.utils.data.Dataset} with {@code __len__} and {@code __getitem__}.
 *
 * <pre>{@code
 * Dataset<Sample> train = FashionMNIST.embedded(true);      // torchvision.datasets.FashionMNIST(...)
 * Sample s = train.get(0);                                 // train[0]
 * int n = train.size();                                    // len(train)
 * }</pre>
 *
 * <p>{@link #get} may be called from {@link DataLoader} worker threads at the same time, so
 * implementations must be thread-safe for reads and should return plain Java objects (arrays,
 * {@link Sample}) rather than tensors: a tensor made on a worker thread would belong to no
 * step's {@code TensorScope} (see docs/ARCHITECTURE.md).
 *
 * @param <T> the item type
 */
public interface Dataset<T> {

    /** The number of items ({@code len(dataset)}). */
    int size();

    /**
     * The item at {@code index} ({@code dataset[index]}).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    T get(int index);

    /**
     * A lazy view applying {@code f} to every item on access (like wrapping {@code __getitem__}).
     */
    default <R> Dataset<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "map: f");
        Dataset<T> self = this;
        return new Dataset<>() {
            @Override
            public int size() {
                return self.size();
            }

            @Override
            public R get(int index) {
                return f.apply(self.get(index));
            }
        };
    }

    /** Checks {@code index} against {@code size} with a message naming the dataset kind. */
    static int checkIndex(String what, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(what + ": index " + index + " out of range for size " + size);
        }
        return index;
    }
}
