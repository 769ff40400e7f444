package dev.trainkit.nn;

import static dev.trainkit.tensor.NativeInterop.call;
import static dev.trainkit.tensor.NativeInterop.handle;
import static dev.trainkit.tensor.NativeInterop.run;

import dev.trainkit.tensor.Tensor;
import java.util.List;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Stateless neural-network ops, as {@code torch.nn.functional}: what the layers call, usable
 * directly in a custom {@code forward}. Each is one ATen call, so values and gradients are
 * PyTorch's; libtorch errors arrive as {@link dev.trainkit.tensor.TorchException} naming the op
 * and the operands' shapes. Optional tensors ({@code bias}) may be {@code null}. The functional
 * losses ({@link #crossEntropy}, {@link #mseLoss}, ...) compute what the loss modules of
 * {@code dev.trainkit.nn.loss} compute, with their defaults ({@code reduction='mean'}).
 *
 * <pre>{@code
 * Tensor y = F.conv2d(x, w, b, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, 1);
 * // F.conv2d(x, w, b, stride=1, padding=1)
 * Tensor z = F.gelu(F.maxPool2d(y, new long[] {2, 2}, null, new long[] {0, 0}, new long[] {1, 1}, false), "tanh");
 * }</pre>
 */
public final class F {
    /** The padding modes of {@link #pad}. */
    public static final List<String> PAD_MODES = List.of("constant", "reflect", "replicate", "circular");

    private F() {
    }

    private static TensorOptional opt(Tensor t) {
        return t == null ? new TensorOptional() : new TensorOptional(handle(t));
    }

    private static Tensor[] operands(Tensor... ts) {
        return java.util.Arrays.stream(ts).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
    }

    /** Runs an in-place ATen op on {@code input} and returns {@code input}, as PyTorch's {@code inplace=True}. */
    private static Tensor inPlace(String op, Runnable f, Tensor input) {
        run(op, f, input);
        return input;
    }

    // ---------------------------------------------------------------- linear and convolution

    /** {@code x Wᵀ + b} ({@code F.linear}). */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return call("linear", () -> torch.linear(handle(input), handle(weight), opt(bias)),
                operands(input, weight, bias));
    }

    /** 1-D convolution over (N, C, L) ({@code F.conv1d}) with numeric padding. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
            long[] dilation, long groups) {
        return ConvChannelPadding.convolution(input, weight, bias, groups, (x, w, b) -> call("conv1d",
                () -> torch.conv1d(handle(x), handle(w), opt(b), stride, padding, dilation, groups), operands(x, w, b)));
    }

    /** 1-D convolution with {@code padding} "same" or "valid". */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding,
            long[] dilation, long groups) {
        return ConvChannelPadding.convolution(input, weight, bias, groups, (x, w, b) -> call("conv1d",
                () -> torch.conv1d(handle(x), handle(w), opt(b), stride, padding, dilation, groups), operands(x, w, b)));
    }

    /** 2-D convolution over (N, C, H, W) ({@code F.conv2d}) with numeric padding. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
            long[] dilation, long groups) {
        return ConvChannelPadding.convolution(input, weight, bias, groups, (x, w, b) -> call("conv2d",
                () -> torch.conv2d(handle(x), handle(w), opt(b), stride, padding, dilation, groups), operands(x, w, b)));
    }

    /** 2-D convolution with {@code padding} "same" or "valid". */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding,
            long[] dilation, long groups) {
        return ConvChannelPadding.convolution(input, weight, bias, groups, (x, w, b) -> call("conv2d",
                () -> torch.conv2d(handle(x), handle(w), opt(b), stride, padding, dilation, groups), operands(x, w, b)));
    }

    /** Transposed 2-D convolution ({@code F.conv_transpose2d}); argument order is PyTorch's. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
            long[] outputPadding, long groups, long[] dilation) {
        return ConvChannelPadding.transposed(input, weight, bias, groups, (x, w, b) -> call("conv_transpose2d",
                () -> torch.conv_transpose2d(handle(x), handle(w), opt(b), stride, padding, outputPadding, groups,
                        dilation), operands(x, w, b)));
    }

    /** {@link #conv2d} straight to ATen, without {@link ConvChannelPadding} (its probe calls it). */
    static Tensor conv2dUnguarded(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
            long[] dilation, long groups) {
        return call("conv2d", () -> torch.conv2d(handle(input), handle(weight), opt(bias), stride, padding,
                dilation, groups), operands(input, weight, bias));
    }

    // ---------------------------------------------------------------- normalisation

    /**
     * Batch normalisation ({@code F.batch_norm}); in training mode the running statistics (if given)
     * are updated in place with {@code momentum}, using the unbiased batch variance.
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return call("batch_norm", () -> torch.batch_norm(handle(input), opt(weight), opt(bias), opt(runningMean),
                opt(runningVar), training, momentum, eps, false), operands(input, weight, bias));
    }

    /** Layer normalisation over the trailing {@code normalizedShape} dims ({@code F.layer_norm}). */
    public static Tensor layerNorm(Tensor input, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return call("layer_norm", () -> torch.layer_norm(handle(input), normalizedShape, opt(weight), opt(bias),
                eps, false), operands(input, weight, bias));
    }

    /** Group normalisation ({@code F.group_norm}). */
    public static Tensor groupNorm(Tensor input, long numGroups, Tensor weight, Tensor bias, double eps) {
        return call("group_norm", () -> torch.group_norm(handle(input), numGroups, opt(weight), opt(bias), eps,
                false), operands(input, weight, bias));
    }

    // ---------------------------------------------------------------- dropout

    /** Zeroes elements with probability {@code p} and scales the rest by 1/(1-p) when training ({@code F.dropout}). */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        LayerChecks.probability("dropout", p);
        return call("dropout", () -> torch.dropout(handle(input), p, training), input);
    }

    /**
     * {@link #dropout(Tensor, double, boolean)}, overwriting and returning {@code input} when
     * {@code inplace} ({@code F.dropout(x, p, training, inplace=True)}).
     */
    public static Tensor dropout(Tensor input, double p, boolean training, boolean inplace) {
        if (!inplace) {
            return dropout(input, p, training);
        }
        LayerChecks.probability("dropout", p);
        return inPlace("dropout_", () -> torch.dropout_(handle(input), p, training), input);
    }

    /** Zeroes whole channels of (N, C, H, W) or (N, C, L) input ({@code F.dropout2d}). */
    public static Tensor dropout2d(Tensor input, double p, boolean training) {
        LayerChecks.probability("dropout2d", p);
        LayerChecks.rank("dropout2d", input, "(N, C, H, W)", 3, 4);
        return call("feature_dropout", () -> torch.feature_dropout(handle(input), p, training), input);
    }

    /** {@link #dropout2d(Tensor, double, boolean)}, in place when {@code inplace}. */
    public static Tensor dropout2d(Tensor input, double p, boolean training, boolean inplace) {
        if (!inplace) {
            return dropout2d(input, p, training);
        }
        LayerChecks.probability("dropout2d", p);
        LayerChecks.rank("dropout2d", input, "(N, C, H, W)", 3, 4);
        return inPlace("feature_dropout_", () -> torch.feature_dropout_(handle(input), p, training), input);
    }

    // ---------------------------------------------------------------- activations

    /** {@code max(0, x)}. */
    public static Tensor relu(Tensor input) {
        return call("relu", () -> torch.relu(handle(input)), input);
    }

    /** {@code min(max(0, x), 6)}. */
    public static Tensor relu6(Tensor input) {
        return call("hardtanh", () -> torch.hardtanh(handle(input), new Scalar(0.0), new Scalar(6.0)), input);
    }

    /** {@link #relu6(Tensor)}, overwriting and returning {@code input} when {@code inplace}. */
    public static Tensor relu6(Tensor input, boolean inplace) {
        return !inplace ? relu6(input)
                : inPlace("hardtanh_", () -> torch.hardtanh_(handle(input), new Scalar(0.0), new Scalar(6.0)), input);
    }

    /** {@code x} if positive, else {@code negativeSlope * x}. */
    public static Tensor leakyRelu(Tensor input, double negativeSlope) {
        return call("leaky_relu", () -> torch.leaky_relu(handle(input), new Scalar(negativeSlope)), input);
    }

    /** {@link #leakyRelu(Tensor, double)}, overwriting and returning {@code input} when {@code inplace}. */
    public static Tensor leakyRelu(Tensor input, double negativeSlope, boolean inplace) {
        return !inplace ? leakyRelu(input, negativeSlope)
                : inPlace("leaky_relu_", () -> torch.leaky_relu_(handle(input), new Scalar(negativeSlope)), input);
    }

    /** GELU with {@code approximate} "none" (exact erf) or "tanh". */
    public static Tensor gelu(Tensor input, String approximate) {
        LayerChecks.oneOf("gelu", "approximate", approximate, List.of("none", "tanh"));
        return call("gelu", () -> torch.gelu(handle(input), approximate), input);
    }

    /** {@code x * sigmoid(x)}. */
    public static Tensor silu(Tensor input) {
        return call("silu", () -> torch.silu(handle(input)), input);
    }

    /** {@link #silu(Tensor)}, overwriting and returning {@code input} when {@code inplace}. */
    public static Tensor silu(Tensor input, boolean inplace) {
        return !inplace ? silu(input) : inPlace("silu_", () -> torch.silu_(handle(input)), input);
    }

    /** {@code x * relu6(x + 3) / 6}. */
    public static Tensor hardswish(Tensor input) {
        return call("hardswish", () -> torch.hardswish(handle(input)), input);
    }

    /** {@link #hardswish(Tensor)}, overwriting and returning {@code input} when {@code inplace}. */
    public static Tensor hardswish(Tensor input, boolean inplace) {
        return !inplace ? hardswish(input) : inPlace("hardswish_", () -> torch.hardswish_(handle(input)), input);
    }

    /** {@code relu6(x + 3) / 6}. */
    public static Tensor hardsigmoid(Tensor input) {
        return call("hardsigmoid", () -> torch.hardsigmoid(handle(input)), input);
    }

    /** {@link #hardsigmoid(Tensor)}, overwriting and returning {@code input} when {@code inplace}. */
    public static Tensor hardsigmoid(Tensor input, boolean inplace) {
        return !inplace ? hardsigmoid(input) : inPlace("hardsigmoid_", () -> torch.hardsigmoid_(handle(input)), input);
    }

    /**
     * {@code F.scaled_dot_product_attention(query, key, value, attn_mask, dropout_p)}: libtorch's
     * fused attention over (..., L, E) heads, scale 1/√E, not causal. {@code attnMask} is added
     * to the scores (float) or masks them where False (bool); {@code null} for none.
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
            double dropoutP) {
        return call("scaled_dot_product_attention", () -> torch.scaled_dot_product_attention(handle(query),
                handle(key), handle(value), attnMask == null ? new TensorOptional() : new TensorOptional(handle(attnMask)),
                dropoutP, false, new DoubleOptional(), false), query, key, value);
    }

    /** Softmax along {@code dim}. */
    public static Tensor softmax(Tensor input, long dim) {
        return call("softmax", () -> torch.softmax(handle(input), dim), input);
    }

    /** Log-softmax along {@code dim}. */
    public static Tensor logSoftmax(Tensor input, long dim) {
        return call("log_softmax", () -> torch.log_softmax(handle(input), dim), input);
    }

    // ---------------------------------------------------------------- pooling

    /** Max pooling over (N, C, H, W); {@code stride == null} means the kernel size ({@code F.max_pool2d}). */
    public static Tensor maxPool2d(Tensor input, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
            boolean ceilMode) {
        long[] s = stride == null ? kernelSize : stride;
        return call("max_pool2d", () -> torch.max_pool2d(handle(input), kernelSize, s, padding, dilation, ceilMode),
                input);
    }

    /** Average pooling ({@code F.avg_pool2d}); {@code divisorOverride} may be null. */
    public static Tensor avgPool2d(Tensor input, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
            boolean countIncludePad, Long divisorOverride) {
        long[] s = stride == null ? kernelSize : stride;
        return call("avg_pool2d", () -> torch.avg_pool2d(handle(input), kernelSize, s, padding, ceilMode,
                countIncludePad, divisorOverride == null ? new LongOptional() : new LongOptional(divisorOverride)),
                input);
    }

    /** Adaptive average pooling to {@code outputSize} (H, W) ({@code F.adaptive_avg_pool2d}). */
    public static Tensor adaptiveAvgPool2d(Tensor input, long[] outputSize) {
        return call("adaptive_avg_pool2d", () -> torch.adaptive_avg_pool2d(handle(input), outputSize), input);
    }

    // ---------------------------------------------------------------- shape and lookup

    /**
     * Pads the last dims ({@code F.pad}): {@code pad} is (left, right, top, bottom, ...) starting
     * from the last dim; {@code mode} one of {@link #PAD_MODES}; {@code value} used by "constant".
     */
    public static Tensor pad(Tensor input, long[] pad, String mode, double value) {
        LayerChecks.oneOf("pad", "mode", mode, PAD_MODES);
        if (pad.length % 2 != 0 || pad.length / 2 > input.dim()) {
            throw new IllegalArgumentException("pad: expected an even number of pad values covering at most "
                    + input.dim() + " dims, got " + java.util.Arrays.toString(pad));
        }
        DoubleOptional v = mode.equals("constant") ? new DoubleOptional(value) : new DoubleOptional();
        return call("pad", () -> torch.pad(handle(input), pad, mode, v), input);
    }

    /**
     * Looks up rows of {@code weight} ({@code F.embedding}); rows at {@code paddingIdx} (if not
     * null) get no gradient.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx) {
        return embedding(input, weight, paddingIdx, false);
    }

    /**
     * {@link #embedding(Tensor, Tensor, Long)} with {@code F.embedding(..., sparse=True)}: the
     * gradient of {@code weight} is a sparse COO tensor holding only the looked-up rows (for
     * {@code SparseAdam}, {@code SGD}, {@code Adagrad}).
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx, boolean sparse) {
        long idx = paddingIdx == null ? -1 : paddingIdx;
        return call("embedding", () -> torch.embedding(handle(weight), handle(input), idx, false, sparse),
                input, weight);
    }

    /**
     * Resizes (N, C, H, W) input to {@code size} ({@code F.interpolate(size=...)}), {@code mode}
     * "nearest", "bilinear" or "bicubic"; {@code alignCorners} only for bilinear and bicubic (null = False, as
     * PyTorch).
     */
    public static Tensor interpolate(Tensor input, long[] size, String mode, Boolean alignCorners) {
        LayerChecks.oneOf("interpolate", "mode", mode, List.of("nearest", "bilinear", "bicubic"));
        LayerChecks.rank("interpolate", input, "(N, C, H, W)", 4);
        if (size == null || size.length != 2) {
            throw new IllegalArgumentException("interpolate: size expected 2 values (H, W), got "
                    + (size == null ? "null" : java.util.Arrays.toString(size)));
        }
        if (mode.equals("nearest")) {
            if (alignCorners != null) {
                throw new IllegalArgumentException("interpolate: align_corners option can only be set with the"
                        + " interpolating modes: linear | bilinear | bicubic | trilinear, got mode='nearest'");
            }
            return call("upsample_nearest2d", () -> torch.upsample_nearest2d(handle(input), size,
                    new DoubleOptional(), new DoubleOptional()), input);
        }
        boolean ac = alignCorners != null && alignCorners;
        if (mode.equals("bicubic")) {
            return call("upsample_bicubic2d", () -> torch.upsample_bicubic2d(handle(input), size, ac,
                    new DoubleOptional(), new DoubleOptional()), input);
        }
        return call("upsample_bilinear2d", () -> torch.upsample_bilinear2d(handle(input), size, ac,
                new DoubleOptional(), new DoubleOptional()), input);
    }

    /**
     * Resizes (N, C, H, W) input by {@code scaleFactor} ({@code F.interpolate(scale_factor=...)}):
     * the output is floor(size·scale) and, as PyTorch (recompute_scale_factor=None), the scale
     * itself drives the sampling positions.
     */
    public static Tensor interpolate(Tensor input, double scaleFactor, String mode, Boolean alignCorners) {
        LayerChecks.oneOf("interpolate", "mode", mode, List.of("nearest", "bilinear"));
        LayerChecks.rank("interpolate", input, "(N, C, H, W)", 4);
        LayerChecks.positive("interpolate", "scale_factor", scaleFactor);
        if (mode.equals("nearest") && alignCorners != null) {
            return interpolate(input, new long[] {1, 1}, mode, alignCorners); // raises the align_corners error
        }
        long[] size = {(long) Math.floor(input.size(2) * scaleFactor), (long) Math.floor(input.size(3) * scaleFactor)};
        if (mode.equals("nearest")) {
            return call("upsample_nearest2d", () -> torch.upsample_nearest2d(handle(input), size,
                    new DoubleOptional(scaleFactor), new DoubleOptional(scaleFactor)), input);
        }
        boolean ac = alignCorners != null && alignCorners;
        if (mode.equals("bicubic")) {
            return call("upsample_bicubic2d", () -> torch.upsample_bicubic2d(handle(input), size, ac,
                    new DoubleOptional(), new DoubleOptional()), input);
        }
        return call("upsample_bilinear2d", () -> torch.upsample_bilinear2d(handle(input), size, ac,
                new DoubleOptional(scaleFactor), new DoubleOptional(scaleFactor)), input);
    }

    // ---------------------------------------------------------------- losses

    /** {@code F.cross_entropy(input, target)}: class indices or class probabilities as target. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return new dev.trainkit.nn.loss.CrossEntropyLoss().apply(input, target);
    }

    /** {@code F.cross_entropy(input, target, label_smoothing=s)}. */
    public static Tensor crossEntropy(Tensor input, Tensor target, double labelSmoothing) {
        return new dev.trainkit.nn.loss.CrossEntropyLoss().labelSmoothing(labelSmoothing).apply(input, target);
    }

    /** {@code F.nll_loss(input, target)} on log-probabilities. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return new dev.trainkit.nn.loss.NLLLoss().apply(input, target);
    }

    /** {@code F.mse_loss(input, target)}. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return new dev.trainkit.nn.loss.MSELoss().apply(input, target);
    }

    /** {@code F.l1_loss(input, target)}. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return new dev.trainkit.nn.loss.L1Loss().apply(input, target);
    }

    /** {@code F.smooth_l1_loss(input, target, beta=beta)}. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta) {
        return new dev.trainkit.nn.loss.SmoothL1Loss().beta(beta).apply(input, target);
    }

    /** {@code F.huber_loss(input, target, delta=delta)}. */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta) {
        return new dev.trainkit.nn.loss.HuberLoss().delta(delta).apply(input, target);
    }

    /** {@code F.binary_cross_entropy(input, target)} on probabilities. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return new dev.trainkit.nn.loss.BCELoss().apply(input, target);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target)}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return new dev.trainkit.nn.loss.BCEWithLogitsLoss().apply(input, target);
    }

    /**
     * {@code F.kl_div(input, target, reduction=reduction)}: input log-probabilities, target
     * probabilities; {@code batchmean} is the mathematically correct KL divergence.
     */
    public static Tensor klDiv(Tensor input, Tensor target, String reduction) {
        return new dev.trainkit.nn.loss.KLDivLoss(reduction).apply(input, target);
    }
}
