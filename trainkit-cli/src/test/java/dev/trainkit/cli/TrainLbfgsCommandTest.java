package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainkit train --optimizer 'LBFGS(...)'}: the closure-driven step end to end on the embedded data. */
class TrainLbfgsCommandTest {
    @Test
    void trainsWithLbfgsAndAStrongWolfeLineSearch(@TempDir Path dir) throws Exception {
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--model", "mlp(hidden=[16])", "--data", "fashion-mnist",
                "--optimizer", "LBFGS(lr=1, history_size=10, line_search_fn=strong_wolfe)", "--max-steps", "2",
                "--batch-size", "64", "--precision", "32", "-o", dir.resolve("run").toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("global_step").asInt());
        assertTrue(j.get("stop_reason").asText().contains("max_steps=2"), r.out());
    }

    @Test
    void refusesLossScaling(@TempDir Path dir) {
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--model", "mlp(hidden=[16])", "--data", "fashion-mnist",
                "--optimizer", "LBFGS(lr=1)", "--max-steps", "1", "--precision", "16-mixed",
                "-o", dir.resolve("run").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("AMP and the LBFGS optimizer are not compatible"), r.err());
    }
}
