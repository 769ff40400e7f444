package dev.trainkit.vision.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.trainkit.hub.DownloadException;
import dev.trainkit.hub.Downloader;
import dev.trainkit.hub.HubCache;
import dev.trainkit.io.PthWriter;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.GoogLeNet;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.weights.EfficientNetB0Weights;
import dev.trainkit.vision.models.weights.ImageClassificationPreset;
import dev.trainkit.vision.models.weights.ResNet18Weights;
import dev.trainkit.vision.models.weights.ResNet50Weights;
import dev.trainkit.vision.models.weights.SqueezeNet1_1Weights;
import dev.trainkit.vision.models.weights.Weights;
import dev.trainkit.vision.models.weights.WeightsMeta;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretrained weights without the internet: a file a user already has under TORCH_HOME (a temp
 * dir laid out as torch.hub's), and a download from a loopback HTTP server with the hash-prefix
 * check. TORCH_HOME itself cannot be set in-JVM; its resolution is tested in HubCacheTest.
 */
class PretrainedTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private byte[] served;

    /** Weights like a generated enum's, but pointing at the loopback server. */
    private record TestWeights(String name, String builder, WeightsMeta meta) implements Weights {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, served.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(served);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Weights served(String builder, String fileName, String prefix) {
        WeightsMeta real = SqueezeNet1_1Weights.IMAGENET1K_V1.meta();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + fileName;
        return new TestWeights("IMAGENET1K_V1", builder, new WeightsMeta("Test_Weights.IMAGENET1K_V1", url, fileName,
                prefix, real.numParams(), "imagenet", new long[] {1, 1}, real.transforms(), 0, 0, ""));
    }

    private static Map<String, Tensor> seeded(String spec, Path file) throws Exception {
        Torch.manualSeed(3);
        Module m = Models.create(spec);
        PthWriter.save(m.stateDict(), file);
        return m.stateDict();
    }

    private static void assertSameState(Map<String, Tensor> expected, Module m) {
        Map<String, Tensor> got = m.stateDict();
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((k, v) -> assertTrue(v.equal(got.get(k)), k));
    }

    @Test
    void weightsTheUserAlreadyHasAreFoundUnderTorchHome() throws Exception {
        Path torchHome = dir.resolve("torch");
        Path checkpoints = torchHome.resolve("hub").resolve("checkpoints");
        Files.createDirectories(checkpoints);
        Map<String, Tensor> sd = seeded("resnet18", checkpoints.resolve("resnet18-f37072fd.pth"));
        // port 9: nothing listens, so any download attempt would fail
        Module m = Pretrained.load(ResNet18Weights.IMAGENET1K_V1, new HubCache(checkpoints),
                new Downloader().progress(false).retries(0));
        assertSameState(sd, m);
        assertTrue(m.isTraining(), "torchvision returns models in training mode");
        assertEquals(0, requests.get());
    }

    @Test
    void missingWeightsAreDownloadedHashCheckedAndCached() throws Exception {
        Path src = dir.resolve("src.pth");
        Map<String, Tensor> sd = seeded("squeezenet1_1", src);
        served = Files.readAllBytes(src);
        String prefix = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served)).substring(0, 8);
        Weights w = served("squeezenet1_1", "squeezenet1_1-" + prefix + ".pth", prefix);
        HubCache cache = new HubCache(dir.resolve("cache"));
        Downloader d = new Downloader().progress(false);
        assertSameState(sd, Pretrained.load(w, cache, d));
        assertTrue(Files.isRegularFile(cache.dir().resolve(w.fileName())), "cached under torchvision's file name");
        assertEquals(1, requests.get());
        assertSameState(sd, Pretrained.load(w, cache, d));
        assertEquals(1, requests.get(), "the second load is served from the cache");
    }

    @Test
    void aHashMismatchLeavesNothingInTheCache() throws Exception {
        served = Files.readAllBytes(Files.writeString(dir.resolve("junk.pth"), "not the weights"));
        Weights w = served("squeezenet1_1", "squeezenet1_1-0123abcd.pth", "0123abcd");
        HubCache cache = new HubCache(dir.resolve("cache"));
        DownloadException e = assertThrows(DownloadException.class,
                () -> Pretrained.load(w, cache, new Downloader().progress(false)));
        assertTrue(e.getMessage().contains("expected it to start with 0123abcd"), e.getMessage());
        assertFalse(Files.exists(cache.dir().resolve(w.fileName())));
    }

    @Test
    void aFileThatDoesNotFitTheModelNamesTheKeys() throws Exception {
        Path checkpoints = dir.resolve("c");
        Files.createDirectories(checkpoints);
        seeded("resnet34", checkpoints.resolve("resnet18-f37072fd.pth"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pretrained.load(ResNet18Weights.IMAGENET1K_V1, new HubCache(checkpoints), new Downloader()));
        assertTrue(e.getMessage().contains("ResNet18_Weights.IMAGENET1K_V1") && e.getMessage().contains("unexpected keys"),
                e.getMessage());
    }

    @Test
    void googlenetIsBuiltAsTorchvisionDoesForItsWeights() throws Exception {
        Path checkpoints = dir.resolve("c");
        Files.createDirectories(checkpoints);
        Weights w = Pretrained.weights("googlenet");
        seeded("googlenet(transform_input=True, init_weights=False)", checkpoints.resolve(w.fileName()));
        GoogLeNet g = (GoogLeNet) Pretrained.load(w, new HubCache(checkpoints), new Downloader());
        assertFalse(g.hasAuxLogits(), "aux heads loaded, then dropped (aux_logits=False)");
        assertNull(g.namedModules().get("aux1"));
    }

    @Test
    void weightsByName() {
        assertSame(ResNet18Weights.IMAGENET1K_V1, Pretrained.weights("resnet18"));
        assertSame(ResNet50Weights.IMAGENET1K_V2, Pretrained.weights("resnet50"));
        assertSame(ResNet50Weights.IMAGENET1K_V1, Pretrained.weights("ResNet50_Weights.IMAGENET1K_V1"));
        assertSame(ResNet50Weights.IMAGENET1K_V2, Pretrained.weights("ResNet50_Weights.DEFAULT"));
        assertSame(ResNet50Weights.IMAGENET1K_V1, Pretrained.weights("resnet50:IMAGENET1K_V1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pretrained.weights("resnet19"));
        assertTrue(e.getMessage().contains("did you mean"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pretrained.weights("ResNet18_Weights.V9"));
        assertThrows(IllegalArgumentException.class, () -> Pretrained.weights(""));
    }

    @Test
    void presetPipelineMatchesTorchvisionsImageClassification() throws Exception {
        checkPreset(ResNet18Weights.IMAGENET1K_V1.transforms(), "preset.npy");
    }

    @Test
    void bicubicPresetPipelineMatchesTorchvisions() throws Exception {
        ImageClassificationPreset p = EfficientNetB0Weights.IMAGENET1K_V1.transforms();
        assertEquals("bicubic", p.interpolation());
        checkPreset(p, "preset_efficientnet_b0.npy");
    }

    private static void checkPreset(ImageClassificationPreset preset, String file) throws Exception {
        Path out = FinetuneFixtures.OUT.resolve("preset");
        FinetuneFixtures.run("preset", out.toString());
        Tensor img = dev.trainkit.tensor.Npy.load(out.resolve("image.npy"));
        float[] expected = dev.trainkit.tensor.Npy.load(out.resolve(file)).toFloatArray();
        float[] got = preset.pipeline().apply(img).toFloatArray();
        assertEquals(expected.length, got.length);
        // both resize uint8 in float and round back; a value on a .5 boundary may round the other
        // way, one grey level: 1/255/std after normalisation
        double oneLevel = 1 / 255.0 / 0.224 + 1e-5;
        double sum = 0;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(got[i] - expected[i]);
            assertTrue(d <= oneLevel, "[" + i + "] expected " + expected[i] + " got " + got[i]);
            sum += d;
        }
        assertTrue(sum / got.length < 1e-3, "mean difference " + sum / got.length);
    }

    @Test
    void presetPipelineOrderAndSizes() {
        ImageClassificationPreset p = ResNet50Weights.IMAGENET1K_V2.transforms();
        assertEquals("Compose(Resize(size=[232], interpolation=BILINEAR, max_size=null, antialias=true),"
                + " CenterCrop(size=(224, 224)), ToTensor(), Normalize(mean=[0.485, 0.456, 0.406],"
                + " std=[0.229, 0.224, 0.225]))", p.pipeline().toString());
        Tensor img = Torch.randint(0, 256, 3, 300, 400).to(dev.trainkit.tensor.DType.UINT8);
        Tensor x = p.pipeline().apply(img);
        assertEquals("[3, 224, 224]", java.util.Arrays.toString(x.shape()));
        assertEquals(dev.trainkit.tensor.DType.FLOAT32, x.dtype());
    }
}
