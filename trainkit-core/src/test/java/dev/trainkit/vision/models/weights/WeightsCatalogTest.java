package dev.trainkit.vision.models.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.vision.models.Models;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generated weights enums (data from torchvision 0.14 via tools/codegen/gen_zoo_weights.py):
 * consistency of URL, file name and hash prefix, DEFAULT aliases, lookups and errors.
 */
class WeightsCatalogTest {
    private static final Pattern HASH = Pattern.compile("-([a-f0-9]*)\\.");   // torch.hub.HASH_REGEX

    @Test
    void everyBuilderHasWeightsWhoseFileNameUrlAndHashAgree() {
        assertEquals(Models.listModels().stream().sorted().toList(),
                WeightsCatalog.models().stream().sorted().toList());
        for (String model : WeightsCatalog.models()) {
            List<Weights> all = WeightsCatalog.forModel(model);
            assertTrue(all.contains(WeightsCatalog.defaultFor(model)), model);
            for (Weights w : all) {
                assertEquals(model, w.builder());
                assertTrue(w.url().startsWith("https://download.pytorch.org/models/")
                        && w.url().endsWith("/" + w.fileName()), w.url());
                Matcher m = HASH.matcher(w.fileName());
                assertTrue(m.find(), w.fileName());
                assertEquals(m.group(1), w.sha256Prefix());
                assertTrue(w.sha256Prefix().length() >= 8, w.sha256Prefix());
                assertTrue(w.meta().torchvisionName().endsWith("_Weights." + w.name()), w.meta().torchvisionName());
                ImageClassificationPreset p = w.transforms();
                assertTrue(p.cropSize() <= p.resizeSize(), p.toString());
                assertEquals(3, p.mean().length);
            }
        }
    }

    @Test
    void defaultIsAnAliasAsInTorchvision() {
        assertSame(ResNet50Weights.IMAGENET1K_V2, ResNet50Weights.DEFAULT);
        assertSame(ResNet18Weights.IMAGENET1K_V1, ResNet18Weights.DEFAULT);
        assertEquals(2, ResNet50Weights.values().length);   // DEFAULT is not a separate member
        assertSame(ResNet50Weights.DEFAULT, WeightsCatalog.get("ResNet50_Weights.DEFAULT"));
        assertSame(ResNet50Weights.IMAGENET1K_V1, WeightsCatalog.get("ResNet50_Weights.IMAGENET1K_V1"));
        assertSame(MobileNetV3SmallWeights.DEFAULT, WeightsCatalog.get("mobilenet_v3_small", "DEFAULT"));
        assertSame(VGG16Weights.IMAGENET1K_FEATURES, WeightsCatalog.get("vgg16", "IMAGENET1K_FEATURES"));
    }

    @Test
    void numParamsMatchTheBuildersDefaults() {
        for (String model : WeightsCatalog.models()) {
            if (model.equals("googlenet")) {
                continue; // its weights come without the auxiliary heads (checked below)
            }
            for (Weights w : WeightsCatalog.forModel(model)) {
                if (model.startsWith("vit_") && w.meta().minSize()[0] != 224) {
                    continue; // SWAG E2E weights fit a larger image_size: more position embeddings (VisionTransformerTest)
                }
                assertEquals(Models.defaultParameterCount(model), w.numParams(), model + " " + w.name());
            }
        }
        assertEquals(GoogLeNetWeights.DEFAULT.numParams(),
                Models.create("googlenet(aux_logits=False, init_weights=False)").parameterCount(false));
    }

    @Test
    void categoriesAreImageNetsThousandOrNoneForFeatureWeights() {
        List<String> c = ResNet18Weights.DEFAULT.categories();
        assertEquals(1000, c.size());
        assertEquals(c, AlexNetWeights.DEFAULT.categories());
        assertEquals(1000, c.stream().distinct().count());   // torchvision 0.14's list has no duplicates
        assertEquals("tench", c.get(0));                      // _IMAGENET_CATEGORIES[0]
        assertEquals("toilet tissue", c.get(999));            // _IMAGENET_CATEGORIES[-1]
        assertTrue(VGG16Weights.IMAGENET1K_FEATURES.categories().isEmpty());
        assertTrue(Double.isNaN(VGG16Weights.IMAGENET1K_FEATURES.meta().acc1()));
    }

    @Test
    void unknownNamesSuggestTheClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightsCatalog.forModel("resnet5"));
        assertTrue(e.getMessage().contains("did you mean 'resnet50'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightsCatalog.get("resnet50", "IMAGENET1K_V3"));
        assertTrue(e.getMessage().contains("IMAGENET1K_V1, IMAGENET1K_V2, DEFAULT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightsCatalog.get("ResNet50_Weight.IMAGENET1K_V1"));
        assertTrue(e.getMessage().contains("did you mean 'ResNet50_Weights.IMAGENET1K_V1'"), e.getMessage());
    }

    @Test
    void presetValidatesItsValues() {
        double[] rgb = {0.5, 0.5, 0.5};
        assertThrows(IllegalArgumentException.class, () -> new ImageClassificationPreset(0, 256, rgb, rgb, "bilinear"));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageClassificationPreset(224, 256, rgb, new double[] {1, 0, 1}, "bilinear"));
        assertThrows(IllegalArgumentException.class, () -> new ImageClassificationPreset(224, 256, rgb, rgb, "area"));
        ImageClassificationPreset p = new ImageClassificationPreset(224, 256, rgb, rgb, "bicubic");
        p.mean()[0] = 9;
        assertEquals(0.5, p.mean()[0]);
        assertTrue(p.pipeline().toString().startsWith("Compose(Resize(size=[256], interpolation=BICUBIC,"
                + " max_size=null, antialias=true)"), p.pipeline().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageClassificationPreset(224, 256, rgb, rgb, "nearest").pipeline());
        assertTrue(e.getMessage().contains("'nearest'") && e.getMessage().contains("bilinear or bicubic"),
                e.getMessage());
    }
}
