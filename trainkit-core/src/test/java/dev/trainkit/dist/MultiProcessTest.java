package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.MSELoss;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two worker JVMs on loopback (Gloo over a TCP store), started by {@link DistributedLauncher}. */
@Tag("slow")
class MultiProcessTest {
    static final int STEPS = 6;
    static final int B = 4;
    /** Workers run tiny jobs: C1 only and the serial GC start them about twice as fast on 2 busy cores. */
    static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    static Path dir;
    static int equivCode;
    static String equivOutput;

    static String launch(List<String> args, Duration timeout, int[] code) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        code[0] = new DistributedLauncher(2).timeout(timeout).jvmOptions(JVM)
                .env("OMP_NUM_THREADS", "1").output(out).run(DdpWorker.class.getName(), args);
        String s = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(s);
        return s;
    }

    /**
     * The equivalence job runs as two "nodes" of one worker each (two launchers, as on two
     * machines), so it also covers the multi-node rank assignment; the failure tests below use
     * one launcher with two workers.
     */
    @BeforeAll
    static void runEquivalenceJob() throws Exception {
        List<String> args = List.of("equiv", dir.toString(), "" + STEPS, "" + B);
        int port = DistributedLauncher.freePort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int[] codes = new int[2];
        Thread node1 = new Thread(() -> codes[1] = node(1, port, out).run(DdpWorker.class.getName(), args));
        node1.start();
        codes[0] = node(0, port, out).run(DdpWorker.class.getName(), args);
        node1.join(60_000);
        equivOutput = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(equivOutput);
        equivCode = Math.max(Math.abs(codes[0]), Math.abs(codes[1]));
    }

    static DistributedLauncher node(int nodeRank, int port, PrintStream out) {
        return new DistributedLauncher(1).nodes(2, nodeRank, "127.0.0.1").masterPort(port)
                .timeout(Duration.ofSeconds(30)).jvmOptions(JVM).env("OMP_NUM_THREADS", "1").output(out);
    }

    static Tensor load(String name) throws Exception {
        return Npy.load(dir.resolve(name));
    }

    @Test
    void broadcastMakesInitialWeightsIdentical() throws Exception {
        assertEquals(0, equivCode, equivOutput);
        Tensor r0 = load("init-overlap-0.npy");
        Tensor r1 = load("init-overlap-1.npy");
        assertTrue(r0.equal(r1), "initial weights differ after the broadcast");
        // and they are rank 0's own initialization, not rank 1's
        Torch.manualSeed(100);
        assertTrue(DdpWorker.flat(DdpWorker.model()).equal(r0));
        Torch.manualSeed(101);
        assertTrue(!DdpWorker.flat(DdpWorker.model()).equal(r0), "ranks were initialized alike; the test proves nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlap", "after"})
    void twoProcessesWithBatchBEqualOneProcessWithBatch2B(String mode) throws Exception {
        assertEquals(0, equivCode, equivOutput);
        Torch.manualSeed(100);
        Module model = DdpWorker.model();
        Tensor[] xy = DdpWorker.data(STEPS * 2 * B);
        SGD opt = new SGD(model.parameters(), 0.05, 0.9);
        for (int s = 0; s < STEPS; s++) {
            opt.zeroGrad();
            Tensor x = xy[0].narrow(0, (long) s * 2 * B, 2 * B);
            Tensor y = xy[1].narrow(0, (long) s * 2 * B, 2 * B);
            new MSELoss().forward(model.forward(x), y).backward();
            opt.step();
        }
        Tensor expected = DdpWorker.flat(model);
        Tensor init = load("init-" + mode + "-0.npy");
        assertTrue(expected.sub(init).abs().max().item() > 1e-3, "the steps did not move the weights");
        for (int r = 0; r < 2; r++) {
            double diff = load("final-" + mode + "-" + r + ".npy").sub(expected).abs().max().item();
            assertTrue(diff <= 1e-5, mode + ": rank " + r + " differs from the 1-process run by " + diff);
        }
        assertTrue(equivOutput.contains("[rank 0] " + mode + ": final loss"), equivOutput);
        // two buckets; with overlap both start from the gradient hooks, inside autograd
        String started = "buckets 2, started during backward " + (mode.equals("overlap") ? 2 : 0);
        assertTrue(equivOutput.lines().anyMatch(l -> l.contains(mode + ": final loss") && l.contains(started)),
                equivOutput);
        assertTrue(!equivOutput.contains("[rank 1] " + mode), "rank 1 printed a rank-0-only line");
    }

    /** Rank 1 is a plain peer; rank 0 also hosts the TCP store, so its loss is found differently. */
    @ParameterizedTest
    @ValueSource(ints = {1, 0})
    void losingAWorkerStopsTheOtherNamingTheLostRank(int dying) {
        int survivor = 1 - dying;
        int[] code = new int[1];
        Duration timeout = Duration.ofSeconds(20);
        String out = launch(List.of("die", "" + dying), timeout, code);
        assertNotEquals(0, code[0], out);
        assertTrue(out.contains("[rank " + dying + "] halting at step 3"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("[rank " + survivor + "] rank " + survivor + " stopping:")
                && l.contains("lost rank " + dying)), out);
        assertTrue(out.contains("[launcher] failed: rank " + dying + " exited with code 7"), out);
        assertTrue(!out.contains("did not stop"), "the launcher had to kill the survivor: " + out);
        Matcher m = Pattern.compile("all ranks stopped ([0-9.]+) s after it").matcher(out);
        assertTrue(m.find(), out);
        double seconds = Double.parseDouble(m.group(1));
        assertTrue(seconds < timeout.toSeconds(), "the survivor took " + seconds + " s to stop");
    }

    /** A live rank that does not reach a collective fails it after the timeout, and is named. */
    @Test
    void aStalledWorkerIsNamedAfterTheTimeout() {
        int[] code = new int[1];
        Duration timeout = Duration.ofSeconds(3);
        String out = launch(List.of("stall", "1", "6000"), timeout, code);
        assertNotEquals(0, code[0], out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("[rank 0] rank 0 stopping:")
                && l.contains("lost rank 1 (alive, but it never reached this collective")), out);
        assertTrue(!out.contains("did not stop"), "the launcher had to kill a worker: " + out);
    }
}
