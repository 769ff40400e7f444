package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.List;

/**
 * GoogLeNet (Inception v1), as torchvision's {@code GoogLeNet}: conv1..conv3, inception3a..5b,
 * optional auxiliary heads {@code aux1}, {@code aux2}, {@code avgpool}, {@code dropout} and the
 * head {@code fc}. Init (with {@code initWeights}): conv and linear weights
 * trunc_normal(0, 0.01², [−2, 2]), BatchNorm 1/0.
 *
 * <p>{@link #forward} returns the main logits in every mode. In training mode with
 * {@code aux_logits}, where torchvision's {@code model(x)} returns {@code GoogLeNetOutputs},
 * call {@link #forwardOutputs} to get the auxiliary logits too.
 *
 * <pre>{@code
 * GoogLeNet m = new GoogLeNet(1000, true, false, true, 0.2, 0.7);   // googlenet(init_weights=True)
 * GoogLeNetOutputs o = m.forwardOutputs(x);                          // o = m(x) in train mode
 * }</pre>
 */
public class GoogLeNet extends Module {
    /** The modules from the input to the last feature map, in forward order (the auxiliary heads aside). */
    static final List<String> TRUNK = List.of("conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a",
            "inception3b", "maxpool3", "inception4a", "inception4b", "inception4c", "inception4d", "inception4e",
            "maxpool4", "inception5a", "inception5b");
    private final boolean transformInput;

    /**
     * {@code GoogLeNet(num_classes, aux_logits, transform_input, init_weights, dropout,
     * dropout_aux)}.
     */
    public GoogLeNet(long numClasses, boolean auxLogits, boolean transformInput, boolean initWeights,
            double dropout, double dropoutAux) {
        ZooChecks.numClasses("GoogLeNet", numClasses);
        ZooChecks.probability("GoogLeNet", "dropout", dropout);
        ZooChecks.probability("GoogLeNet", "dropout_aux", dropoutAux);
        this.transformInput = transformInput;
        registerModule("conv1", BasicConv2d.of(3, 64, 7, 2, 3));
        registerModule("maxpool1", ceilPool(3));
        registerModule("conv2", BasicConv2d.of(64, 64, 1, 1, 0));
        registerModule("conv3", BasicConv2d.of(64, 192, 3, 1, 1));
        registerModule("maxpool2", ceilPool(3));
        registerModule("inception3a", new GoogLeNetInception(192, 64, 96, 128, 16, 32, 32));
        registerModule("inception3b", new GoogLeNetInception(256, 128, 128, 192, 32, 96, 64));
        registerModule("maxpool3", ceilPool(3));
        registerModule("inception4a", new GoogLeNetInception(480, 192, 96, 208, 16, 48, 64));
        registerModule("inception4b", new GoogLeNetInception(512, 160, 112, 224, 24, 64, 64));
        registerModule("inception4c", new GoogLeNetInception(512, 128, 128, 256, 24, 64, 64));
        registerModule("inception4d", new GoogLeNetInception(512, 112, 144, 288, 32, 64, 64));
        registerModule("inception4e", new GoogLeNetInception(528, 256, 160, 320, 32, 128, 128));
        registerModule("maxpool4", ceilPool(2));
        registerModule("inception5a", new GoogLeNetInception(832, 256, 160, 320, 32, 128, 128));
        registerModule("inception5b", new GoogLeNetInception(832, 384, 192, 384, 48, 128, 128));
        if (auxLogits) {
            registerModule("aux1", new GoogLeNetAux(512, numClasses, dropoutAux));
            registerModule("aux2", new GoogLeNetAux(528, numClasses, dropoutAux));
        }
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("dropout", new Dropout(dropout));
        registerModule("fc", new Linear(1024, numClasses));
        if (initWeights) {
            for (Module m : modules()) {
                if (m instanceof Conv2d c) {
                    Init.truncNormal_(c.weight, 0, 0.01, -2, 2);
                } else if (m instanceof Linear l) {
                    Init.truncNormal_(l.weight, 0, 0.01, -2, 2);
                }
            }
            ZooInit.batchNormOnesZeros(this);
        }
    }

    /** {@code nn.MaxPool2d(k, stride=2, ceil_mode=True)}. */
    private static MaxPool2d ceilPool(long k) {
        return new MaxPool2d(new long[] {k}, new long[] {2}, new long[] {0}, new long[] {1}, true);
    }

    /** Whether the auxiliary heads are present. */
    public boolean hasAuxLogits() {
        return namedChildren().containsKey("aux1");
    }

    /**
     * Main and, in training mode with auxiliary heads, auxiliary logits (torchvision's
     * {@code GoogLeNetOutputs}).
     */
    public GoogLeNetOutputs forwardOutputs(Tensor x) {
        return run(x, true);
    }

    /** With {@code transform_input}, the input renormalised; otherwise {@code x}. */
    Tensor prepare(Tensor x) {
        return transformInput ? InputTransform.apply(x) : x;
    }

    private GoogLeNetOutputs run(Tensor x, boolean wantAux) {
        x = prepare(x);
        boolean aux = wantAux && isTraining() && hasAuxLogits();
        for (String n : new String[] {"conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a",
                "inception3b", "maxpool3", "inception4a"}) {
            x = child(n).forward(x);
        }
        Tensor aux1 = aux ? child("aux1").forward(x) : null;
        for (String n : new String[] {"inception4b", "inception4c", "inception4d"}) {
            x = child(n).forward(x);
        }
        Tensor aux2 = aux ? child("aux2").forward(x) : null;
        for (String n : new String[] {"inception4e", "maxpool4", "inception5a", "inception5b", "avgpool"}) {
            x = child(n).forward(x);
        }
        x = child("dropout").forward(x.flatten(1, -1));
        // torchvision's forward unpacks _forward's (x, aux2, aux1) as (x, aux1, aux2), so its
        // GoogLeNetOutputs.aux_logits2 holds the aux1 head's output and aux_logits1 aux2's; kept for parity.
        return new GoogLeNetOutputs(child("fc").forward(x), aux1, aux2);
    }

    /** The main logits (also in training mode; see {@link #forwardOutputs} for the auxiliary ones). */
    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> run(x, false).logits());
    }
}
