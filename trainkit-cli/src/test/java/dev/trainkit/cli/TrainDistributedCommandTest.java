package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainkit train --nproc N}: the parent runs in this JVM and launches worker JVMs; their
 * rank-prefixed output arrives on {@code System.out}, captured here.
 */
@Tag("slow")
class TrainDistributedCommandTest {
    static final String[] COMMON = {"train", "--model", "mlp(hidden=[16])", "--data", "fashion-mnist",
            "--optimizer", "SGD(lr=0.1, momentum=0.9)", "--seed", "3", "--format", "json"};

    static List<String> args(Path out, int nproc, int batch, int epochs, String... more) {
        List<String> a = new ArrayList<>(List.of(COMMON));
        a.addAll(List.of("-o", out.toString(), "--nproc", "" + nproc, "--batch-size", "" + batch,
                "--epochs", "" + epochs));
        a.addAll(List.of(more));
        if (!a.contains("--precision")) {
            a.addAll(List.of("--precision", "32")); // exact comparisons: not auto, which is bf16-mixed on native-bf16 CPUs
        }
        return a;
    }

    /** Runs the command with System.out captured (the launcher prints the workers' lines there). */
    static TrainCommandTest.Run runCapturing(List<String> args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        TrainCommandTest.Run r;
        try {
            r = TrainCommandTest.run(args.toArray(new String[0]));
        } finally {
            System.setOut(saved);
        }
        String workers = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(workers);
        return new TrainCommandTest.Run(r.code(), r.out() + workers, r.err());
    }

    static double maxDiff(Path a, Path b) throws Exception {
        Map<String, Tensor> x = WeightsFiles.load(a);
        Map<String, Tensor> y = WeightsFiles.load(b);
        assertEquals(x.keySet(), y.keySet());
        double d = 0;
        for (String k : x.keySet()) {
            d = Math.max(d, x.get(k).sub(y.get(k)).abs().max().item());
        }
        return d;
    }

    @Test
    void twoWorkersEqualOneWithDoubleBatchAndResumeWithAnotherCount(@TempDir Path dir) throws Exception {
        // 2 workers x batch 200 = one process x batch 400: 10 SGD-momentum steps per epoch
        Path a = dir.resolve("a");
        TrainCommandTest.Run two = runCapturing(args(a, 2, 200, 1));
        assertEquals(0, two.code(), two.out() + two.err());
        assertTrue(two.out().contains("[rank 0] {"), two.out());
        assertTrue(!two.out().contains("[rank 1] {"), "rank 1 printed the result: " + two.out());
        assertTrue(Files.exists(a.resolve("model.pth")) && Files.exists(a.resolve("checkpoints/last.ckpt"))
                && Files.exists(a.resolve("report.md")), two.out());
        JsonNode config = new ObjectMapper().readTree(a.resolve("config.json").toFile());
        assertEquals(2, config.get("world_size").asInt());
        assertEquals(10, config.get("steps_per_epoch").asInt());

        Path b = dir.resolve("b");
        TrainCommandTest.Run one = TrainCommandTest.run(args(b, 1, 400, 1).toArray(new String[0]));
        assertEquals(0, one.code(), one.err());
        double diff = maxDiff(a.resolve("model.pth"), b.resolve("model.pth"));
        assertTrue(diff <= 1e-5, "--nproc 2 differs from --nproc 1 with double batch by " + diff);
        JsonNode m2 = new ObjectMapper().readTree(two.out().lines().filter(l -> l.startsWith("[rank 0] {"))
                .findFirst().orElseThrow().substring("[rank 0] ".length())).get("metrics");
        JsonNode m1 = new ObjectMapper().readTree(one.out()).get("metrics");
        assertEquals(m1.get("val_acc").asDouble(), m2.get("val_acc").asDouble(), 1e-6);
        assertEquals(m1.get("val_loss").asDouble(), m2.get("val_loss").asDouble(), 1e-5);

        // the 2-process checkpoint continues in 1 process, as a 2-epoch run in 1 process does
        Path c = dir.resolve("c");
        TrainCommandTest.Run resumed = TrainCommandTest.run(args(c, 1, 400, 2, "--resume",
                a.resolve("checkpoints/last.ckpt").toString()).toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed.err());
        JsonNode rj = new ObjectMapper().readTree(resumed.out());
        assertEquals(20, rj.get("global_step").asInt());
        assertEquals(2, rj.get("epochs").asInt());
        Path d = dir.resolve("d");
        TrainCommandTest.Run straight = TrainCommandTest.run(args(d, 1, 400, 2).toArray(new String[0]));
        assertEquals(0, straight.code(), straight.err());
        double rdiff = maxDiff(c.resolve("model.pth"), d.resolve("model.pth"));
        assertTrue(rdiff <= 1e-5, "resumed run differs from the uninterrupted one by " + rdiff);
        assertTrue(maxDiff(c.resolve("model.pth"), b.resolve("model.pth")) > 1e-4, "the second epoch changed nothing");
    }

    @Test
    void badNprocCombinationsFailBeforeLaunching(@TempDir Path dir) {
        TrainCommandTest.Run zero = TrainCommandTest.run(args(dir, 0, 8, 1).toArray(new String[0]));
        assertNotEquals(0, zero.code());
        assertTrue(zero.err().contains("--nproc: expected at least 1 worker process, got 0"), zero.err());
        TrainCommandTest.Run half = TrainCommandTest.run(args(dir, 2, 8, 1, "--precision", "bf16-true")
                .toArray(new String[0]));
        assertTrue(half.err().contains("--nproc cannot be combined with --precision bf16-true"), half.err());
        TrainCommandTest.Run cuda = TrainCommandTest.run(args(dir, 2, 8, 1, "--device", "cuda:0")
                .toArray(new String[0]));
        assertTrue(cuda.err().contains("cannot be combined with --device cuda:0"), cuda.err());
        // a bad spec is reported once, by the parent, before any worker starts
        TrainCommandTest.Run typo = runCapturing(args(dir, 2, 8, 1, "--optimizer", "Adamm(lr=1)"));
        assertNotEquals(0, typo.code());
        assertTrue(typo.err().contains("Adam") && !typo.out().contains("[rank "), typo.out() + typo.err());
        assertTrue(!Files.exists(dir.resolve("config.json")), "a rejected command started training");
    }

    /** Killing one worker mid-run: the command exits non-zero and the survivor names the lost rank. */
    @Test
    void losingAWorkerFailsTheCommandNamingTheRank(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        long[] killed = {-1};
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + 120_000_000_000L;
            try {
                while (System.nanoTime() < deadline && killed[0] < 0) {
                    // rank 0 writes config.json once every rank has joined and the model is wrapped
                    List<ProcessHandle> workers = ProcessHandle.current().children().toList();
                    if (Files.exists(out.resolve("config.json")) && workers.size() == 2) {
                        Thread.sleep(500); // a few steps in
                        killed[0] = workers.get(0).pid();
                        workers.get(0).destroyForcibly();
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        TrainCommandTest.Run r = runCapturing(args(out, 2, 8, 100));
        killer.join();
        assertTrue(killed[0] > 0, "no worker was killed: " + r.out());
        assertNotEquals(0, r.code(), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[launcher\\] failed: rank (\\d) exited")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        int lost = Integer.parseInt(m.group(1));
        int survivor = 1 - lost;
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("[rank " + survivor + "] rank " + survivor + " stopping:")
                && l.contains("lost rank " + lost)), r.out());
        assertTrue(r.err().contains("worker processes failed"), r.err());
    }
}
