package dev.trainkit.dist;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link DistributedDataParallel} groups gradients into buckets: PyTorch 1.13's
 * {@code compute_bucket_assignment_by_size}. Tensors are taken in the given order (the order
 * autograd produces their gradients); each dtype fills its own open bucket; a bucket closes as
 * soon as its size reaches its limit (so a bucket may exceed it by its last tensor), and each
 * dtype's limits advance through {@code limits}, staying at the last one. Buckets come in the
 * order they closed (the order in which they become ready during backward); buckets still open
 * at the end follow, one per dtype, latest dtype first. (PyTorch orders those last ones by the
 * iteration order of a C++ {@code unordered_map}, which is the same for the simple cases and
 * differs in some with three dtypes; only launch order depends on it, never the numbers.)
 */
final class BucketAssignment {
    /** PyTorch's {@code dist._DEFAULT_FIRST_BUCKET_BYTES}: the first bucket is small so that its all-reduce starts early. */
    static final long FIRST_BUCKET_BYTES = 1024 * 1024;

    private BucketAssignment() {
    }

    /**
     * @param ordered the tensors in gradient order
     * @param limits  bucket size limits in bytes: the first bucket's, the next's, ... (the last repeats)
     * @return buckets as positions in {@code ordered}, each in order
     */
    static List<List<Integer>> assign(List<? extends Tensor> ordered, long[] limits) {
        if (limits.length == 0) {
            throw new IllegalArgumentException("limits: expected at least one bucket size limit, got none");
        }
        List<List<Integer>> out = new ArrayList<>();
        Map<DType, Open> open = new LinkedHashMap<>();
        for (int pos = 0; pos < ordered.size(); pos++) {
            Tensor t = ordered.get(pos);
            Open b = open.computeIfAbsent(t.dtype(), k -> new Open());
            b.positions.add(pos);
            b.bytes += t.numel() * t.dtype().itemSize();
            if (b.bytes >= limits[b.limit]) {
                out.add(b.positions);
                b.positions = new ArrayList<>();
                b.bytes = 0;
                b.limit = Math.min(b.limit + 1, limits.length - 1);
            }
        }
        List<Open> last = new ArrayList<>(open.values());
        Collections.reverse(last);
        for (Open b : last) {
            if (!b.positions.isEmpty()) {
                out.add(b.positions);
            }
        }
        return out;
    }

    private static final class Open {
        List<Integer> positions = new ArrayList<>();
        long bytes;
        int limit;
    }
}
