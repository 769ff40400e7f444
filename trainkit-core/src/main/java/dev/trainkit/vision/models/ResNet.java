package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ResNet, ResNeXt and Wide ResNet, as torchvision's {@code ResNet}: children {@code conv1},
 * {@code bn1}, {@code relu}, {@code maxpool}, {@code layer1}..{@code layer4}, {@code avgpool},
 * {@code fc}, with torchvision's initialisation (conv kaiming_normal fan_out/relu, BatchNorm 1/0,
 * optionally the last BN of each block zeroed). {@code forward} reads its children through the
 * registry, so {@code setSubmodule("fc", new Linear(512, 4))} replaces the head.
 *
 * <pre>{@code
 * ResNet m = ResNet.resnet50(1000);              // torchvision.models.resnet50()
 * m.setSubmodule("fc", new Linear(2048, 4));      // m.fc = nn.Linear(2048, 4)
 * }</pre>
 */
public class ResNet extends Module {
    private final ResNetBlock block;
    private final long groups;
    private final long baseWidth;
    private long inplanes = 64;
    private long dilation = 1;

    /** {@code ResNet(block, layers, num_classes)} with the other arguments at their defaults. */
    public ResNet(ResNetBlock block, int[] layers, long numClasses) {
        this(block, layers, numClasses, false, 1, 64, null);
    }

    /**
     * All of torchvision's arguments (norm_layer is always BatchNorm2d).
     *
     * @param block the residual block
     * @param layers blocks per stage, 4 values
     * @param numClasses outputs of {@code fc}
     * @param zeroInitResidual zero the last BN weight of each block
     * @param groups groups of the 3×3 convolutions (ResNeXt)
     * @param widthPerGroup channels per group (64 for ResNet; Wide ResNet doubles it)
     * @param replaceStrideWithDilation per stage 2..4, dilate instead of striding; {@code null} = none
     */
    public ResNet(ResNetBlock block, int[] layers, long numClasses, boolean zeroInitResidual, long groups,
            long widthPerGroup, boolean[] replaceStrideWithDilation) {
        if (layers == null || layers.length != 4) {
            throw new IllegalArgumentException("ResNet: layers must have 4 values, got "
                    + (layers == null ? "null" : java.util.Arrays.toString(layers)));
        }
        for (int n : layers) {
            if (n < 1) {
                throw new IllegalArgumentException("ResNet: every value of layers must be >= 1, got "
                        + java.util.Arrays.toString(layers));
            }
        }
        if (numClasses <= 0) {
            throw new IllegalArgumentException("ResNet: num_classes must be > 0, got " + numClasses);
        }
        boolean[] dilate = replaceStrideWithDilation == null ? new boolean[3] : replaceStrideWithDilation;
        if (dilate.length != 3) {
            throw new IllegalArgumentException("ResNet: replace_stride_with_dilation should be None or a 3-element"
                    + " tuple, got " + dilate.length + " values");
        }
        if (block == ResNetBlock.BASIC && (groups != 1 || widthPerGroup != 64)) {
            throw new IllegalArgumentException("BasicBlock only supports groups=1 and base_width=64, got groups="
                    + groups + ", width_per_group=" + widthPerGroup);
        }
        if (block == ResNetBlock.BASIC && (dilate[0] || dilate[1] || dilate[2])) {
            throw new IllegalArgumentException("ResNet: dilation > 1 is not supported with BasicBlock"
                    + " (replace_stride_with_dilation must be all False)");
        }
        if (groups <= 0 || widthPerGroup <= 0) {
            throw new IllegalArgumentException("ResNet: groups and width_per_group must be > 0, got groups=" + groups
                    + ", width_per_group=" + widthPerGroup);
        }
        this.block = block;
        this.groups = groups;
        this.baseWidth = widthPerGroup;
        registerModule("conv1", Layers.conv(3, 64, 7, 2, 3, 1, false));
        registerModule("bn1", Layers.bn(64));
        registerModule("relu", new ReLU(true)); // nn.ReLU(inplace=True), as torchvision
        registerModule("maxpool", new MaxPool2d(3, 2, 1));
        registerModule("layer1", makeLayer(64, layers[0], 1, false));
        registerModule("layer2", makeLayer(128, layers[1], 2, dilate[0]));
        registerModule("layer3", makeLayer(256, layers[2], 2, dilate[1]));
        registerModule("layer4", makeLayer(512, layers[3], 2, dilate[2]));
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("fc", new Linear(512L * block.expansion(), numClasses));

        ZooInit.convKaimingNormal(this, "fan_out", "relu");
        ZooInit.batchNormOnesZeros(this);
        if (zeroInitResidual) {
            for (Module m : modules()) {
                String last = m instanceof Bottleneck ? "bn3" : m instanceof BasicBlock ? "bn2" : null;
                if (last != null && m.child(last) instanceof BatchNormBase bn) {
                    Init.zeros_(bn.weight);
                }
            }
        }
    }

    private Sequential makeLayer(long planes, int blocks, long stride, boolean dilate) {
        long expansion = block.expansion();
        long previousDilation = dilation;
        if (dilate) {
            dilation *= stride;
            stride = 1;
        }
        Module downsample = null;
        if (stride != 1 || inplanes != planes * expansion) {
            downsample = new Sequential(Layers.conv(inplanes, planes * expansion, 1, stride, 0, 1, false),
                    Layers.bn(planes * expansion));
        }
        List<Module> out = new ArrayList<>();
        out.add(newBlock(inplanes, planes, stride, downsample, previousDilation));
        inplanes = planes * expansion;
        for (int i = 1; i < blocks; i++) {
            out.add(newBlock(inplanes, planes, 1, null, dilation));
        }
        return new Sequential(out);
    }

    private Module newBlock(long in, long planes, long stride, Module downsample, long dil) {
        return block == ResNetBlock.BASIC ? new BasicBlock(in, planes, stride, downsample)
                : new Bottleneck(in, planes, stride, downsample, groups, baseWidth, dil);
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> outputs(x));
    }

    /** The forward pass, run by {@link #forward} in its own scope. */
    private Tensor outputs(Tensor x) {
        x = child("relu").forward(child("bn1").forward(child("conv1").forward(x))); // ReLU in place: no temporary
        x = child("maxpool").forward(x);
        for (String layer : new String[] {"layer1", "layer2", "layer3", "layer4"}) {
            x = child(layer).forward(x);
        }
        x = child("avgpool").forward(x).flatten(1, -1);
        return child("fc").forward(x);
    }

    /** {@code resnet18(num_classes=...)}. */
    public static ResNet resnet18(long numClasses) {
        return new ResNet(ResNetBlock.BASIC, new int[] {2, 2, 2, 2}, numClasses);
    }

    /** {@code resnet34(num_classes=...)}. */
    public static ResNet resnet34(long numClasses) {
        return new ResNet(ResNetBlock.BASIC, new int[] {3, 4, 6, 3}, numClasses);
    }

    /** {@code resnet50(num_classes=...)}. */
    public static ResNet resnet50(long numClasses) {
        return new ResNet(ResNetBlock.BOTTLENECK, new int[] {3, 4, 6, 3}, numClasses);
    }

    /** {@code resnet101(num_classes=...)}. */
    public static ResNet resnet101(long numClasses) {
        return new ResNet(ResNetBlock.BOTTLENECK, new int[] {3, 4, 23, 3}, numClasses);
    }

    /** {@code resnet152(num_classes=...)}. */
    public static ResNet resnet152(long numClasses) {
        return new ResNet(ResNetBlock.BOTTLENECK, new int[] {3, 8, 36, 3}, numClasses);
    }
}
