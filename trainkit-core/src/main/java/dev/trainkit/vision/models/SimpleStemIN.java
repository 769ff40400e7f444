package dev.trainkit.vision.models;

import dev.trainkit.nn.ReLU;

/**
 * RegNet's stem, as torchvision's {@code regnet.SimpleStemIN(width_in, width_out, norm_layer,
 * activation_layer)}: a 3×3 stride-2 convolution, BatchNorm and ReLU ({@code 0}, {@code 1},
 * {@code 2}).
 *
 * <pre>{@code
 * SimpleStemIN stem = new SimpleStemIN(3, 32);   // SimpleStemIN(3, 32, nn.BatchNorm2d, nn.ReLU)
 * }</pre>
 */
public class SimpleStemIN extends ConvNormActivation {

    /** A 3 → {@code widthOut} stem with BatchNorm (eps 1e-5, momentum 0.1) and ReLU. */
    public SimpleStemIN(long widthIn, long widthOut) {
        super(widthIn, widthOut, 3, 2, 1, 1, 1e-5, 0.1, () -> new ReLU(true)); // ReLU(inplace=True), as torchvision
    }
}
