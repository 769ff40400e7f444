package dev.trainkit.vision.models;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.Tanh;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Set;

/**
 * Vision Transformer ("An Image is Worth 16x16 Words"), as torchvision's
 * {@code VisionTransformer}: {@code conv_proj} (patchify Conv2d, kernel and stride =
 * patch_size), {@code class_token} (1, 1, hidden_dim), {@code encoder} (position embedding,
 * {@code encoder_layer_0} .. pre-norm blocks with batch-first multi-head self-attention through
 * scaled_dot_product_attention, final LayerNorm; eps 1e-6), {@code heads} ({@code head}, or
 * {@code pre_logits}, Tanh {@code act}, {@code head} with a representation size). The class
 * token's output feeds the head. Init as torchvision: conv_proj trunc_normal_(std=√(1/fan_in)),
 * position embedding normal_(std=0.02), class token and head zeros.
 *
 * <p>Inputs must be exactly image_size × image_size; a state dict saved at another image size
 * loads with its position embeddings interpolated (see {@link ViTEncoder}).
 *
 * <pre>{@code
 * Module vit = Models.create("vit_b_16(image_size=384, num_classes=10)");
 * // torchvision.models.vit_b_16(image_size=384, num_classes=10)
 * }</pre>
 */
public class VisionTransformer extends Module {
    static final double EPS = 1e-6;
    // per arch: patch_size, num_layers, num_heads, hidden_dim, mlp_dim
    private static final long[] B_16 = {16, 12, 12, 768, 3072};
    private static final long[] B_32 = {32, 12, 12, 768, 3072};
    private static final long[] L_16 = {16, 24, 16, 1024, 4096};
    private static final long[] L_32 = {32, 24, 16, 1024, 4096};
    private static final long[] H_14 = {14, 32, 16, 1280, 5120};

    private final long imageSize;
    private final long patchSize;
    private final long hiddenDim;
    private final Conv2d convProj;
    private final Parameter classToken;
    private final ViTEncoder encoder;
    private final OrderedModules heads;

    /**
     * {@code VisionTransformer(image_size, patch_size, num_layers, num_heads, hidden_dim, mlp_dim,
     * dropout, attention_dropout, num_classes, representation_size)}.
     *
     * @param representationSize width of the Tanh pre-logits layer, or {@code null} for none
     * @throws IllegalArgumentException when image_size is not a multiple of patch_size, or for
     *     non-positive sizes and probabilities outside [0, 1]
     */
    public VisionTransformer(long imageSize, long patchSize, long numLayers, long numHeads, long hiddenDim,
            long mlpDim, double dropout, double attentionDropout, long numClasses, Long representationSize) {
        String m = "VisionTransformer";
        for (long[] v : new long[][] {{imageSize}, {patchSize}, {numLayers}, {numHeads}, {hiddenDim}, {mlpDim}}) {
            if (v[0] <= 0) {
                throw new IllegalArgumentException(m + ": image_size, patch_size, num_layers, num_heads, hidden_dim"
                        + " and mlp_dim must be > 0, got " + imageSize + ", " + patchSize + ", " + numLayers + ", "
                        + numHeads + ", " + hiddenDim + ", " + mlpDim);
            }
        }
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException(m + ": image_size must be a multiple of patch_size (Input shape"
                    + " indivisible by patch size!), got image_size=" + imageSize + " and patch_size=" + patchSize
                    + "; nearest valid sizes: " + Math.max(patchSize, imageSize / patchSize * patchSize) + " and "
                    + (imageSize / patchSize + 1) * patchSize);
        }
        if (hiddenDim % numHeads != 0) {
            throw new IllegalArgumentException(m + ": hidden_dim must be divisible by num_heads, got hidden_dim="
                    + hiddenDim + " and num_heads=" + numHeads);
        }
        ZooChecks.probability(m, "dropout", dropout);
        ZooChecks.probability(m, "attention_dropout", attentionDropout);
        ZooChecks.numClasses(m, numClasses);
        if (representationSize != null && representationSize <= 0) {
            throw new IllegalArgumentException(m + ": representation_size must be > 0 or None, got "
                    + representationSize);
        }
        this.imageSize = imageSize;
        this.patchSize = patchSize;
        this.hiddenDim = hiddenDim;
        convProj = registerModule("conv_proj", Layers.conv(3, hiddenDim, patchSize, patchSize, 0, 1, true));
        try (NoGrad ng = NoGrad.enter()) {
            classToken = registerParameter("class_token", Torch.zeros(1, 1, hiddenDim));
        }
        encoder = registerModule("encoder", new ViTEncoder(imageSize / patchSize, numLayers, numHeads, hiddenDim,
                mlpDim, dropout, attentionDropout));
        heads = new OrderedModules();
        if (representationSize == null) {
            heads.add("head", new Linear(hiddenDim, numClasses));
        } else {
            heads.add("pre_logits", new Linear(hiddenDim, representationSize));
            heads.add("act", new Tanh());
            heads.add("head", new Linear(representationSize, numClasses));
        }
        registerModule("heads", heads);
        long fanIn = 3 * patchSize * patchSize;
        Init.truncNormal_(convProj.weight, 0, Math.sqrt(1.0 / fanIn), -2, 2);
        Init.zeros_(convProj.bias);
        if (representationSize != null) {
            Linear pre = (Linear) heads.child("pre_logits");
            Init.truncNormal_(pre.weight, 0, Math.sqrt(1.0 / hiddenDim), -2, 2);
            Init.zeros_(pre.bias);
        }
        Linear head = (Linear) heads.child("head");
        Init.zeros_(head.weight);
        Init.zeros_(head.bias);
    }

    /**
     * {@code vit_b_16}, {@code vit_b_32}, {@code vit_l_16}, {@code vit_l_32} or {@code vit_h_14}
     * ({@code arch} "b_16", ...) with torchvision's builder arguments.
     */
    public static VisionTransformer create(String arch, long imageSize, long numClasses, double dropout,
            double attentionDropout, Long representationSize) {
        long[] c = switch (arch == null ? "" : arch) {
            case "b_16" -> B_16;
            case "b_32" -> B_32;
            case "l_16" -> L_16;
            case "l_32" -> L_32;
            case "h_14" -> H_14;
            default -> throw new IllegalArgumentException("VisionTransformer: arch expected b_16, b_32, l_16, l_32"
                    + " or h_14, got " + arch);
        };
        return new VisionTransformer(imageSize, c[0], c[1], c[2], c[3], c[4], dropout, attentionDropout, numClasses,
                representationSize);
    }

    /** LayerNorm(eps=1e-6), torchvision's default norm_layer. */
    static LayerNorm norm(long dim) {
        return new LayerNorm(new long[] {dim}, EPS, true, true);
    }

    /** {@code image_size}. */
    public long imageSize() {
        return imageSize;
    }

    /** {@code patch_size}. */
    public long patchSize() {
        return patchSize;
    }

    /** {@code hidden_dim}. */
    public long hiddenDim() {
        return hiddenDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> heads.forward(encoder.forward(tokens(x)).select(1, 0)));
    }

    /**
     * The patch tokens with the class token in front, before the encoder: (N, 1 + (S/P)², hidden_dim)
     * ({@code torch.cat([class_token, _process_input(x)], dim=1)}).
     */
    Tensor tokens(Tensor x) {
        if (x.dim() != 4 || x.size(1) != 3) {
            throw new IllegalArgumentException("VisionTransformer: expected (N, 3, " + imageSize + ", " + imageSize
                    + ") images, got " + x.describe());
        }
        if (x.size(2) != imageSize || x.size(3) != imageSize) {
            throw new IllegalArgumentException("VisionTransformer: expected images of exactly image_size=" + imageSize
                    + " (height and width), got " + x.describe() + "; build with image_size=" + x.size(2)
                    + " (a multiple of patch_size=" + patchSize + ") to use another size");
        }
        long n = x.size(0);
        long grid = imageSize / patchSize;
        Tensor p = convProj.forward(x).reshape(n, hiddenDim, grid * grid).permute(0, 2, 1);
        return Torch.cat(List.of(classToken.expand(n, -1, -1), p), 1);
    }

    /** The encoder (position embedding, blocks, final norm). */
    ViTEncoder encoder() {
        return encoder;
    }

    /** No weight decay on the class token (torchvision's --transformer-embedding-decay). */
    @Override
    public Set<String> noWeightDecay() {
        return Set.of("class_token");
    }
}
