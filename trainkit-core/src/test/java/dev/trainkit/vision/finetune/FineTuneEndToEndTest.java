package dev.trainkit.vision.finetune;

import dev.trainkit.nn.finetune.BatchNormStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.hub.Downloader;
import dev.trainkit.hub.HubCache;
import dev.trainkit.io.PthWriter;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.finetune.Freezer;
import dev.trainkit.nn.finetune.TrainableParameters;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.optim.SGD;
import dev.trainkit.optim.finetune.ParamGroups;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.weights.ResNet18Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": torchvision weights (a resnet18 state dict saved by Debian's
 * torchvision, standing in for the ImageNet file, already in the torch hub cache) are loaded,
 * the head replaced (4 classes), the backbone frozen with its BatchNorm statistics, a few steps
 * trained on tiny synthetic images, the result saved with PthWriter and loaded back in Python
 * into torchvision's resnet18(num_classes=4) strictly, giving Java's logits.
 */
class FineTuneEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void fineTuneTorchvisionWeightsAndLoadTheResultBackInPython() throws Exception {
        Path fixtures = FinetuneFixtures.OUT.resolve("e2e");
        FinetuneFixtures.run("pretrained", fixtures.toString());
        Path checkpoints = dir.resolve("torch").resolve("hub").resolve("checkpoints");
        Files.createDirectories(checkpoints);
        Files.copy(fixtures.resolve("resnet18.pth"), checkpoints.resolve(ResNet18Weights.IMAGENET1K_V1.fileName()));

        Module model = Pretrained.load(ResNet18Weights.IMAGENET1K_V1, new HubCache(checkpoints),
                new Downloader().progress(false).retries(0));
        Heads.replace(model, 4);
        assertEquals(List.of("fc.weight", "fc.bias"), Freezer.freezeAllExcept(model, BatchNormStats.LOCKED, "fc"));
        TrainableParameters counts = Freezer.counts(model);
        assertEquals(512 * 4 + 4, counts.trainable());
        Map<String, Tensor> before = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> before.put(k, v.clone()));

        // four classes told apart by colour, with noise
        Torch.manualSeed(7);
        int n = 16;
        long[] labels = new long[n];
        List<Tensor> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            float[] mean = {labels[i] == 0 ? 1 : -0.5f, labels[i] == 1 ? 1 : -0.5f, labels[i] == 2 ? 1 : -0.5f};
            if (labels[i] == 3) {
                mean = new float[] {-1, -1, -1};
            }
            images.add(Torch.randn(3, 32, 32).mul(0.3).add(Torch.tensor(mean, 3, 1, 1)));
        }
        Tensor x = Torch.stack(images, 0);
        Tensor y = Torch.tensor(labels, n);
        SGD opt = new SGD(ParamGroups.of(model).block("head", "fc").trainableOnly().build(),
                Map.of("lr", 5e-3, "momentum", 0.9));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        model.train();
        assertFalse(model.getSubmodule("layer1.0.bn1").isTraining(), "BN locked in eval mode");
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 10; step++) {
            try (TensorScope s = TensorScope.open()) {
                opt.zeroGrad();
                Tensor loss = ce.forward(model.forward(x), y);
                loss.backward();
                opt.step();
                losses.add(loss.item());
            }
        }
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) * 0.8, "loss decreases: " + losses);

        Map<String, Tensor> after = model.stateDict();
        for (Map.Entry<String, Tensor> e : before.entrySet()) {
            boolean head = e.getKey().startsWith("fc.");
            assertEquals(!head, e.getValue().equal(after.get(e.getKey())),
                    e.getKey() + (head ? " trained" : " bitwise unchanged (parameters and BN statistics)"));
        }

        Path saved = dir.resolve("finetuned.pth");
        PthWriter.save(model.stateDict(), saved);
        Tensor probe;
        Tensor javaLogits;
        try (NoGrad ng = NoGrad.enter()) {
            probe = x.narrow(0, 0, 4).contiguous();
            model.eval();
            javaLogits = model.forward(probe);
        }
        Npy.save(dir.resolve("probe.npy"), probe);
        Path pyLogits = dir.resolve("py_logits.npy");
        String out = FinetuneFixtures.run("check", saved.toString(), dir.resolve("probe.npy").toString(),
                pyLogits.toString(), "4");
        JsonNode r = new ObjectMapper().readTree(out);
        assertEquals("[]", r.get("missing").toString());
        assertEquals("[]", r.get("unexpected").toString());
        assertEquals(122, r.get("keys").asInt(), "resnet18's 122 state-dict entries");
        assertNull(FinetuneFixtures.compare(Npy.load(pyLogits).toFloatArray(), javaLogits.toFloatArray(), 1e-4));
    }
}
