package dev.trainkit.io;

import java.io.Closeable;
import java.io.IOException;

/** One opened {@code .pth} file: the unpickled object and access to its storages. */
interface PthArchive extends Closeable {
    /** The unpickled object, tensors still as {@link StoredTensor}s. */
    Object root();

    /** Bytes available in the root storage {@code key}; throws if the record is missing. */
    long storageBytes(String key) throws IOException;

    /** All bytes of the root storage {@code key}. */
    byte[] readStorage(String key) throws IOException;

    /** Whether storages hold big-endian values ({@code byteorder} record or legacy sys_info). */
    boolean bigEndian();

    /** The file name, for messages. */
    String source();
}
