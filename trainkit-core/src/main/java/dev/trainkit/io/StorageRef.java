package dev.trainkit.io;

import dev.trainkit.tensor.DType;

/**
 * A storage named by a persistent id ({@code ('storage', torch.FloatStorage, key, 'cpu', numel)}).
 *
 * @param key the record name in the archive
 * @param dtype the element type given by the storage class
 * @param numel elements the pickle claims the storage holds
 * @param elementOffset start of this storage inside the root storage, in elements (legacy storage views)
 */
record StorageRef(String key, DType dtype, long numel, long elementOffset) {
}
