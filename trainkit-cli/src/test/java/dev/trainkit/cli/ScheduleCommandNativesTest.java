package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code trainkit schedule} stays pure Java: run in a fresh JVM with {@code -verbose:class}, it
 * loads no bytedeco class and no {@code dev.trainkit.tensor} class, so no native library. (A fresh
 * JVM because the test JVM has usually loaded libtorch already.)
 */
class ScheduleCommandNativesTest {
    @Test
    void scheduleLoadsNoNativeLibrary() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-verbose:class", "-cp", System.getProperty("java.class.path"),
                TrainKitCommand.class.getName(), "schedule", "--scheduler", "OneCycleLR(max_lr=0.1, total_steps=10)",
                "--optimizer", "AdamW(1e-3, (0.9, 0.99), weight_decay=0.05)", "--steps", "10", "--format", "json"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("dev.trainkit.optim.lr.OneCycleLR"), "class loading was not logged:\n" + out);
        assertTrue(out.contains("\"lr\":["), out);
        List<String> loaded = out.lines().filter(l -> l.contains("[class,load]")).toList();
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" org.bytedeco.")),
                "a bytedeco class was loaded: " + loaded.stream().filter(l -> l.contains(" org.bytedeco.")).findFirst());
        // other subcommands' signatures may make the verifier load (not initialise) Tensor; what
        // must not happen is the native loader running
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" dev.trainkit.tensor.Natives ")),
                "the native loader ran: " + loaded.stream().filter(l -> l.contains("tensor.Natives")).findFirst());
    }
}
