package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Inception v3, as torchvision's {@code Inception3}: Conv2d_1a_3x3 .. Mixed_7c, the optional
 * auxiliary head {@code AuxLogits} (after Mixed_6e), {@code avgpool}, {@code dropout} and the
 * head {@code fc}. Inputs must be at least 75×75 (299×299 for the auxiliary head in training).
 * Init (with {@code initWeights}): conv and linear weights trunc_normal(0, 0.1², [−2, 2]), the
 * auxiliary fc 0.001, BatchNorm 1/0, as torchvision (whose {@code stddev=0.01} on the
 * auxiliary conv1 block never reaches its inner conv).
 *
 * <p>{@link #forward} returns the main logits in every mode; in training mode, where
 * torchvision's {@code model(x)} returns {@code InceptionOutputs}, call {@link #forwardOutputs}.
 *
 * <pre>{@code
 * Inception3 m = new Inception3(1000, true, false, true, 0.5);   // inception_v3(init_weights=True)
 * InceptionOutputs o = m.forwardOutputs(x);                       // o = m(x) in train mode
 * m.setSubmodule("fc", new Linear(2048, 10));
 * m.setSubmodule("AuxLogits.fc", new Linear(768, 10));
 * }</pre>
 */
public class Inception3 extends Module {
    private static final String[] STEM = {"Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "maxpool1",
        "Conv2d_3b_1x1", "Conv2d_4a_3x3", "maxpool2", "Mixed_5b", "Mixed_5c", "Mixed_5d", "Mixed_6a", "Mixed_6b",
        "Mixed_6c", "Mixed_6d", "Mixed_6e"};
    /** The modules from the input to the last feature map, in forward order (the auxiliary head aside). */
    static final List<String> TRUNK = Stream.concat(Arrays.stream(STEM), Stream.of("Mixed_7a", "Mixed_7b", "Mixed_7c"))
            .toList();
    private final boolean transformInput;

    /** {@code Inception3(num_classes, aux_logits, transform_input, init_weights, dropout)}. */
    public Inception3(long numClasses, boolean auxLogits, boolean transformInput, boolean initWeights,
            double dropout) {
        ZooChecks.numClasses("Inception3", numClasses);
        ZooChecks.probability("Inception3", "dropout", dropout);
        this.transformInput = transformInput;
        registerModule("Conv2d_1a_3x3", BasicConv2d.of(3, 32, 3, 2, 0));
        registerModule("Conv2d_2a_3x3", BasicConv2d.of(32, 32, 3, 1, 0));
        registerModule("Conv2d_2b_3x3", BasicConv2d.of(32, 64, 3, 1, 1));
        registerModule("maxpool1", new MaxPool2d(3, 2, 0));
        registerModule("Conv2d_3b_1x1", BasicConv2d.of(64, 80, 1, 1, 0));
        registerModule("Conv2d_4a_3x3", BasicConv2d.of(80, 192, 3, 1, 0));
        registerModule("maxpool2", new MaxPool2d(3, 2, 0));
        registerModule("Mixed_5b", new InceptionA(192, 32));
        registerModule("Mixed_5c", new InceptionA(256, 64));
        registerModule("Mixed_5d", new InceptionA(288, 64));
        registerModule("Mixed_6a", new InceptionB(288));
        registerModule("Mixed_6b", new InceptionC(768, 128));
        registerModule("Mixed_6c", new InceptionC(768, 160));
        registerModule("Mixed_6d", new InceptionC(768, 160));
        registerModule("Mixed_6e", new InceptionC(768, 192));
        InceptionAux aux = auxLogits ? registerModule("AuxLogits", new InceptionAux(768, numClasses)) : null;
        registerModule("Mixed_7a", new InceptionD(768));
        registerModule("Mixed_7b", new InceptionE(1280));
        registerModule("Mixed_7c", new InceptionE(2048));
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("dropout", new Dropout(dropout));
        registerModule("fc", new Linear(2048, numClasses));
        if (initWeights) {
            Linear auxFc = aux == null ? null : (Linear) aux.child("fc");
            for (Module m : modules()) {
                if (m instanceof Conv2d c) {
                    Init.truncNormal_(c.weight, 0, 0.1, -2, 2);
                } else if (m instanceof Linear l) {
                    Init.truncNormal_(l.weight, 0, l == auxFc ? 0.001 : 0.1, -2, 2);
                }
            }
            ZooInit.batchNormOnesZeros(this);
        }
    }

    /** Whether the auxiliary head is present. */
    public boolean hasAuxLogits() {
        return namedChildren().containsKey("AuxLogits");
    }

    /** Main and, in training mode with the auxiliary head, auxiliary logits ({@code InceptionOutputs}). */
    public InceptionOutputs forwardOutputs(Tensor x) {
        return run(x, true);
    }

    /** The input checked (H, W >= 75) and, with {@code transform_input}, renormalised. */
    Tensor prepare(Tensor x) {
        if (x.dim() != 4 || x.size(2) < 75 || x.size(3) < 75) {
            throw new IllegalArgumentException("Inception3: expected an (N, 3, H, W) input with H, W >= 75, got "
                    + x.describe());
        }
        return transformInput ? InputTransform.apply(x) : x;
    }

    private InceptionOutputs run(Tensor x, boolean wantAux) {
        x = prepare(x);
        for (String n : STEM) {
            x = child(n).forward(x);
        }
        Tensor aux = null;
        if (wantAux && isTraining() && hasAuxLogits()) {
            if (x.size(2) < 17 || x.size(3) < 17) {
                throw new IllegalArgumentException("Inception3: the auxiliary head needs a 17×17 grid after Mixed_6e"
                        + " (a 299×299 input), got " + x.size(2) + "×" + x.size(3)
                        + "; use eval mode or aux_logits=False for smaller inputs");
            }
            aux = child("AuxLogits").forward(x);
        }
        for (String n : new String[] {"Mixed_7a", "Mixed_7b", "Mixed_7c", "avgpool", "dropout"}) {
            x = child(n).forward(x);
        }
        return new InceptionOutputs(child("fc").forward(x.flatten(1, -1)), aux);
    }

    /** The main logits (also in training mode; see {@link #forwardOutputs} for the auxiliary one). */
    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> run(x, false).logits());
    }
}
