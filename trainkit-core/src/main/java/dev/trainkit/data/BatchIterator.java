package dev.trainkit.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One epoch of a {@link DataLoader}: batches in order, loaded ahead by worker threads. Closing
 * it stops the workers and waits for them (PyTorch's {@code _MultiProcessingDataLoaderIter}
 * shutting its workers down).
 *
 * <pre>{@code
 * try (BatchIterator<Sample, Batch> it = loader.iterator()) {
 *     Batch first = it.next();                   // next(iter(loader))
 * }                                              // workers stopped here
 * }</pre>
 *
 * @param <T> item type
 * @param <B> batch type
 */
public final class BatchIterator<T, B> implements Iterator<B>, AutoCloseable {
    /** A worker's failure travelling through its queue in place of a batch. */
    private record Failure(int batch, Throwable error) {
    }

    private static final long JOIN_MILLIS = 30_000;

    private final DataLoader<T, B> loader;
    private final long epoch;
    private final List<int[]> batches;
    private final int numWorkers;
    private final Thread[] workers;
    private final BlockingQueue<Object>[] queues;
    private volatile boolean closed;
    private int next;

    @SuppressWarnings("unchecked")
    BatchIterator(DataLoader<T, B> loader, long epoch, List<int[]> batches, int numWorkers, int prefetch) {
        this.loader = loader;
        this.epoch = epoch;
        this.batches = batches;
        this.numWorkers = Math.min(numWorkers, batches.size());
        this.workers = new Thread[this.numWorkers];
        this.queues = new BlockingQueue[this.numWorkers];
        for (int w = 0; w < this.numWorkers; w++) {
            queues[w] = new ArrayBlockingQueue<>(prefetch);
            final int worker = w;
            workers[w] = new Thread(() -> work(worker), "trainkit-dataloader-worker-" + w);
            workers[w].setDaemon(true); // never keeps the JVM alive, even if a user forgets close()
        }
    }

    void start() {
        for (Thread t : workers) {
            t.start();
        }
    }

    /** The epoch this iterator produces. */
    public long epoch() {
        return epoch;
    }

    private void work(int w) {
        // one intra-op thread per worker, as PyTorch's worker loop does (torch.set_num_threads(1)):
        // per-sample ops are small, and W workers each spreading them over every core make the
        // cores wait on each other (libtorch's OpenMP setting is per thread, so training keeps its own)
        dev.trainkit.tensor.Torch.setNumThreads(1);
        for (int b = w; b < batches.size() && !closed; b += numWorkers) {
            Object result;
            try {
                result = loader.load(epoch, batches.get(b));
            } catch (Throwable e) {
                result = new Failure(b, e);
            }
            try {
                queues[w].put(result);
            } catch (InterruptedException e) {
                return; // closed while waiting for room: stop quietly
            }
            if (result instanceof Failure) {
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !closed && next < batches.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public B next() {
        if (closed) {
            throw new NoSuchElementException("DataLoader iterator: closed");
        }
        if (next >= batches.size()) {
            throw new NoSuchElementException("DataLoader iterator: epoch " + epoch + " has only "
                    + batches.size() + " batches");
        }
        int b = next++;
        Object result;
        if (numWorkers == 0) {
            try {
                result = loader.load(epoch, batches.get(b));
            } catch (RuntimeException | Error e) {
                close();
                throw e; // on the consumer thread the original exception needs no wrapping
            }
        } else {
            try {
                result = queues[b % numWorkers].take();
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new DataLoaderException("DataLoader: interrupted while waiting for batch " + b, e);
            }
        }
        if (result instanceof Failure f) {
            close();
            Throwable cause = f.error();
            throw new DataLoaderException("DataLoader worker " + (f.batch() % numWorkers) + " failed on batch "
                    + f.batch() + " of epoch " + epoch + ": " + cause, cause);
        }
        if (next == batches.size()) {
            close(); // the workers have finished: join them now so no thread outlives the epoch
        }
        return (B) result;
    }

    /** Stops the workers and waits for them to end; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread t : workers) {
            t.interrupt();
        }
        for (BlockingQueue<Object> q : queues) {
            q.clear(); // frees the prefetched batches and unblocks a worker stuck in put()
        }
        boolean interrupted = false;
        for (Thread t : workers) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        loader.forget(this);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
