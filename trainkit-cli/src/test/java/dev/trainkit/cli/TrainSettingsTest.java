package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainSettingsTest {

    @Test
    void yamlAndJsonConfigsGiveTheSameKeys(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("run.yaml"),
                "model: mlp(hidden=[64])\nepochs: 2\nfreeze: [conv1, 'layer1.*']\noptimizer: AdamW(lr=1e-3)\n");
        Path json = Files.writeString(dir.resolve("run.json"),
                "{\"model\": \"mlp(hidden=[64])\", \"epochs\": 2, \"freeze\": [\"conv1\", \"layer1.*\"],"
                        + " \"optimizer\": \"AdamW(lr=1e-3)\"}");
        Map<?, ?> y = TrainSettings.readConfig(yaml);
        Map<?, ?> j = TrainSettings.readConfig(json);
        assertEquals(j, y);
        assertEquals(List.of("conv1", "layer1.*"), y.get("freeze"));
    }

    @Test
    void yamlIsPlainDataOnlyAndMustBeAMapping(@TempDir Path dir) throws Exception {
        Path unsafe = Files.writeString(dir.resolve("evil.yml"),
                "model: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainSettings.readConfig(unsafe));
        assertTrue(e.getMessage().startsWith("--config " + unsafe), e.getMessage());
        Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> TrainSettings.readConfig(list));
        assertTrue(e2.getMessage().contains("expected a YAML mapping"), e2.getMessage());
    }

    @Test
    void booleanKeysTakeTrueOrFalseOnly(@TempDir Path dir) throws Exception {
        TrainOptions ok = new TrainOptions();
        ok.config = Files.writeString(dir.resolve("ok.yaml"), "freeze: [layer1]\nfreeze_batch_norm_stats: true\n");
        assertEquals(Boolean.TRUE, TrainSettings.resolve(ok).freezeBatchNormStats);
        TrainOptions bad = new TrainOptions();
        bad.config = Files.writeString(dir.resolve("bad.json"), "{\"freeze_batch_norm_stats\": \"yes\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainSettings.resolve(bad));
        assertEquals("config key 'freeze_batch_norm_stats': expected true or false, got yes", e.getMessage());
    }
}
