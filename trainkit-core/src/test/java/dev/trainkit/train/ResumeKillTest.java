package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted run (SIGKILL mid-epoch, after a checkpoint) resumed from its last checkpoint ends
 * with weights bitwise identical to an uninterrupted run. Both run in child JVMs.
 */
@Tag("slow")
class ResumeKillTest {

    private static Process child(Path dir, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ResumeMain.class.getName(), dir.toString(), mode);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + ".stderr").toFile()));
        return pb.start();
    }

    private static List<String> runToEnd(Path dir, String mode) throws Exception {
        Process p = child(dir, mode);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "child " + mode + " failed: " + lines + " "
                + readIfExists(dir.resolveSibling(dir.getFileName() + ".stderr")));
        return lines;
    }

    private static String readIfExists(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Test
    void killedRunResumesToIdenticalWeights(@TempDir Path tmp) throws Exception {
        Path full = tmp.resolve("full");
        Path killed = tmp.resolve("killed");
        Files.createDirectories(full);
        Files.createDirectories(killed);
        runToEnd(full, "full");

        // 12 batches per epoch, 2 accumulated per step: 6 steps per epoch; checkpoint every 3 steps.
        // Step 10 is mid-epoch 1; the last checkpoint before it is step 9.
        Process p = child(killed, "hang-after=10");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (l.equals("STEP 10")) {
                    break;
                }
            }
        }
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertTrue(Files.exists(killed.resolve("checkpoints/last.ckpt")));
        Map<String, Object> ck = new ZipCheckpointStore().load(killed.resolve("checkpoints/last.ckpt"));
        assertEquals(9L, ck.get("global_step"));
        assertEquals(1L, ck.get("epoch"));
        assertEquals(6L, ck.get("batch_in_epoch"));

        List<String> out = runToEnd(killed, "resume");
        assertTrue(out.contains("DONE"));
        byte[] a = Files.readAllBytes(full.resolve("final.bin"));
        byte[] b = Files.readAllBytes(killed.resolve("final.bin"));
        assertEquals(a.length, b.length);
        assertArrayEquals(a, b, "resumed weights differ from the uninterrupted run");
        // the resumed run's log continues the interrupted one: one row per step, no duplicates
        String jsonl = Files.readString(killed.resolve("metrics.jsonl"));
        assertEquals(18, jsonl.lines().filter(l -> l.contains("\"kind\":\"step\"")).count());
        assertEquals(Files.readString(full.resolve("metrics.jsonl")).lines().filter(l -> l.contains("\"kind\":\"epoch\""))
                .map(l -> l.replaceAll("\"samples_per_s\":[^,}]*", "")).toList(),
                jsonl.lines().filter(l -> l.contains("\"kind\":\"epoch\""))
                .map(l -> l.replaceAll("\"samples_per_s\":[^,}]*", "")).toList());
    }
}
