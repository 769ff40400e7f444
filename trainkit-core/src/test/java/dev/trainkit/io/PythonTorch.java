package dev.trainkit.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs Debian's /usr/bin/python3 with PyTorch at test time (CI installs python3-torch). */
final class PythonTorch {
    static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    /** torch.load(path, weights_only=True), described as gen_weights.py's describe() does. */
    static final String DESCRIBE = String.join("\n",
            "import collections, json, sys, torch",
            "def raw(t):",
            "    t = t.detach().contiguous()",
            "    if t.dtype == torch.bfloat16: t = t.view(torch.int16)",
            "    return t.numpy().tobytes()",
            "def describe(o):",
            "    if isinstance(o, torch.Tensor):",
            "        return {'tensor': {'dtype': str(o.dtype).replace('torch.', ''), 'shape': list(o.shape), 'hex': raw(o).hex()}}",
            "    if isinstance(o, dict): return {'dict': [[k, describe(v)] for k, v in o.items()]}",
            "    if isinstance(o, (list, tuple)): return {'list': [describe(v) for v in o]}",
            "    return {'value': o}",
            "def kinds(o):",
            "    if isinstance(o, dict): return {'type': type(o).__name__, 'items': {str(k): kinds(v) for k, v in o.items()}}",
            "    return type(o).__name__",
            // PyTorch 1.13's weights_only unpickler lacks BINFLOAT (2.0 added it): with 'floats' as the
            // second argument, 1.x falls back to a plain load; 2.x always loads with weights_only=True
            "wo = not (len(sys.argv) > 2 and sys.argv[2] == 'floats' and torch.__version__.startswith('1.'))",
            "obj = torch.load(sys.argv[1], weights_only=wo)",
            "print(json.dumps({'describe': describe(obj), 'kinds': kinds(obj), 'weights_only': wo}))");

    private PythonTorch() {
    }

    static synchronized void assumeAvailable() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
                available = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        assumeTrue(available, PYTHON + " with torch is not installed (apt-get install python3-torch);"
                + " skipping the check against real PyTorch");
    }

    /** Runs {@code script} with {@code args}; returns stdout parsed as JSON, failing with stderr otherwise. */
    static JsonNode run(String script, String... args) throws IOException, InterruptedException {
        assumeAvailable();
        String[] cmd = new String[args.length + 3];
        cmd[0] = PYTHON;
        cmd[1] = "-c";
        cmd[2] = script;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Path err = Files.createTempFile("python-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("python failed: " + Files.readString(err));
            }
            return Golden.JSON.readTree(out);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
