package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * VGG 11/13/16/19 with or without BatchNorm, as torchvision's {@code VGG}: children
 * {@code features} (convolutions, optional BatchNorm, ReLU, max pools), {@code avgpool}
 * (adaptive 7×7, so inputs from 32×32 up work) and {@code classifier} (head {@code classifier.6}).
 * With {@code initWeights}, torchvision's init: conv kaiming_normal fan_out/relu, linear N(0, 0.01²).
 *
 * <pre>{@code
 * VGG m = VGG.create("vgg16", true, 1000, true, 0.5);   // torchvision.models.vgg16_bn()
 * }</pre>
 */
public class VGG extends Module {
    private static final int M = -1;
    /** torchvision's cfgs "A", "B", "D", "E"; M = max pool. */
    private static final Map<String, int[]> CFGS = Map.of(
            "vgg11", new int[] {64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M},
            "vgg13", new int[] {64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M},
            "vgg16", new int[] {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M},
            "vgg19", new int[] {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512,
                512, M});

    /** {@code VGG(features, num_classes, init_weights, dropout)}. */
    public VGG(Module features, long numClasses, boolean initWeights, double dropout) {
        ZooChecks.numClasses("VGG", numClasses);
        ZooChecks.probability("VGG", "dropout", dropout);
        registerModule("features", features);
        registerModule("avgpool", new AdaptiveAvgPool2d(7));
        registerModule("classifier", new Sequential(
                new Linear(512 * 7 * 7, 4096), new ReLU(true), new Dropout(dropout),
                new Linear(4096, 4096), new ReLU(true), new Dropout(dropout),
                new Linear(4096, numClasses)));
        if (initWeights) {
            ZooInit.convKaimingNormal(this, "fan_out", "relu");
            ZooInit.batchNormOnesZeros(this);
            ZooInit.linearNormal(this, 0.01);
        }
    }

    /**
     * A VGG by depth name ({@code vgg11}, {@code vgg13}, {@code vgg16}, {@code vgg19}).
     *
     * @param batchNorm the {@code _bn} variant
     */
    public static VGG create(String depth, boolean batchNorm, long numClasses, boolean initWeights, double dropout) {
        int[] cfg = CFGS.get(depth);
        if (cfg == null) {
            throw new IllegalArgumentException("VGG: depth must be one of vgg11, vgg13, vgg16, vgg19, got '" + depth
                    + "'");
        }
        return new VGG(makeLayers(cfg, batchNorm), numClasses, initWeights, dropout);
    }

    /** torchvision's {@code make_layers}: conv3×3 (+BN) + ReLU per number, 2×2 max pool per M. */
    static Sequential makeLayers(int[] cfg, boolean batchNorm) {
        List<Module> layers = new ArrayList<>();
        long in = 3;
        for (int v : cfg) {
            if (v == M) {
                layers.add(new MaxPool2d(2, 2, 0));
            } else {
                layers.add(Layers.conv(in, v, 3, 1, 1, 1, true));
                if (batchNorm) {
                    layers.add(Layers.bn(v));
                }
                layers.add(new ReLU(true));
                in = v;
            }
        }
        return new Sequential(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(
                child("avgpool").forward(child("features").forward(x)).flatten(1, -1)));
    }
}
