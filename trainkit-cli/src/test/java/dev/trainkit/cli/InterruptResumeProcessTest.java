package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGTERM to a {@code trainkit train} process: it exits 143 with last.ckpt, report.md and
 * model.pth marked interrupted and no temporary files, and {@code --resume CKPT} alone completes
 * the run with the weights of an uninterrupted one.
 */
@Tag("slow")
class InterruptResumeProcessTest {

    private static List<String> args(Path data, Path run) {
        return List.of("train", "--model", "mlp(hidden=[64])", "--data", "imagefolder:" + data, "--batch-size", "4",
                "--optimizer", "SGD(lr=0.05, momentum=0.9)", "--epochs", "30", "-o", run.toString(), "--format", "json");
    }

    @Test
    void sigtermThenResumeEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 8); // 6 steps per epoch, 180 in all
        Path full = dir.resolve("full");
        assertEquals(0, CliRun.of(args(data, full).toArray(String[]::new)).code());

        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), TrainKitCommand.class.getName()));
        cmd.addAll(args(data, killed));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> err = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream()))) {
            boolean signalled = false;
            for (String l; (l = r.readLine()) != null; ) {
                err.add(l);
                if (!signalled && l.contains(" step 50 ")) {
                    // kill(1), not Process.destroy(), which would also close the stream being read
                    assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
                    signalled = true;
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), String.join("\n", err));
        assertTrue(err.stream().anyMatch(l -> l.contains("SIGTERM received")), String.join("\n", err));
        assertTrue(Files.exists(killed.resolve("checkpoints/last.ckpt")) && Files.exists(killed.resolve("report.md")));
        assertTrue(new ObjectMapper().readTree(killed.resolve("model.json").toFile()).get("interrupted").asBoolean());
        try (Stream<Path> s = Files.walk(killed)) {
            assertEquals(List.of(), s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }

        CliRun resumed = CliRun.of("train", "--resume", killed.resolve("checkpoints/last.ckpt").toString(), "--format", "json");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resumed from epoch "), resumed.err());
        RunArtifactsCommandTest.assertSameWeights(full.resolve("model.pth"), killed.resolve("model.pth"));
        assertTrue(!new ObjectMapper().readTree(killed.resolve("model.json").toFile()).get("interrupted").asBoolean());
    }
}
