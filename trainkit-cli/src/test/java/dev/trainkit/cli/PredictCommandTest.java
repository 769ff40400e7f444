package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.io.PthWriter;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.datasets.ImageLoader;
import dev.trainkit.vision.finetune.FinetuneFixtures;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.weights.ResNet18Weights;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainkit predict} through the real root command (docs/CLI.md). */
class PredictCommandTest {
    @TempDir
    Path dir;


    private static float[] row(JsonNode logits) {
        int n = logits.size();
        int c = logits.get(0).size();
        float[] out = new float[n * c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = (float) logits.get(i).get(j).asDouble();
            }
        }
        return out;
    }

    @Test
    void npyBatchMatchesTorchvisionLogitsForAResnet18WithANewHead() throws Exception {
        Path out = FinetuneFixtures.OUT.resolve("predict");
        FinetuneFixtures.run("predict", out.toString());
        CliRun r = CliRun.of("predict", "--model", "resnet18", "--num-classes", "5", "--weights",
                out.resolve("resnet18_head5.pth").toString(), out.resolve("input.npy").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), "one JSON object on stdout");
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode logits = root.get("logits");
        assertEquals(2, logits.size(), "one row per sample");
        assertEquals(5, logits.get(0).size());
        float[] expected = Npy.load(out.resolve("logits.npy")).toFloatArray();
        assertNull(FinetuneFixtures.compare(expected, row(logits), 1e-4));
        assertTrue(!root.has("topk"), "no top-k for .npy inputs only");
    }

    @Test
    void imagesGetTheWeightsPresetAndTopKLabels() throws Exception {
        Path weights = dir.resolve("resnet18.pth");
        Torch.manualSeed(0);
        Module m = Models.create("resnet18");
        PthWriter.save(m.stateDict(), weights);
        Path img = dir.resolve("img.png");
        BufferedImage bi = new BufferedImage(90, 70, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 70; y++) {
            for (int x = 0; x < 90; x++) {
                bi.setRGB(x, y, (x * 3) << 16 | (y * 3) << 8 | ((x + y) & 0xff));
            }
        }
        ImageIO.write(bi, "png", img.toFile());
        Tensor x;
        Tensor expected;
        try (NoGrad ng = NoGrad.enter()) {
            x = ResNet18Weights.IMAGENET1K_V1.transforms().pipeline().apply(ImageLoader.load(img)).unsqueeze(0);
            m.eval();
            expected = m.forward(x);
        }
        Npy.save(dir.resolve("x.npy"), x);
        CliRun r = CliRun.of("predict", "--model", "resnet18", "--weights", weights.toString(), "--top-k", "3",
                img.toString(), dir.resolve("x.npy").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(2, root.get("logits").size(), "the image row, then the .npy row");
        float[] e = expected.toFloatArray();
        for (int i = 0; i < 2; i++) {
            JsonNode one = new ObjectMapper().createArrayNode().add(root.get("logits").get(i));
            assertNull(FinetuneFixtures.compare(e, row(one), 1e-5), "row " + i + ": the image went through the preset");
        }
        JsonNode top = root.get("topk").get(0);
        assertEquals(3, top.size());
        int best = (int) expected.argmax().itemLong();
        assertEquals(best, top.get(0).get("index").asInt());
        assertEquals(ResNet18Weights.IMAGENET1K_V1.categories().get(best), top.get(0).get("label").asText());
        double p = expected.softmax(1).toFloatArray()[best];
        assertEquals(p, top.get(0).get("prob").asDouble(), 1e-6);
        assertTrue(top.get(0).get("prob").asDouble() >= top.get(1).get("prob").asDouble());
        assertTrue(root.get("topk").get(1).isNull(), "no top-k for the .npy row");
        assertEquals(List.of(img.toString(), dir.resolve("x.npy").toString()),
                List.of(root.get("inputs").get(0).asText(), root.get("inputs").get(1).asText()));
    }

    @Test
    void aVitSpecOfAnotherImageSizeInterpolatesThePositionEmbeddingsOnLoad(@TempDir Path dir) throws Exception {
        Torch.manualSeed(0);
        Module trained = Models.create("vit_b_32(image_size=64, num_classes=4)");    // 2x2 patch grid
        Path weights = dir.resolve("vit64.pth");
        PthWriter.save(new java.util.LinkedHashMap<>(trained.stateDict()), weights);
        Path x = dir.resolve("x.npy");
        Npy.save(x, Torch.randn(2, 3, 96, 96));
        CliRun r = CliRun.of("predict", "--model", "vit_b_32(image_size=96)", "--num-classes", "4",
                "--weights", weights.toString(), x.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode logits = new ObjectMapper().readTree(r.out()).get("logits");
        assertEquals(2, logits.size());
        assertEquals(4, logits.get(0).size());
        // the same model file at its own size still loads; a size that is not a multiple of the patch fails
        CliRun odd = CliRun.of("predict", "--model", "vit_b_32(image_size=100)", "--num-classes", "4",
                "--weights", weights.toString(), x.toString(), "--format", "json");
        assertNotEquals(0, odd.code());
        assertTrue(odd.err().contains("32"), odd.err());
    }

    @Test
    void badInputsExitNonZeroWithOneLine() throws Exception {
        Path weights = dir.resolve("r.pth");
        Torch.manualSeed(0);
        PthWriter.save(Models.create("resnet18(num_classes=3)").stateDict(), weights);
        Npy.save(dir.resolve("x.npy"), Torch.randn(1, 3, 32, 32));
        CliRun wrongClasses = CliRun.of("predict", "--model", "resnet18", "--weights", weights.toString(),
                dir.resolve("x.npy").toString());
        assertNotEquals(0, wrongClasses.code());
        assertTrue(wrongClasses.err().contains("does not fit resnet18(num_classes=1000)")
                && wrongClasses.err().contains("fc.weight"), wrongClasses.err());
        CliRun unknown = CliRun.of("predict", "--model", "resnet19", "--weights", weights.toString(), dir.resolve("x.npy").toString());
        assertTrue(unknown.err().contains("did you mean 'resnet18'"), unknown.err());
        Npy.save(dir.resolve("bad.npy"), Torch.randn(3, 32, 32));
        CliRun bad = CliRun.of("predict", "--model", "resnet18", "--num-classes", "3", "--weights", weights.toString(),
                dir.resolve("bad.npy").toString());
        assertTrue(bad.err().contains("expected an NCHW float32 batch"), bad.err());
        CliRun missing = CliRun.of("predict", "--model", "resnet18", "--num-classes", "3", "--weights", weights.toString(),
                dir.resolve("nope.png").toString());
        assertTrue(missing.err().contains("no such file"), missing.err());
        assertEquals(1, missing.err().lines().count());
    }
}
