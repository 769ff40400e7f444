package dev.trainkit.io;

/**
 * A tensor as the pickle describes it ({@code _rebuild_tensor_v2(storage, offset, size, stride, ...)}),
 * before its values are read: readers turn it into a {@code Tensor} or a {@link TensorInfo}.
 */
record StoredTensor(StorageRef storage, long offset, long[] size, long[] stride, boolean requiresGrad) {
    long numel() {
        long n = 1;
        for (long d : size) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    TensorInfo info() {
        return new TensorInfo(storage.dtype(), size);
    }
}
