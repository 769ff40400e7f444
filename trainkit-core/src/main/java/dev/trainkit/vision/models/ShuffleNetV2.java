package dev.trainkit.vision.models;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ShuffleNet v2, as torchvision's {@code ShuffleNetV2}: {@code conv1}, {@code maxpool},
 * {@code stage2}..{@code stage4}, {@code conv5}, global mean, head {@code fc}. Layers keep
 * PyTorch's default initialisation, as torchvision.
 *
 * <pre>{@code
 * ShuffleNetV2 m = ShuffleNetV2.create("x1_0", 1000);   // shufflenet_v2_x1_0()
 * m.setSubmodule("fc", new Linear(1024, 10));
 * }</pre>
 */
public class ShuffleNetV2 extends Module {

    /** {@code ShuffleNetV2(stages_repeats, stages_out_channels, num_classes)}. */
    public ShuffleNetV2(int[] stagesRepeats, long[] stagesOutChannels, long numClasses) {
        ZooChecks.numClasses("ShuffleNetV2", numClasses);
        if (stagesRepeats == null || stagesRepeats.length != 3) {
            throw new IllegalArgumentException("expected stages_repeats as list of 3 positive ints");
        }
        if (stagesOutChannels == null || stagesOutChannels.length != 5) {
            throw new IllegalArgumentException("expected stages_out_channels as list of 5 positive ints");
        }
        long in = stagesOutChannels[0];
        registerModule("conv1", new Sequential(Layers.conv(3, in, 3, 2, 1, 1, false), Layers.bn(in), new ReLU(true)));
        registerModule("maxpool", new MaxPool2d(3, 2, 1));
        for (int s = 0; s < 3; s++) {
            long out = stagesOutChannels[s + 1];
            List<Module> seq = new ArrayList<>();
            seq.add(new ShuffleInvertedResidual(in, out, 2));
            for (int i = 0; i < stagesRepeats[s] - 1; i++) {
                seq.add(new ShuffleInvertedResidual(out, out, 1));
            }
            registerModule("stage" + (s + 2), new Sequential(seq));
            in = out;
        }
        long last = stagesOutChannels[4];
        registerModule("conv5", new Sequential(Layers.conv(in, last, 1, 1, 0, 1, false), Layers.bn(last),
                new ReLU(true)));
        registerModule("fc", new Linear(last, numClasses));
    }

    /** A width variant: "x0_5", "x1_0", "x1_5" or "x2_0". */
    public static ShuffleNetV2 create(String width, long numClasses) {
        long[] channels = switch (width) {
            case "x0_5" -> new long[] {24, 48, 96, 192, 1024};
            case "x1_0" -> new long[] {24, 116, 232, 464, 1024};
            case "x1_5" -> new long[] {24, 176, 352, 704, 1024};
            case "x2_0" -> new long[] {24, 244, 488, 976, 2048};
            default -> throw new IllegalArgumentException("ShuffleNetV2: width must be x0_5, x1_0, x1_5 or x2_0, got '"
                    + width + "'");
        };
        return new ShuffleNetV2(new int[] {4, 8, 4}, channels, numClasses);
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> outputs(x));
    }

    /** The forward pass, run by {@link #forward} in its own scope. */
    private Tensor outputs(Tensor x) {
        for (String n : new String[] {"conv1", "maxpool", "stage2", "stage3", "stage4", "conv5"}) {
            x = child(n).forward(x);
        }
        return child("fc").forward(x.mean(new long[] {2, 3}, false));
    }
}
