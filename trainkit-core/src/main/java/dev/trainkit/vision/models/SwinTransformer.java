package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Flatten;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.ops.Permute;
import java.util.Arrays;
import java.util.List;

/**
 * Swin Transformer ("Hierarchical Vision Transformer using Shifted Windows"), as torchvision
 * 0.14's {@code SwinTransformer(patch_size, embed_dim, depths, num_heads, window_size, mlp_ratio,
 * dropout, attention_dropout, stochastic_depth_prob, num_classes)}: {@code features} =
 * patch embedding (Conv2d patch×patch stride patch, Permute to NHWC, LayerNorm), then per stage a
 * Sequential of {@link SwinTransformerBlock}s (every second block shifted by half a window) and,
 * between stages, a {@link PatchMerging}; then {@code norm}, {@code permute} (back to NCHW),
 * {@code avgpool}, {@code flatten} and {@code head}. Stage i has embed_dim·2^i channels. The
 * stochastic depth probability grows linearly from 0 (first block) to
 * {@code stochastic_depth_prob} (last). Init: every Linear trunc_normal(std 0.02), bias 0; the
 * patch Conv2d and LayerNorms keep their defaults.
 *
 * <p>Any input size works: feature maps that are not window multiples are padded inside the
 * attention, odd ones inside the patch merging; an input side not a multiple of the patch size
 * loses its last pixels to the strided convolution, as in torchvision.
 *
 * <pre>{@code
 * SwinTransformer m = SwinTransformer.create("swin_t", 10, 4.0, 0.0, 0.0, 0.2);
 * // swin_t(num_classes=10)
 * Tensor logits = m.forward(Torch.randn(1, 3, 224, 224));
 * }</pre>
 */
public class SwinTransformer extends Module {
    /** torchvision's v1 builders, in its order. */
    public static final List<String> ARCHS = List.of("swin_t", "swin_s", "swin_b");

    private final long[] patchSize;
    private final long numFeatures;

    /**
     * @throws IllegalArgumentException for sizes not of length 2 or not positive, depths and
     *     num_heads of different lengths, a stage width not divisible by its heads, or bad
     *     probabilities
     */
    public SwinTransformer(long[] patchSize, long embedDim, long[] depths, long[] numHeads, long[] windowSize,
            double mlpRatio, double dropout, double attentionDropout, double stochasticDepthProb, long numClasses) {
        if (patchSize == null || patchSize.length != 2 || patchSize[0] < 1 || patchSize[1] < 1) {
            throw new IllegalArgumentException("SwinTransformer: patch_size expected two positive sizes, got "
                    + Arrays.toString(patchSize));
        }
        if (windowSize == null || windowSize.length != 2 || windowSize[0] < 1 || windowSize[1] < 1) {
            throw new IllegalArgumentException("SwinTransformer: window_size expected two positive sizes, got "
                    + Arrays.toString(windowSize));
        }
        if (depths == null || numHeads == null || depths.length == 0 || depths.length != numHeads.length
                || Arrays.stream(depths).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("SwinTransformer: depths and num_heads expected one positive entry per"
                    + " stage each, got depths=" + Arrays.toString(depths) + ", num_heads=" + Arrays.toString(numHeads));
        }
        if (embedDim < 1) {
            throw new IllegalArgumentException("SwinTransformer: embed_dim must be > 0, got " + embedDim);
        }
        ZooChecks.probability("SwinTransformer", "dropout", dropout);
        ZooChecks.probability("SwinTransformer", "attention_dropout", attentionDropout);
        ZooChecks.probability("SwinTransformer", "stochastic_depth_prob", stochasticDepthProb);
        ZooChecks.numClasses("SwinTransformer", numClasses);
        this.patchSize = patchSize.clone();
        Sequential features = new Sequential();
        features.append(new Sequential(new Conv2d(3, embedDim, patchSize, patchSize, new long[] {0}, new long[] {1}, 1,
                true, "zeros"), new Permute(0, 2, 3, 1), new LayerNorm(new long[] {embedDim}, 1e-5, true, true)));
        long total = Arrays.stream(depths).sum();
        long blockId = 0;
        for (int s = 0; s < depths.length; s++) {
            long dim = embedDim << s;
            Sequential stage = new Sequential();
            for (long i = 0; i < depths[s]; i++) {
                // torchvision: stochastic_depth_prob * stage_block_id / (total_stage_blocks - 1)
                double sd = total == 1 ? 0.0 : stochasticDepthProb * blockId / (total - 1.0);
                long[] shift = i % 2 == 0 ? new long[] {0, 0} : new long[] {windowSize[0] / 2, windowSize[1] / 2};
                stage.append(new SwinTransformerBlock(dim, numHeads[s], windowSize, shift, mlpRatio, dropout,
                        attentionDropout, sd));
                blockId++;
            }
            features.append(stage);
            if (s < depths.length - 1) {
                features.append(new PatchMerging(dim));
            }
        }
        registerModule("features", features);
        numFeatures = embedDim << (depths.length - 1);
        registerModule("norm", new LayerNorm(new long[] {numFeatures}, 1e-5, true, true));
        registerModule("permute", new Permute(0, 3, 1, 2));
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("flatten", new Flatten(1, -1));
        registerModule("head", new Linear(numFeatures, numClasses));
        ZooInit.linearTruncNormal(this, 0.02);
    }

    /**
     * {@code swin_t}, {@code swin_s} or {@code swin_b} with torchvision's builder keywords
     * ({@code num_classes}, {@code mlp_ratio}, {@code dropout}, {@code attention_dropout};
     * defaults 1000, 4.0, 0.0, 0.0) and a stochastic depth probability, which torchvision's
     * builders fix ({@link #defaultStochasticDepthProb}: 0.2 / 0.3 / 0.5) but the class takes.
     */
    public static SwinTransformer create(String arch, long numClasses, double mlpRatio, double dropout,
            double attentionDropout, double stochasticDepthProb) {
        long[] p4 = {4, 4};
        long[] w7 = {7, 7};
        return switch (arch == null ? "" : arch) {
            case "swin_t" -> new SwinTransformer(p4, 96, new long[] {2, 2, 6, 2}, new long[] {3, 6, 12, 24}, w7,
                    mlpRatio, dropout, attentionDropout, stochasticDepthProb, numClasses);
            case "swin_s" -> new SwinTransformer(p4, 96, new long[] {2, 2, 18, 2}, new long[] {3, 6, 12, 24}, w7,
                    mlpRatio, dropout, attentionDropout, stochasticDepthProb, numClasses);
            case "swin_b" -> new SwinTransformer(p4, 128, new long[] {2, 2, 18, 2}, new long[] {4, 8, 16, 32}, w7,
                    mlpRatio, dropout, attentionDropout, stochasticDepthProb, numClasses);
            default -> throw new IllegalArgumentException("SwinTransformer: arch expected one of " + ARCHS + ", got "
                    + arch);
        };
    }

    /** torchvision's default {@code stochastic_depth_prob} of a builder. */
    public static double defaultStochasticDepthProb(String arch) {
        return switch (arch) {
            case "swin_t" -> 0.2;
            case "swin_s" -> 0.3;
            case "swin_b" -> 0.5;
            default -> throw new IllegalArgumentException("SwinTransformer: arch expected one of " + ARCHS + ", got "
                    + arch);
        };
    }

    /** The patch size {ph, pw} of the embedding convolution (a copy). */
    public long[] patchSize() {
        return patchSize.clone();
    }

    /** Channels of the last stage (entering {@code head}). */
    public long numFeatures() {
        return numFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> outputs(x));
    }

    /** The forward pass, run by {@link #forward} in its own scope. */
    private Tensor outputs(Tensor x) {
        if (x.dim() != 4 || x.size(1) != 3 || x.size(2) < patchSize[0] || x.size(3) < patchSize[1]) {
            throw new IllegalArgumentException("SwinTransformer.forward: expected an image batch [N, 3, H, W] with H >= "
                    + patchSize[0] + " and W >= " + patchSize[1] + " (patch_size), got " + x.describe());
        }
        x = child("norm").forward(child("features").forward(x));
        x = child("avgpool").forward(child("permute").forward(x));
        return child("head").forward(child("flatten").forward(x));
    }
}
