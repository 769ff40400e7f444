package dev.trainkit.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file atomically: the bytes go to a temporary file in the target's folder, which is
 * then renamed over the target, so readers see the old file or the whole new one, never a torn
 * one, and a failed write leaves no temporary file behind. The result has the permissions of an
 * ordinary new file, {@code rw-r--r--} (0644), not the owner-only 0600 that
 * {@link Files#createTempFile} gives. Pure Java.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/plot.png"), pngBytes);
 * }</pre>
 *
 * <p>PyTorch equivalent: none ({@code torch.save} writes in place); the idiom is
 * {@code tempfile.NamedTemporaryFile(dir=...)} + {@code os.replace}.
 */
public final class AtomicFiles {
    /** {@code rw-r--r--}. */
    public static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code file}, replacing it atomically (its folder must exist); on a
     * POSIX file system the file ends up {@code rw-r--r--}.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, FILE_PERMISSIONS);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
