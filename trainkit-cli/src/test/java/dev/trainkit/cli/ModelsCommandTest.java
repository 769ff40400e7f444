package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.weights.ResNet50Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void jsonListsMatchingModelsWithParameterCountsAndWeights() throws Exception {
        CliRun r = run("models", "resnet*", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode models = new ObjectMapper().readTree(r.out()).get("models");
        List<String> names = new ArrayList<>();
        models.forEach(m -> names.add(m.get("name").asText()));
        assertEquals(Models.listModels("resnet*"), names);
        JsonNode r50 = models.get(names.indexOf("resnet50"));
        assertEquals("resnet", r50.get("family").asText());
        assertEquals(Models.defaultParameterCount("resnet50"), r50.get("num_params").asLong());
        assertEquals("num_classes", r50.get("arguments").get(0).asText());
        JsonNode v2 = r50.get("weights").get(1);
        assertEquals("ResNet50_Weights.IMAGENET1K_V2", v2.get("name").asText());
        assertTrue(v2.get("default").asBoolean());
        assertEquals(ResNet50Weights.IMAGENET1K_V2.url(), v2.get("url").asText());
        assertEquals(ResNet50Weights.IMAGENET1K_V2.sha256Prefix(), v2.get("sha256_prefix").asText());
        assertEquals(ResNet50Weights.IMAGENET1K_V2.meta().acc1(), v2.get("acc@1").asDouble());
        assertEquals(1000, v2.get("num_classes").asInt());
    }

    @Test
    void tableListsAllModelsByDefault() {
        CliRun r = run("models");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(Models.listModels().size() + 1, lines.size(), r.out());
        String mobilenet = lines.stream().filter(l -> l.startsWith("mobilenet_v2 ")).findFirst().orElseThrow();
        assertTrue(mobilenet.contains(String.format("%,d", Models.defaultParameterCount("mobilenet_v2")))
                && mobilenet.contains("IMAGENET1K_V1 IMAGENET1K_V2*"), mobilenet);
    }

    @Test
    void noMatchOrBadFormatIsAOneLineError() {
        CliRun r = run("models", "resnt*");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("no model matches 'resnt*'") && r.err().lines().count() == 1, r.err());
        r = run("models", "--format", "xml");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--format: expected table or json"), r.err());
    }
}
