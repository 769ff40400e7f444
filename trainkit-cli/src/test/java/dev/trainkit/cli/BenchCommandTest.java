package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertPositiveFinite(JsonNode o, String key) {
        assertTrue(o.has(key), "missing " + key + " in " + o);
        double v = o.get(key).asDouble();
        assertTrue(Double.isFinite(v) && v > 0, key + " = " + v);
    }

    private static JsonNode tinyRun(String precision) throws Exception {
        CliRun r = run("bench", "--model", "resnet18", "--batch", "2", "--image-size", "32", "--steps", "2",
                "--warmup", "1", "--threads", "1", "--precision", precision, "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        for (String k : new String[] {"ms_per_step", "samples_per_s", "peak_rss_mb", "ms_p10", "ms_p90",
                "cpu_ms_per_step"}) {
            assertPositiveFinite(o, k);
        }
        // samples/s is the batch over the median step time
        assertEquals(2 * 1000.0 / o.get("ms_per_step").asDouble(), o.get("samples_per_s").asDouble(), 1e-9);
        assertTrue(o.get("ms_p10").asDouble() <= o.get("ms_p90").asDouble());
        assertEquals(precision, o.get("precision").asText());
        assertEquals("resnet18(num_classes=10)", o.get("model").asText());
        assertEquals(1, o.get("threads").asInt());
        assertTrue(Double.isFinite(o.get("final_loss").asDouble()));
        assertTrue(o.get("page_faults_per_step").asDouble() >= 0, o.toString());
        return o;
    }

    @Test
    void tinyRunEmitsTheContractKeys() throws Exception {
        JsonNode o = tinyRun("32");
        assertEquals(2, o.get("batch").asInt());
        // channels_last by default, except where libtorch's channels_last path is wrong on this CPU
        assertEquals(dev.trainkit.bench.MemoryFormats.reliable(), o.get("channels_last").asBoolean());
    }

    @Test
    void tinyRunInEveryPrecision() throws Exception {
        for (String p : new String[] {"bf16-mixed", "16-mixed", "bf16-true"}) {
            tinyRun(p);
        }
    }

    @Test
    void tableFormatAndContiguousLayout() {
        CliRun r = run("bench", "--model", "resnet18", "--batch", "2", "--image-size", "32", "--steps", "1",
                "--warmup", "0", "--threads", "1", "--no-channels-last", "--format", "table");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ms_per_step: "), r.out());
        assertTrue(r.out().contains("channels_last: false"), r.out());
    }

    @Test
    void unknownModelNamesTheClosestOne() {
        CliRun r = run("bench", "--model", "resnet19", "--batch", "2", "--image-size", "32");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("resnet19") && r.err().contains("resnet18"), r.err());
    }

    @Test
    void unknownPrecisionListsTheValidOnes() {
        CliRun r = run("bench", "--model", "resnet18", "--precision", "fp8", "--batch", "2", "--image-size", "32");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("precision") && r.err().contains("bf16-mixed") && r.err().contains("'fp8'"),
                r.err());
    }

    @Test
    void batchZeroIsRejected() {
        CliRun r = run("bench", "--model", "resnet18", "--batch", "0", "--image-size", "32");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--batch: expected >= 1, got 0"), r.err());
    }

    @Test
    void missingModelAndBadFormatAreRejected() {
        CliRun r = run("bench", "--batch", "2");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--model: required"), r.err());
        r = run("bench", "--model", "resnet18", "--format", "xml");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--format: expected json or table, got 'xml'"), r.err());
    }

    @Test
    void precisionRatioNeedsAModelAndABf16Precision() {
        CliRun r = run("bench", "--precision-ratio", "--precision", "bf16-mixed");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--model: required with --precision-ratio"), r.err());
        r = run("bench", "--precision-ratio", "--model", "resnet18", "--precision", "32");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected bf16-mixed or bf16-true for the bf16/fp32 comparison, got 32"), r.err());
    }
}
