package dev.trainkit.hub;

import dev.trainkit.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Downloads a file over HTTP(S) the way a weights cache needs it: into {@code <target>.partial},
 * resuming a partial file with a {@code Range} request (and starting over when the server ignores
 * it), retrying interrupted transfers, checking a SHA-256 prefix, and only then renaming the file to
 * its final name. An interrupted or corrupted download never leaves a file at the final name.
 *
 * <pre>{@code
 * Path p = new Downloader().download("https://download.pytorch.org/models/resnet18-f37072fd.pth",
 *         Path.of("resnet18-f37072fd.pth"), "f37072fd");
 * //   torch.hub.download_url_to_file(url, dst, hash_prefix="f37072fd", progress=True)
 * }</pre>
 */
public final class Downloader {
    private static final int BUFFER = 1 << 16;

    private boolean progress = true;
    private int retries = 3;
    private Duration timeout = Duration.ofSeconds(60);
    private PrintStream err = System.err;
    private Boolean terminal;

    /** Shows progress on stderr (default true). */
    public Downloader progress(boolean enabled) {
        this.progress = enabled;
        return this;
    }

    /** How many times an interrupted transfer is resumed before giving up (default 3). */
    public Downloader retries(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("retries: expected >= 0, got " + n);
        }
        this.retries = n;
        return this;
    }

    /** Connect and read timeout (default 60 s): a stalled server counts as an interruption. */
    public Downloader timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** Where progress and retry messages go (default {@code System.err}). */
    public Downloader messages(PrintStream stream) {
        this.err = stream;
        return this;
    }

    /** Forces the progress style: a bar ({@code true}) or plain lines; default: a bar when a console is attached. */
    public Downloader terminal(boolean isTerminal) {
        this.terminal = isTerminal;
        return this;
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param hashPrefix expected start of the file's SHA-256 in lower-case hex, or null to skip the check
     * @return {@code target}
     * @throws DownloadException on an HTTP error, a hash mismatch (the file is deleted), or an
     *     interruption that outlasted the retries (the {@code .partial} file is kept for the next call)
     */
    public Path download(String url, Path target, String hashPrefix) throws IOException {
        if (hashPrefix != null && !hashPrefix.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException("hashPrefix: expected hex digits, got '" + hashPrefix + "'");
        }
        URL u = toUrl(url);
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path partial = abs.resolveSibling(abs.getFileName() + ".partial");
        String name = abs.getFileName().toString();
        try {
            transfer(u, url, partial, name);
        } catch (IOException | RuntimeException e) {
            // an empty partial file holds nothing to resume; do not leave it behind
            if (Files.isRegularFile(partial) && Files.size(partial) == 0) {
                Files.deleteIfExists(partial);
            }
            throw e;
        }
        if (hashPrefix != null && !hashPrefix.isEmpty()) {
            String digest = sha256(partial);
            if (!digest.startsWith(hashPrefix.toLowerCase(Locale.ROOT))) {
                Files.deleteIfExists(partial);
                throw new DownloadException("SHA-256 of " + url + " is " + digest + ", expected it to start with "
                        + hashPrefix + "; the corrupt download was deleted");
            }
        }
        AtomicFiles.moveIntoPlace(partial, abs);
        return target;
    }

    private void transfer(URL u, String url, Path partial, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             DownloadProgress bar = DownloadProgress.create(progress, terminal != null ? terminal : System.console() != null, err)) {
            lock(ch, partial);
            for (int attempt = 0; ; attempt++) {
                try {
                    fetch(u, url, ch, name, bar);
                    break;
                } catch (Interrupted e) {
                    if (attempt >= retries) {
                        throw new DownloadException("download of " + url + " was interrupted after " + ch.size()
                                + " bytes (" + e.getMessage() + "); the partial file " + partial
                                + " is kept, run again to resume", e);
                    }
                    err.println("Download of " + name + " interrupted at " + ch.size() + " bytes (" + e.getMessage()
                            + "); resuming (" + (attempt + 1) + "/" + retries + ")");
                }
            }
            ch.force(true);
        }
    }

    private static URL toUrl(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("url: expected an http:// or https:// URL, got '" + url + "'");
            }
            return uri.toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("url: '" + url + "' is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static void lock(FileChannel ch, Path partial) throws DownloadException {
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                throw new DownloadException("another process is downloading to " + partial);
            }
        } catch (OverlappingFileLockException | IOException e) {
            throw new DownloadException("another download to " + partial + " is in progress", e);
        }
    }

    /** One HTTP request, appending to the partial file; {@link Interrupted} when the transfer broke off. */
    private void fetch(URL u, String url, FileChannel ch, String name, DownloadProgress bar) throws IOException {
        long have = ch.size();
        HttpURLConnection c;
        int code;
        try {
            c = (HttpURLConnection) u.openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(true);
            c.setRequestProperty("User-Agent", "trainkit");
            c.setRequestProperty("Accept-Encoding", "identity");
            if (have > 0) {
                c.setRequestProperty("Range", "bytes=" + have + "-");
            }
            code = c.getResponseCode();
        } catch (IOException e) {
            throw new Interrupted("connection failed: " + e.getMessage(), e);
        }
        try {
            if (code == 416 && have > 0) {
                // the partial file is as long as (or longer than) the remote one: start over
                ch.truncate(0);
                throw new Interrupted("server refused to resume at byte " + have + " (HTTP 416)", null);
            }
            if (code == 206) {
                String range = c.getHeaderField("Content-Range");
                if (range == null || !range.trim().startsWith("bytes " + have + "-")) {
                    ch.truncate(0);
                    throw new Interrupted("server resumed at the wrong place (Content-Range: " + range + ")", null);
                }
            } else if (code == 200) {
                if (have > 0) {
                    err.println("Server ignored the range request for " + name + "; downloading from the start");
                    ch.truncate(0);
                    have = 0;
                }
            } else {
                throw new DownloadException("HTTP " + code + (c.getResponseMessage() == null ? "" : " " + c.getResponseMessage())
                        + " for " + url);
            }
            long length = c.getContentLengthLong();
            long total = length < 0 ? -1 : have + length;
            bar.start(name, total, have);
            long received = 0;
            try (InputStream in = c.getInputStream()) {
                byte[] buf = new byte[BUFFER];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        ch.write(bb, ch.size());
                    }
                    received += n;
                    bar.advance(n);
                }
            } catch (IOException e) {
                throw new Interrupted(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
            if (length >= 0 && received < length) {
                throw new Interrupted("connection closed after " + received + " of " + length + " bytes", null);
            }
        } finally {
            c.disconnect();
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A transfer that broke off and may be resumed. */
    private static final class Interrupted extends IOException {
        private static final long serialVersionUID = 1L;

        Interrupted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
