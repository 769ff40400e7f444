package dev.trainkit.vision.models;

import java.util.List;

/**
 * The architecture tables of torchvision's {@code _efficientnet_conf} and the builders' fixed
 * arguments (width/depth multipliers, dropout, BatchNorm eps and momentum, last channel).
 *
 * @param rows stage configs: expand ratio, kernel, stride, input channels, output channels,
 *     layers, fused (1) or MBConv (0); channels and layers before width/depth scaling
 * @param widthMult channel multiplier (MBConv rows only, as {@code MBConvConfig})
 * @param depthMult layer-count multiplier (MBConv rows only)
 * @param dropout the builder's classifier dropout
 * @param eps BatchNorm eps
 * @param momentum BatchNorm momentum
 * @param lastChannel channels of the last conv, or 0 for 4 × the last stage's
 */
record EfficientNetConfig(double[][] rows, double widthMult, double depthMult, double dropout, double eps,
        double momentum, long lastChannel) {
    static final List<String> ARCHS = List.of("b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "v2_s", "v2_m",
            "v2_l");
    private static final double[][] V1 = {
        {1, 3, 1, 32, 16, 1, 0}, {6, 3, 2, 16, 24, 2, 0}, {6, 5, 2, 24, 40, 2, 0}, {6, 3, 2, 40, 80, 3, 0},
        {6, 5, 1, 80, 112, 3, 0}, {6, 5, 2, 112, 192, 4, 0}, {6, 3, 1, 192, 320, 1, 0}};
    private static final double[][] V2_S = {
        {1, 3, 1, 24, 24, 2, 1}, {4, 3, 2, 24, 48, 4, 1}, {4, 3, 2, 48, 64, 4, 1}, {4, 3, 2, 64, 128, 6, 0},
        {6, 3, 1, 128, 160, 9, 0}, {6, 3, 2, 160, 256, 15, 0}};
    private static final double[][] V2_M = {
        {1, 3, 1, 24, 24, 3, 1}, {4, 3, 2, 24, 48, 5, 1}, {4, 3, 2, 48, 80, 5, 1}, {4, 3, 2, 80, 160, 7, 0},
        {6, 3, 1, 160, 176, 14, 0}, {6, 3, 2, 176, 304, 18, 0}, {6, 3, 1, 304, 512, 5, 0}};
    private static final double[][] V2_L = {
        {1, 3, 1, 32, 32, 4, 1}, {4, 3, 2, 32, 64, 7, 1}, {4, 3, 2, 64, 96, 7, 1}, {4, 3, 2, 96, 192, 10, 0},
        {6, 3, 1, 192, 224, 19, 0}, {6, 3, 2, 224, 384, 25, 0}, {6, 3, 1, 384, 640, 7, 0}};
    private static final double BN_EPS = 1e-5;
    private static final double BN_MOMENTUM = 0.1;

    /** The config of {@code efficientnet_<arch>} ({@link #ARCHS}). */
    static EfficientNetConfig of(String arch) {
        return switch (arch == null ? "" : arch) {
            case "b0" -> new EfficientNetConfig(V1, 1.0, 1.0, 0.2, BN_EPS, BN_MOMENTUM, 0);
            case "b1" -> new EfficientNetConfig(V1, 1.0, 1.1, 0.2, BN_EPS, BN_MOMENTUM, 0);
            case "b2" -> new EfficientNetConfig(V1, 1.1, 1.2, 0.3, BN_EPS, BN_MOMENTUM, 0);
            case "b3" -> new EfficientNetConfig(V1, 1.2, 1.4, 0.3, BN_EPS, BN_MOMENTUM, 0);
            case "b4" -> new EfficientNetConfig(V1, 1.4, 1.8, 0.4, BN_EPS, BN_MOMENTUM, 0);
            case "b5" -> new EfficientNetConfig(V1, 1.6, 2.2, 0.4, 0.001, 0.01, 0);
            case "b6" -> new EfficientNetConfig(V1, 1.8, 2.6, 0.5, 0.001, 0.01, 0);
            case "b7" -> new EfficientNetConfig(V1, 2.0, 3.1, 0.5, 0.001, 0.01, 0);
            case "v2_s" -> new EfficientNetConfig(V2_S, 1.0, 1.0, 0.2, 0.001, BN_MOMENTUM, 1280);
            case "v2_m" -> new EfficientNetConfig(V2_M, 1.0, 1.0, 0.3, 0.001, BN_MOMENTUM, 1280);
            case "v2_l" -> new EfficientNetConfig(V2_L, 1.0, 1.0, 0.4, 0.001, BN_MOMENTUM, 1280);
            default -> throw new IllegalArgumentException("EfficientNet: unsupported model type '" + arch
                    + "', expected one of " + ARCHS);
        };
    }

    /** {@code _MBConvConfig.adjust_channels}: _make_divisible(channels·widthMult, 8). */
    static long adjustChannels(double channels, double widthMult) {
        return Divisible.make(channels * widthMult, 8);
    }

    /** {@code MBConvConfig.adjust_depth}: ceil(layers·depthMult). */
    static int adjustDepth(double layers, double depthMult) {
        return (int) Math.ceil(layers * depthMult);
    }

    static void checkStride(String block, long stride) {
        if (stride < 1 || stride > 2) {
            throw new IllegalArgumentException(block + ": illegal stride value, expected 1 or 2, got " + stride);
        }
    }
}
