package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Flatten;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.vision.models.Models;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model specs for the CLI and the demo: {@code mlp(hidden=[128], dropout=0.0)} and
 * {@code cnn(channels=[16, 32], dropout=0.0)} are built in, and every torchvision zoo name
 * ({@code resnet18}, {@code mobilenet_v3_small(dropout=0.1)}, see {@link Models}) works too.
 * {@code num_classes} defaults to the data's class count.
 *
 * <pre>{@code
 * Module m = ModelSpecs.create("mlp(hidden=[64, 32])", new long[] {1, 28, 28}, 10);
 * // nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
 * }</pre>
 */
public final class ModelSpecs {
    private record Entry(List<String> params, ShapedModelFactory factory) {
    }

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        register("mlp", List.of("hidden", "dropout", "num_classes"), ModelSpecs::mlp);
        register("cnn", List.of("channels", "dropout", "num_classes"), ModelSpecs::cnn);
    }

    private ModelSpecs() {
    }

    /** Registers (or replaces) a model name with its parameter names in signature order. */
    public static synchronized void register(String name, List<String> params, ShapedModelFactory factory) {
        MODELS.put(name, new Entry(List.copyOf(params), factory));
    }

    /** The registered names. */
    public static synchronized List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /** The model for {@code spec} on samples shaped {@code inputShape} with {@code numClasses} classes. */
    public static Module create(String spec, long[] inputShape, int numClasses) {
        SpecCall call = SpecParser.parse(spec);
        Entry e;
        synchronized (ModelSpecs.class) {
            e = MODELS.get(call.name());
        }
        if (e == null && Models.listModels().contains(call.name())) {
            return zoo(call, numClasses);
        }
        if (e == null) {
            List<String> all = new ArrayList<>(names());
            all.addAll(Models.listModels());
            throw new SpecException("model: unknown model '" + call.name() + "'"
                    + NameSuggester.didYouMean(call.name(), all) + "; valid models: " + String.join(", ", all));
        }
        SpecArgs args = SpecArgs.bind(call, e.params());
        int classes = args.has("num_classes") ? args.getInt("num_classes") : numClasses;
        return e.factory().create(args, inputShape, classes);
    }

    /** A torchvision zoo model; {@code num_classes} defaults to the data's class count. */
    private static Module zoo(SpecCall call, int numClasses) {
        if (call.kwargs().containsKey("num_classes")) {
            return Models.create(call);
        }
        java.util.LinkedHashMap<String, Object> kwargs = new java.util.LinkedHashMap<>(call.kwargs());
        kwargs.put("num_classes", (long) numClasses);
        return Models.create(new SpecCall(call.name(), call.args(), kwargs));
    }

    private static Module mlp(SpecArgs a, long[] in, int classes) {
        List<Long> hidden = a.has("hidden") ? a.getLongList("hidden") : List.of(128L);
        double dropout = a.getDouble("dropout", 0.0);
        long width = 1;
        for (long s : in) {
            width *= s;
        }
        List<Module> layers = new ArrayList<>();
        layers.add(new Flatten());
        for (long h : hidden) {
            layers.add(new Linear(width, h));
            layers.add(new ReLU());
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
            width = h;
        }
        layers.add(new Linear(width, classes));
        return new Sequential(layers.toArray(new Module[0]));
    }

    private static Module cnn(SpecArgs a, long[] in, int classes) {
        if (in.length != 3) {
            throw new IllegalArgumentException("cnn: expected image samples [C, H, W], got shape "
                    + java.util.Arrays.toString(in));
        }
        List<Long> channels = a.has("channels") ? a.getLongList("channels") : List.of(16L, 32L);
        double dropout = a.getDouble("dropout", 0.0);
        List<Module> layers = new ArrayList<>();
        long c = in[0];
        for (long out : channels) {
            layers.add(new Conv2d(c, out, 3, 1, 1));
            layers.add(new BatchNorm2d(out));
            layers.add(new ReLU());
            layers.add(new MaxPool2d(2));
            c = out;
        }
        layers.add(new AdaptiveAvgPool2d(1));
        layers.add(new Flatten());
        if (dropout > 0) {
            layers.add(new Dropout(dropout));
        }
        layers.add(new Linear(c, classes));
        return new Sequential(layers.toArray(new Module[0]));
    }
}
