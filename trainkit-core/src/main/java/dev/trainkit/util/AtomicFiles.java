package dev.trainkit.util;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file atomically: the content goes to a temporary file in the target's folder, is
 * flushed to disk, and is then renamed over the target, so readers see the old file or the whole
 * new one, never a torn one; a failed write (or a crash) leaves the target untouched and no
 * temporary file. The result has the permissions of an ordinary new file, {@code rw-r--r--}
 * (0644), not the owner-only 0600 that {@link Files#createTempFile} gives. Pure Java; used for
 * checkpoints, weights, {@code .npy} files, plots and downloads.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/plot.png"), pngBytes);
 * AtomicFiles.write(Path.of("model.pth"), out -> zip.writeTo(out));
 * }</pre>
 *
 * <p>PyTorch equivalent: none ({@code torch.save} writes in place, so an interrupted save leaves
 * a broken file); the idiom is {@code tempfile.NamedTemporaryFile(dir=...)} + {@code os.replace}.
 */
public final class AtomicFiles {
    /** {@code rw-r--r--}. */
    public static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes everything; the stream is closed by {@link AtomicFiles}. */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code file}, replacing it atomically.
     *
     * @throws IOException if the file cannot be written; {@code file} is then unchanged
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * Writes {@code target} atomically with {@code writer}, creating missing parent folders.
     *
     * @throws IOException from the writer or the file system; {@code target} is then unchanged
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                // writers may close what they were given (ZipOutputStream does); the channel must stay
                // open for force(), so closing only flushes
                writer.write(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                });
                out.flush();
                ch.force(true); // data on disk before the rename makes it visible
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, FILE_PERMISSIONS);
            }
            moveIntoPlace(tmp, abs);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Renames {@code from} over {@code to}, atomically where the file system allows it. */
    public static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
