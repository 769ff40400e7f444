package dev.trainkit.vision.models.segmentation;

import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.ConvNd;

/**
 * torchvision's resnet18 without {@code avgpool} and {@code fc}: children {@code conv1},
 * {@code bn1}, {@code relu}, {@code maxpool}, {@code layer1}..{@code layer4}, initialised as
 * torchvision does (kaiming_normal fan_out/relu for convolutions, BatchNorm 1/0). Temporary:
 * replaced by the model zoo's {@code ResNet} once that is on main.
 */
final class ResNet18Encoder extends Module {

    ResNet18Encoder() {
        registerModule("conv1", EncoderBlock.conv(3, 64, 7, 2, 3));
        registerModule("bn1", new BatchNorm2d(64));
        registerModule("relu", new ReLU());
        registerModule("maxpool", new MaxPool2d(3, 2, 1));
        registerModule("layer1", new Sequential(new EncoderBlock(64, 64, 1), new EncoderBlock(64, 64, 1)));
        registerModule("layer2", new Sequential(new EncoderBlock(64, 128, 2), new EncoderBlock(128, 128, 1)));
        registerModule("layer3", new Sequential(new EncoderBlock(128, 256, 2), new EncoderBlock(256, 256, 1)));
        registerModule("layer4", new Sequential(new EncoderBlock(256, 512, 2), new EncoderBlock(512, 512, 1)));
        for (Module m : modules()) {
            if (m instanceof ConvNd c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "relu");
            }
        }
    }
}
