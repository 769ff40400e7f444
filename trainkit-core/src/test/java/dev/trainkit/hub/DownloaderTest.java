package dev.trainkit.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server on loopback; nothing touches the internet. */
class DownloaderTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final byte[] body = new byte[300_000];
    private String hash;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        new Random(7).nextBytes(body);
        Path tmp = dir.resolve("body.bin");
        Files.write(tmp, body);
        hash = Downloader.sha256(tmp);
        Files.delete(tmp);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok/", ex -> serve(ex, true));
        server.createContext("/norange/", ex -> serve(ex, false));
        server.createContext("/missing/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Serves {@link #body}, honouring Range if asked to, and cutting the connection mid-file while cutsLeft > 0. */
    private void serve(HttpExchange ex, boolean honourRange) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        int from = 0;
        if (honourRange && range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            ex.sendResponseHeaders(206, body.length - from);
        } else {
            ex.sendResponseHeaders(200, body.length);
        }
        OutputStream out = ex.getResponseBody();
        if (cutsLeft.getAndDecrement() > 0) {
            out.write(body, from, (body.length - from) / 2);
            out.flush();
            throw new IOException("connection cut by the test server"); // HttpServer drops the connection
        }
        out.write(body, from, body.length - from);
        out.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private Downloader downloader() {
        return new Downloader().terminal(false).messages(new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesAndRenames() throws Exception {
        Path target = dir.resolve("w-" + hash.substring(0, 8) + ".pth");
        downloader().download(url("/ok/w.pth"), target, hash.substring(0, 8));
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(List.of(target), files(), "no .partial left");
        String log = messages.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Downloading w-") && log.contains("100%"), log);
    }

    @Test
    void aCutConnectionLeavesOnlyAPartialFileAndTheNextCallResumesIt() throws Exception {
        Path target = dir.resolve("w.pth");
        cutsLeft.set(1);
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader().retries(0).download(url("/ok/w.pth"), target, hash.substring(0, 10)));
        assertTrue(e.getMessage().contains("interrupted") && e.getMessage().contains("resume"), e.getMessage());
        assertFalse(Files.exists(target), "nothing at the final name");
        Path partial = dir.resolve("w.pth.partial");
        long have = Files.size(partial);
        assertTrue(have > 0 && have < body.length, "partial holds " + have);

        downloader().retries(0).download(url("/ok/w.pth"), target, hash.substring(0, 10));
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals("bytes=" + have + "-", ranges.get(1), "resumed with a Range request");
        assertEquals(List.of(target), files());
    }

    @Test
    void retriesResumeAutomatically() throws Exception {
        Path target = dir.resolve("auto.pth");
        cutsLeft.set(2);
        downloader().retries(3).download(url("/ok/auto.pth"), target, hash);
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(3, ranges.size());
        assertTrue(ranges.get(1).startsWith("bytes=") && ranges.get(2).startsWith("bytes="), ranges.toString());
    }

    @Test
    void aServerIgnoringRangeIsDownloadedFromTheStart() throws Exception {
        Path target = dir.resolve("n.pth");
        Files.write(dir.resolve("n.pth.partial"), Arrays.copyOf(body, 1000)); // a previous attempt
        downloader().download(url("/norange/n.pth"), target, hash.substring(0, 8));
        assertArrayEquals(body, Files.readAllBytes(target), "not 1000 bytes + the whole body");
        assertEquals("bytes=1000-", ranges.get(0));
        assertTrue(messages.toString(StandardCharsets.UTF_8).contains("ignored the range request"));
    }

    @Test
    void aHashMismatchDeletesTheFileWithAClearError() throws Exception {
        Path target = dir.resolve("bad-deadbeef.pth");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader().download(url("/ok/bad-deadbeef.pth"), target, "deadbeef"));
        assertTrue(e.getMessage().contains("expected it to start with deadbeef") && e.getMessage().contains(hash),
                e.getMessage());
        assertEquals(List.of(), files(), "neither the file nor a partial is left");
    }

    @Test
    void notFoundIsAClearErrorAndLeavesNothing() throws Exception {
        Path target = dir.resolve("gone.pth");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader().download(url("/missing/gone.pth"), target, null));
        assertTrue(e.getMessage().startsWith("HTTP 404") && e.getMessage().contains("/missing/gone.pth"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void rejectsNonHttpUrlsAndBadHashPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> downloader().download("file:///etc/passwd", dir.resolve("x"), null));
        assertThrows(IllegalArgumentException.class, () -> downloader().download(url("/ok/x"), dir.resolve("x"), "xyz"));
    }
}
