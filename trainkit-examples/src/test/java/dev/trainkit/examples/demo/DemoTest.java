package dev.trainkit.examples.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.data.TensorDataset;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.datasets.FashionMNIST;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo with tiny settings (a few images, 1-2 epochs): files, JSON keys, value ranges. */
@Tag("slow")
class DemoTest {

    static Demo.Options tiny(Path out) {
        // pretrain 6 images/class for 1 epoch; 4 shots/class for 2 epochs (unfrozen at 1); 2+4 test images/class
        return new Demo.Options(out, 6, 1, 10, 0.003, 4, 2, 1, 10, 0.01, 0.001, 2, 4, "32", 1, 0);
    }

    @Test
    void tinyDemoWritesReportSummaryAndPth(@TempDir Path dir) throws Exception {
        Map<String, Object> s = Demo.run(tiny(dir));
        for (String f : List.of("summary.json", "report.md", "pretrained.pth", "loss.png", "accuracy.png", "lr.png",
                "finetune/metrics.jsonl", "scratch/metrics.jsonl")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        for (String k : List.of("finetuned_accuracy", "scratch_accuracy", "pretrain_accuracy")) {
            double v = json.get(k).asDouble();
            assertTrue(v >= 0 && v <= 1, k + " = " + v);
        }
        assertTrue(json.get("seconds_total").asDouble() > 0);
        assertEquals(20, json.get("finetune_images").asInt());
        assertEquals(20, json.get("test_images").asInt());
        assertEquals(30, json.get("pretrain_images").asInt());
        assertEquals(json.get("finetune_steps").asLong(), json.get("scratch_steps").asLong());
        assertEquals(4, json.get("finetune_steps").asLong());
        assertEquals(s.get("finetuned_accuracy"), json.get("finetuned_accuracy").asDouble());
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("![accuracy](accuracy.png)"), md);
        assertTrue(Demo.table(s).contains("fine-tuned"));

        // the .pth holds a torchvision ResNet-18 state dict with the pretraining head
        Map<String, Tensor> w = WeightsFiles.load(dir.resolve("pretrained.pth"));
        assertArrayEquals(new long[] {5, 512}, w.get("fc.weight").shape());
        assertArrayEquals(new long[] {64, 3, 7, 7}, w.get("conv1.weight").shape());
        assertTrue(w.containsKey("layer4.1.bn2.running_var"));
    }

    @Test
    void bulkPreprocessingGivesNormalisedThreeChannel32x32() {
        TensorDataset ds = DemoData.classes(FashionMNIST.embedded(false), 5, 5, 3);
        assertEquals(15, ds.size());
        assertArrayEquals(new long[] {3, 32, 32}, ds.get(0).shape());
        int[] perClass = new int[5];
        for (int i = 0; i < ds.size(); i++) {
            perClass[(int) ds.target(i)]++; // classes 5-9 relabelled 0-4
        }
        assertArrayEquals(new int[] {3, 3, 3, 3, 3}, perClass);
        float[] x = ds.get(0).input();
        for (int i = 0; i < 32 * 32; i++) {
            assertEquals(x[i], x[i + 2 * 32 * 32], 0f, "channels are copies");
        }
        double lo = (0 - DemoData.MEAN) / DemoData.STD;
        double hi = (1 - DemoData.MEAN) / DemoData.STD;
        for (float v : x) {
            assertTrue(v >= lo - 1e-5 && v <= hi + 1e-5, "normalised range: " + v);
        }
    }

    @Test
    void precisionDefaultsToAutoAndTheReportNamesTheCpuKind() {
        assertEquals("auto", new Demo.Options(Path.of("x")).precision());
        String avx2 = DemoReport.precisionNote("32", Map.of("cpu_flags", "avx avx2 fma", "bf16_native", false));
        assertTrue(avx2.startsWith("Precision: fp32 on a CPU without native bf16 (flags: avx avx2 fma)"), avx2);
        String amx = DemoReport.precisionNote("bf16-mixed", Map.of("cpu_flags", "avx512_bf16 amx_bf16",
                "bf16_native", true));
        assertTrue(amx.startsWith("Precision: bf16-mixed (fine-tune and scratch phases under bf16 autocast) on a CPU"
                + " with native bf16 (flags: avx512_bf16 amx_bf16)"), amx);
        // both kinds are described, neither as a general rule
        for (String note : List.of(avx2, amx)) {
            assertTrue(note.contains("1.66×") && note.contains("AVX2-only"), note);
        }
    }
}
