package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecTuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ResNet, ResNeXt and Wide ResNet ({@code torchvision.models.resnet}): head {@code fc}; blocks
 * {@code stem} (conv1, bn1), {@code layer1}..{@code layer4}, {@code head}. The ResNeXt and wide
 * builders fix {@code groups} and {@code width_per_group}, so they do not offer them (torchvision's
 * {@code _ovewrite_named_param} refuses another value).
 */
final class ResNetFamily implements ModelFamily {
    private final List<Registration<ModelBuilder>> builders = new ArrayList<>();

    ResNetFamily() {
        plain("resnet18", "ResNet-18", ResNetBlock.BASIC, 2, 2, 2, 2);
        plain("resnet34", "ResNet-34", ResNetBlock.BASIC, 3, 4, 6, 3);
        plain("resnet50", "ResNet-50", ResNetBlock.BOTTLENECK, 3, 4, 6, 3);
        plain("resnet101", "ResNet-101", ResNetBlock.BOTTLENECK, 3, 4, 23, 3);
        plain("resnet152", "ResNet-152", ResNetBlock.BOTTLENECK, 3, 8, 36, 3);
        fixed("resnext50_32x4d", "ResNeXt-50 32x4d", 32, 4, 3, 4, 6, 3);
        fixed("resnext101_32x8d", "ResNeXt-101 32x8d", 32, 8, 3, 4, 23, 3);
        fixed("resnext101_64x4d", "ResNeXt-101 64x4d", 64, 4, 3, 4, 23, 3);
        fixed("wide_resnet50_2", "Wide ResNet-50-2", 1, 128, 3, 4, 6, 3);
        fixed("wide_resnet101_2", "Wide ResNet-101-2", 1, 128, 3, 4, 23, 3);
    }

    private void plain(String name, String title, ResNetBlock block, int... layers) {
        builders.add(new Registration<>(signature(name).keywordOnly("zero_init_residual", false)
                .keywordOnly("groups", 1L).keywordOnly("width_per_group", 64L)
                .keywordOnly("replace_stride_with_dilation", null).build(), title,
                a -> build(a, block, layers, a.getLong("groups"), a.getLong("width_per_group"))));
    }

    private void fixed(String name, String title, long groups, long width, int... layers) {
        builders.add(new Registration<>(signature(name).keywordOnly("zero_init_residual", false)
                .keywordOnly("replace_stride_with_dilation", null).build(), title,
                a -> build(a, ResNetBlock.BOTTLENECK, layers, groups, width)));
    }

    private static Module build(SpecArgs a, ResNetBlock block, int[] layers, long groups, long width) {
        return new ResNet(block, layers, a.getLong("num_classes"), a.getBool("zero_init_residual"), groups, width,
                boolList(a, "replace_stride_with_dilation"));
    }

    /** A list or tuple of bools, or {@code null} for None. */
    private static boolean[] boolList(SpecArgs a, String name) {
        Object v = a.get(name);
        if (v == null) {
            return null;
        }
        List<?> items = v instanceof List<?> l ? l : v instanceof SpecTuple t ? t.items() : null;
        if (items == null) {
            throw new SpecException(a.callName() + ": argument '" + name + "': expected a list of bools, got " + v);
        }
        boolean[] out = new boolean[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Boolean b)) {
                throw new SpecException(a.callName() + ": argument '" + name + "': expected a list of bools, got " + v);
            }
            out[i] = b;
        }
        return out;
    }

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.copyOf(builders);
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof ResNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("fc");
    }

    /** relu (conv1, bn1, relu: stride 2), then layer1 (after the max pool) .. layer4. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        List<FeatureStage> out = new ArrayList<>();
        Conv2d conv1 = (Conv2d) model.child("conv1");
        long reduction = conv1.stride()[0];
        out.add(FeatureStage.of("relu", FeatureStages.channels(model.child("bn1")), reduction,
                x -> model.child("relu").forward(model.child("bn1").forward(conv1.forward(x)))));
        reduction *= 2; // torchvision's maxpool: kernel 3, stride 2
        for (String l : List.of("layer1", "layer2", "layer3", "layer4")) {
            Module layer = model.child(l);
            reduction *= FeatureStages.stageStride(layer);
            Module pool = l.equals("layer1") ? model.child("maxpool") : null;
            out.add(FeatureStage.of(l, FeatureStages.channels(layer), reduction,
                    x -> layer.forward(pool == null ? x : pool.forward(x))));
        }
        return out;
    }

    @Override
    public Map<String, List<String>> blocks(Module model) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("stem", List.of("conv1", "bn1"));
        for (String l : List.of("layer1", "layer2", "layer3", "layer4")) {
            out.put(l, List.of(l));
        }
        out.put("head", List.of("fc"));
        return out;
    }
}
