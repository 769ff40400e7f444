package dev.trainkit.bench;

import dev.trainkit.nn.Conv1d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the multiply-accumulates (MACs) of a model's convolutions and linear layers in one
 * forward pass, with the shapes of a real forward pass: every {@link Conv1d}, {@link Conv2d} and
 * {@link Linear} is wrapped for the pass by a module that records its output size. A convolution
 * costs {@code out.numel() × in_channels/groups × prod(kernel)} MACs (the weight's
 * {@code numel / out_channels} per output element), a linear layer {@code out.numel() × in_features}.
 * FLOPs are 2 × MACs. Other ops (BN, ReLU, pooling, additions) are not counted, as in the usual
 * "ResNet-18 = 1.8 GFLOPs at 224²" figure (which counts MACs).
 *
 * <pre>{@code
 * long macs = FlopCounter.forwardMacs(Models.create("resnet18(num_classes=10)"), 1, 3, 112, 112);
 * // fvcore.nn.FlopCountAnalysis(model, torch.randn(1, 3, 112, 112)).total()  (counts MACs too)
 * }</pre>
 *
 * <p>Models must read their children through {@link Module#child} in {@code forward} (all zoo
 * models do), so that the wrappers are seen; the model is run in eval mode without gradients and
 * left as it was.
 */
public final class FlopCounter {
    private FlopCounter() {
    }

    /** MACs of one forward pass of {@code model} on a random input of {@code inputShape}. */
    public static long forwardMacs(Module model, long... inputShape) {
        long total = 0;
        for (long v : macsByModule(model, inputShape).values()) {
            total += v;
        }
        return total;
    }

    /**
     * MACs per convolution/linear module (by dotted name, in call order) for one forward pass of
     * {@code model} on a random float32 input of {@code inputShape}.
     *
     * @throws IllegalArgumentException if the model has no convolution or linear layer
     */
    public static Map<String, Long> macsByModule(Module model, long... inputShape) {
        Map<String, Module> targets = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            Module m = e.getValue();
            if (!e.getKey().isEmpty() && (m instanceof Conv1d || m instanceof Conv2d || m instanceof Linear)) {
                targets.put(e.getKey(), m);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("FlopCounter: " + model.getClass().getSimpleName()
                    + " has no Conv1d, Conv2d or Linear submodule to count");
        }
        Map<String, Long> macs = new LinkedHashMap<>();
        List<String> wrapped = new ArrayList<>();
        boolean training = model.isTraining();
        try {
            for (Map.Entry<String, Module> e : targets.entrySet()) {
                model.setSubmodule(e.getKey(), new Recorder(e.getKey(), e.getValue(), macs));
                wrapped.add(e.getKey());
            }
            model.eval();
            try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
                model.forward(Torch.randn(inputShape));
            }
        } finally {
            for (String name : wrapped) {
                model.setSubmodule(name, targets.get(name));
            }
            model.train(training);
        }
        return macs;
    }

    /** MACs per output element of a convolution or linear layer: its weight's numel / out features. */
    static long macsPerOutput(Module layer) {
        Tensor w = layer.namedParameters().get("weight");
        long[] shape = w.shape();
        return w.numel() / shape[0];
    }

    /** Stands in for a layer during the counting pass and adds its MACs under its name. */
    private static final class Recorder extends Module {
        private final String name;
        private final Module inner;
        private final Map<String, Long> macs;

        Recorder(String name, Module inner, Map<String, Long> macs) {
            this.name = name;
            this.inner = inner;
            this.macs = macs;
        }

        @Override
        public Tensor forward(Tensor input) {
            Tensor out = inner.forward(input);
            macs.merge(name, out.numel() * macsPerOutput(inner), Long::sum);
            return out;
        }
    }
}
