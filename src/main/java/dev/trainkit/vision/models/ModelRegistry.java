package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every builder by name, with torchvision's keyword arguments and defaults. Builder-fixed
 * arguments (e.g. resnext50_32x4d's groups) are not offered, as torchvision's
 * {@code _ovewrite_named_param} refuses a different value.
 */
final class ModelRegistry {
    static final Map<String, ModelEntry> ENTRIES = build();

    private ModelRegistry() {
    }

    private static Map<String, ModelEntry> build() {
        Map<String, ModelEntry> m = new LinkedHashMap<>();
        List<String> resnetArgs = List.of("num_classes", "zero_init_residual", "groups", "width_per_group",
                "replace_stride_with_dilation");
        List<String> fixedArgs = List.of("num_classes", "zero_init_residual", "replace_stride_with_dilation");
        resnet(m, "resnet18", ResNetBlock.BASIC, new int[] {2, 2, 2, 2}, 0, 0, resnetArgs);
        resnet(m, "resnet34", ResNetBlock.BASIC, new int[] {3, 4, 6, 3}, 0, 0, resnetArgs);
        resnet(m, "resnet50", ResNetBlock.BOTTLENECK, new int[] {3, 4, 6, 3}, 0, 0, resnetArgs);
        resnet(m, "resnet101", ResNetBlock.BOTTLENECK, new int[] {3, 4, 23, 3}, 0, 0, resnetArgs);
        resnet(m, "resnet152", ResNetBlock.BOTTLENECK, new int[] {3, 8, 36, 3}, 0, 0, resnetArgs);
        resnet(m, "resnext50_32x4d", ResNetBlock.BOTTLENECK, new int[] {3, 4, 6, 3}, 32, 4, fixedArgs);
        resnet(m, "resnext101_32x8d", ResNetBlock.BOTTLENECK, new int[] {3, 4, 23, 3}, 32, 8, fixedArgs);
        resnet(m, "resnext101_64x4d", ResNetBlock.BOTTLENECK, new int[] {3, 4, 23, 3}, 64, 4, fixedArgs);
        resnet(m, "wide_resnet50_2", ResNetBlock.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 128, fixedArgs);
        resnet(m, "wide_resnet101_2", ResNetBlock.BOTTLENECK, new int[] {3, 4, 23, 3}, 1, 128, fixedArgs);
        ModelRegistryMore.register(m);
        ModelRegistryRegNetSwin.register(m);
        return m;
    }

    static void put(Map<String, ModelEntry> m, String name, String family, List<String> args,
            Function<SpecArgs, Module> factory) {
        m.put(name, new ModelEntry(new ModelInfo(name, family, args), factory));
    }

    /** groups/width 0 = taken from the spec (plain resnets); otherwise fixed by the builder. */
    private static void resnet(Map<String, ModelEntry> m, String name, ResNetBlock block, int[] layers, long groups,
            long width, List<String> args) {
        put(m, name, "resnet", args, a -> new ResNet(block, layers, a.getLong("num_classes", 1000),
                a.getBool("zero_init_residual", false), groups == 0 ? a.getLong("groups", 1) : groups,
                width == 0 ? a.getLong("width_per_group", 64) : width, boolList(a, "replace_stride_with_dilation")));
    }

    static boolean[] boolList(SpecArgs a, String name) {
        Object v = a.get(name);
        if (v == null) {
            return null;
        }
        List<?> items = v instanceof List<?> l ? l : v instanceof dev.trainkit.spec.SpecTuple t ? t.items() : null;
        if (items == null) {
            throw new SpecException(a.callName() + ": argument '" + name + "': expected a list of bools, got " + v);
        }
        boolean[] out = new boolean[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Boolean b)) {
                throw new SpecException(a.callName() + ": argument '" + name + "': expected a list of bools, got "
                        + v);
            }
            out[i] = b;
        }
        return out;
    }
}
