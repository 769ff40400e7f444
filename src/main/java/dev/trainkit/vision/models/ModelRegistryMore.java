package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelRegistry.put;

import java.util.List;
import java.util.Map;

/** The builders after the ResNet family, with torchvision's keyword arguments and defaults. */
final class ModelRegistryMore {
    private static final String NC = "num_classes";

    private ModelRegistryMore() {
    }

    static void register(Map<String, ModelEntry> m) {
        put(m, "alexnet", "alexnet", List.of(NC, "dropout"),
                a -> new AlexNet(a.getLong(NC, 1000), a.getDouble("dropout", 0.5)));
        for (String depth : new String[] {"vgg11", "vgg13", "vgg16", "vgg19"}) {
            for (boolean bn : new boolean[] {false, true}) {
                put(m, depth + (bn ? "_bn" : ""), "vgg", List.of(NC, "init_weights", "dropout"),
                        a -> VGG.create(depth, bn, a.getLong(NC, 1000), a.getBool("init_weights", true),
                                a.getDouble("dropout", 0.5)));
            }
        }
        for (String v : new String[] {"1_0", "1_1"}) {
            put(m, "squeezenet" + v, "squeezenet", List.of(NC, "dropout"),
                    a -> new SqueezeNet(v, a.getLong(NC, 1000), a.getDouble("dropout", 0.5)));
        }
        densenet(m, "densenet121", 32, new int[] {6, 12, 24, 16}, 64);
        densenet(m, "densenet161", 48, new int[] {6, 12, 36, 24}, 96);
        densenet(m, "densenet169", 32, new int[] {6, 12, 32, 32}, 64);
        densenet(m, "densenet201", 32, new int[] {6, 12, 48, 32}, 64);
        put(m, "inception_v3", "inception", List.of(NC, "aux_logits", "transform_input", "init_weights", "dropout"),
                a -> new Inception3(a.getLong(NC, 1000), a.getBool("aux_logits", true),
                        a.getBool("transform_input", false), a.getBool("init_weights", true),
                        a.getDouble("dropout", 0.5)));
        put(m, "googlenet", "googlenet",
                List.of(NC, "aux_logits", "transform_input", "init_weights", "dropout", "dropout_aux"),
                a -> new GoogLeNet(a.getLong(NC, 1000), a.getBool("aux_logits", true),
                        a.getBool("transform_input", false), a.getBool("init_weights", true),
                        a.getDouble("dropout", 0.2), a.getDouble("dropout_aux", 0.7)));
        for (String w : new String[] {"x0_5", "x1_0", "x1_5", "x2_0"}) {
            put(m, "shufflenet_v2_" + w, "shufflenetv2", List.of(NC),
                    a -> ShuffleNetV2.create(w, a.getLong(NC, 1000)));
        }
        put(m, "mobilenet_v2", "mobilenetv2", List.of(NC, "width_mult", "round_nearest", "dropout"),
                a -> new MobileNetV2(a.getLong(NC, 1000), a.getDouble("width_mult", 1.0),
                        a.getLong("round_nearest", 8), a.getDouble("dropout", 0.2)));
        for (String arch : new String[] {"large", "small"}) {
            put(m, "mobilenet_v3_" + arch, "mobilenetv3",
                    List.of(NC, "dropout", "width_mult", "reduced_tail", "dilated"),
                    a -> MobileNetV3.create(arch, a.getLong(NC, 1000), a.getDouble("dropout", 0.2),
                            a.getDouble("width_mult", 1.0), a.getBool("reduced_tail", false),
                            a.getBool("dilated", false)));
        }
        mnasnet(m, "mnasnet0_5", 0.5);
        mnasnet(m, "mnasnet0_75", 0.75);
        mnasnet(m, "mnasnet1_0", 1.0);
        mnasnet(m, "mnasnet1_3", 1.3);
        // torchvision's efficientnet builders pass dropout positionally: dropout=... is a TypeError there
        for (String arch : EfficientNetConfig.ARCHS) {
            put(m, "efficientnet_" + arch, "efficientnet", List.of(NC, "stochastic_depth_prob"),
                    a -> EfficientNet.create(arch, a.getLong(NC, 1000), EfficientNet.defaultDropout(arch),
                            a.getDouble("stochastic_depth_prob", 0.2)));
        }
        convnext(m, "tiny", 0.1);
        convnext(m, "small", 0.4);
        convnext(m, "base", 0.5);
        convnext(m, "large", 0.5);
    }

    /** torchvision pops stochastic_depth_prob with a per-size default; layer_scale defaults to 1e-6. */
    private static void convnext(Map<String, ModelEntry> m, String arch, double sdProb) {
        put(m, "convnext_" + arch, "convnext", List.of(NC, "stochastic_depth_prob", "layer_scale"),
                a -> ConvNeXt.create(arch, a.getLong(NC, 1000), a.getDouble("stochastic_depth_prob", sdProb),
                        a.getDouble("layer_scale", 1e-6)));
    }

    private static void densenet(Map<String, ModelEntry> m, String name, long growth, int[] blocks, long init) {
        put(m, name, "densenet", List.of(NC, "bn_size", "drop_rate"),
                a -> new DenseNet(growth, blocks, init, a.getLong("bn_size", 4), a.getDouble("drop_rate", 0),
                        a.getLong(NC, 1000)));
    }

    private static void mnasnet(Map<String, ModelEntry> m, String name, double alpha) {
        put(m, name, "mnasnet", List.of(NC, "dropout"),
                a -> new MNASNet(alpha, a.getLong(NC, 1000), a.getDouble("dropout", 0.2)));
    }
}
