package dev.trainkit.vision.finetune;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs tools/golden/gen_finetune.py with Debian's /usr/bin/python3 (torch 1.13, torchvision
 * 0.14) at test time; tests needing it are skipped (assumption) when it is missing.
 */
public final class FinetuneFixtures {
    public static final String PYTHON = "/usr/bin/python3";
    public static final Path OUT = Path.of("target", "finetune-fixtures");
    private static Boolean available;

    private FinetuneFixtures() {
    }

    /** Skips the calling test unless /usr/bin/python3 imports torch and torchvision. */
    public static synchronized void assumePython() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import torch, torchvision, numpy")
                        .redirectErrorStream(true).start();
                available = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        assumeTrue(available, PYTHON + " with torch, torchvision and numpy is not installed (apt-get install"
                + " python3-torch python3-torchvision); skipping the check against real torchvision");
    }

    /** Runs gen_finetune.py with {@code args}; returns its stdout, failing with its stderr. */
    public static String run(String... args) throws IOException, InterruptedException {
        assumePython();
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "tools/golden/gen_finetune.py"));
        cmd.addAll(List.of(args));
        Files.createDirectories(OUT);
        Path err = Files.createTempFile("gen-finetune", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("gen_finetune.py " + String.join(" ", args) + " failed: " + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** |a − e| ≤ rtol·(max|e| + |e|), element-wise, as the zoo parity test compares logits. */
    public static String compare(float[] expected, float[] actual, double rtol) {
        if (expected.length != actual.length) {
            return "length " + actual.length + " != " + expected.length;
        }
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= rtol * (max + Math.abs(expected[i])))) {
                return "[" + i + "] expected " + expected[i] + " got " + actual[i] + " (max|e| " + max + ")";
            }
        }
        return null;
    }
}
