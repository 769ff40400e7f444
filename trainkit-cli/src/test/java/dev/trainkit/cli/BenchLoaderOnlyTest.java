package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainkit bench --loader-only} on a tiny ImageFolder made of the decode-parity JPEG. */
class BenchLoaderOnlyTest {
    @Test
    void timesOneEpochAndReportsJson(@TempDir Path tmp) throws Exception {
        Path jpg = Paths.get(BenchLoaderOnlyTest.class.getResource("/golden/images/rgb.jpg").toURI());
        for (int i = 0; i < 6; i++) {
            Path f = tmp.resolve("train").resolve("c" + (i % 2)).resolve("img" + i + ".jpg");
            Files.createDirectories(f.getParent());
            Files.copy(jpg, f);
        }
        for (String workers : new String[] {"0", "1"}) {
            CliRun r = CliRun.of("bench", "--loader-only", "--data", "imagefolder:" + tmp, "--num-workers", workers,
                    "--batch", "4", "--format", "json");
            assertEquals(0, r.code(), r.err());
            JsonNode o = new ObjectMapper().readTree(r.out());
            assertEquals(6, o.get("images").asInt());
            assertEquals(Integer.parseInt(workers), o.get("workers").asInt());
            double ips = o.get("images_per_s").asDouble();
            assertTrue(Double.isFinite(ips) && ips > 0, r.out());
            assertEquals(6 / o.get("seconds").asDouble(), ips, 1e-6 * ips);
        }
    }

    @Test
    void missingOrBadDataIsNamed(@TempDir Path tmp) {
        CliRun none = CliRun.of("bench", "--loader-only");
        assertNotEquals(0, none.code());
        assertTrue(none.err().contains("--data"), none.err());
        CliRun bad = CliRun.of("bench", "--loader-only", "--data", "imagefolder:" + tmp.resolve("nope"));
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--data") && bad.err().contains("nope"), bad.err());
    }
}
