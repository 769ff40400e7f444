package dev.trainkit.vision.models;

import static dev.trainkit.tensor.NativeInterop.call;
import static dev.trainkit.tensor.NativeInterop.handle;

import dev.trainkit.nn.F;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.Set;
import org.bytedeco.pytorch.global.torch;

/**
 * Window multi-head self-attention with a relative position bias, shifted or not, as
 * torchvision 0.14's {@code swin_transformer.ShiftedWindowAttention(dim, window_size, shift_size,
 * num_heads, qkv_bias, proj_bias, attention_dropout, dropout)} and its functional
 * {@code shifted_window_attention}. On a channels-last [B, H, W, C] input: pads H and W up to
 * window multiples (zeros at the bottom and right), rolls by −shift (no shift along a dimension
 * the padded map fits in one window), splits into windows, runs softmax(q·kᵀ/√d + bias + mask)·v
 * per window and head, projects, and undoes the windows, the roll and the padding. The mask
 * (−100 between tokens that came from different regions before the roll) keeps shifted windows
 * from attending across the wrap-around.
 *
 * <p>Parameters: {@code relative_position_bias_table} [(2·Wh−1)(2·Ww−1), heads], trunc_normal(0.02);
 * buffer {@code relative_position_index} [Wh·Ww·Wh·Ww] (int64); {@code qkv} Linear(C, 3C),
 * {@code proj} Linear(C, C).
 *
 * <p>One deliberate difference: torchvision 0.14 calls {@code F.dropout} without
 * {@code training=self.training}, so a non-zero attention or output dropout also drops in eval
 * mode; here dropout follows the module's training flag (as torchvision does from 0.15). With the
 * builders' default dropouts of 0 the two agree.
 *
 * <pre>{@code
 * ShiftedWindowAttention a = new ShiftedWindowAttention(96, new long[] {7, 7}, new long[] {3, 3}, 3,
 *         true, true, 0.0, 0.0);
 * Tensor y = a.forward(Torch.randn(2, 56, 56, 96));   // [2, 56, 56, 96]
 * }</pre>
 */
public class ShiftedWindowAttention extends Module {
    /** The learned bias per relative offset and head. */
    public final Parameter relativePositionBiasTable;
    private final Tensor relativePositionIndex;
    private final long dim;
    private final long[] windowSize;
    private final long[] shiftSize;
    private final long numHeads;
    private final double attentionDropout;
    private final double dropout;

    /**
     * @param windowSize {Wh, Ww}, both &gt; 0
     * @param shiftSize {sh, sw}, each in [0, window)
     * @throws IllegalArgumentException for sizes not of length 2, out-of-range shifts, dim not
     *     divisible by num_heads, or bad dropout probabilities
     */
    public ShiftedWindowAttention(long dim, long[] windowSize, long[] shiftSize, long numHeads, boolean qkvBias,
            boolean projBias, double attentionDropout, double dropout) {
        if (windowSize == null || shiftSize == null || windowSize.length != 2 || shiftSize.length != 2) {
            throw new IllegalArgumentException("ShiftedWindowAttention: window_size and shift_size must be of length 2,"
                    + " got " + Arrays.toString(windowSize) + " and " + Arrays.toString(shiftSize));
        }
        for (int i = 0; i < 2; i++) {
            if (windowSize[i] < 1 || shiftSize[i] < 0 || shiftSize[i] >= windowSize[i]) {
                throw new IllegalArgumentException("ShiftedWindowAttention: expected window_size > 0 and 0 <= shift_size"
                        + " < window_size, got window_size=" + Arrays.toString(windowSize) + ", shift_size="
                        + Arrays.toString(shiftSize));
            }
        }
        if (dim < 1 || numHeads < 1 || dim % numHeads != 0) {
            throw new IllegalArgumentException("ShiftedWindowAttention: dim must be a positive multiple of num_heads,"
                    + " got dim=" + dim + ", num_heads=" + numHeads);
        }
        ZooChecks.probability("ShiftedWindowAttention", "attention_dropout", attentionDropout);
        ZooChecks.probability("ShiftedWindowAttention", "dropout", dropout);
        this.dim = dim;
        this.windowSize = windowSize.clone();
        this.shiftSize = shiftSize.clone();
        this.numHeads = numHeads;
        this.attentionDropout = attentionDropout;
        this.dropout = dropout;
        registerModule("qkv", new Linear(dim, dim * 3, qkvBias));
        registerModule("proj", new Linear(dim, dim, projBias));
        try (NoGrad ng = NoGrad.enter()) {
            relativePositionBiasTable = registerParameter("relative_position_bias_table",
                    Torch.zeros((2 * windowSize[0] - 1) * (2 * windowSize[1] - 1), numHeads));
            Init.truncNormal_(relativePositionBiasTable, 0, 0.02, -2, 2);
            long n = windowSize[0] * windowSize[1];
            relativePositionIndex = registerBuffer("relative_position_index",
                    Torch.tensor(relativePositionIndex(windowSize), n * n));
        }
    }

    /** For tokens i, j of a window: (Δh + Wh − 1)·(2·Ww − 1) + (Δw + Ww − 1), flattened over (i, j). */
    static long[] relativePositionIndex(long[] ws) {
        int n = (int) (ws[0] * ws[1]);
        long[] index = new long[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long dh = i / ws[1] - j / ws[1] + ws[0] - 1;
                long dw = i % ws[1] - j % ws[1] + ws[1] - 1;
                index[i * n + j] = dh * (2 * ws[1] - 1) + dw;
            }
        }
        return index;
    }

    /** The window size {Wh, Ww} (a copy). */
    public long[] windowSize() {
        return windowSize.clone();
    }

    /** The shift {sh, sw} (a copy). */
    public long[] shiftSize() {
        return shiftSize.clone();
    }

    /** The bias added to every window's attention logits, [1, heads, N, N] with N = Wh·Ww. */
    public Tensor relativePositionBias() {
        long n = windowSize[0] * windowSize[1];
        Tensor bias = relativePositionBiasTable.indexSelect(0, relativePositionIndex);
        return bias.view(n, n, -1).permute(2, 0, 1).contiguous().unsqueeze(0);
    }

    @Override
    public Tensor forward(Tensor input) {
        // its own scope: the scores and reshaped copies autograd does not keep go before the MLP runs
        return BlockScope.run(() -> attention(input));
    }

    private Tensor attention(Tensor input) {
        if (input.dim() != 4 || input.size(3) != dim) {
            throw new IllegalArgumentException("ShiftedWindowAttention.forward: expected a channels-last [B, H, W, "
                    + dim + "] input, got " + input.describe());
        }
        long b = input.size(0);
        long h = input.size(1);
        long w = input.size(2);
        long c = dim;
        long padR = (windowSize[1] - w % windowSize[1]) % windowSize[1];
        long padB = (windowSize[0] - h % windowSize[0]) % windowSize[0];
        Tensor x = F.pad(input, new long[] {0, 0, 0, padR, 0, padB}, "constant", 0);
        long padH = h + padB;
        long padW = w + padR;
        // a map that fits in one window needs no shift along that dimension
        long[] shift = {windowSize[0] >= padH ? 0 : shiftSize[0], windowSize[1] >= padW ? 0 : shiftSize[1]};
        boolean shifted = shift[0] + shift[1] > 0;
        if (shifted) {
            Tensor xs = x;
            x = call("roll", () -> torch.roll(handle(xs), new long[] {-shift[0], -shift[1]}, 1, 2), xs);
        }
        long nh = padH / windowSize[0];
        long nw = padW / windowSize[1];
        long numWindows = nh * nw;
        long n = windowSize[0] * windowSize[1];
        x = x.view(b, nh, windowSize[0], nw, windowSize[1], c).permute(0, 1, 3, 2, 4, 5).reshape(b * numWindows, n, c);

        Linear qkvLayer = (Linear) child("qkv");
        Tensor qkv = F.linear(x, qkvLayer.weight, qkvLayer.bias).reshape(x.size(0), n, 3, numHeads, c / numHeads)
                .permute(2, 0, 3, 1, 4);
        Tensor q = qkv.select(0, 0).mul(Math.pow(c / numHeads, -0.5));
        Tensor k = qkv.select(0, 1);
        Tensor v = qkv.select(0, 2);
        Tensor attn = q.matmul(k.transpose(2, 3)).add(relativePositionBias());
        if (shifted) {
            Tensor mask = Torch.tensor(shiftMask(padH, padW, windowSize, shift), numWindows, n, n).to(input.dtype())
                    .to(input.device());
            attn = attn.view(b, numWindows, numHeads, n, n).add(mask.unsqueeze(1).unsqueeze(0))
                    .view(-1, numHeads, n, n);
        }
        attn = F.dropout(attn.softmax(-1), attentionDropout, isTraining());
        x = attn.matmul(v).transpose(1, 2).reshape(x.size(0), n, c);
        Linear projLayer = (Linear) child("proj");
        x = F.dropout(F.linear(x, projLayer.weight, projLayer.bias), dropout, isTraining());

        x = x.view(b, nh, nw, windowSize[0], windowSize[1], c).permute(0, 1, 3, 2, 4, 5).reshape(b, padH, padW, c);
        if (shifted) {
            Tensor xs = x;
            x = call("roll", () -> torch.roll(handle(xs), new long[] {shift[0], shift[1]}, 1, 2), xs);
        }
        return x.slice(1, 0, h, 1).slice(2, 0, w, 1).contiguous();
    }

    /**
     * The additive mask [windows, N, N]: 0 between tokens of the same region, −100 otherwise.
     * Regions are labelled as torchvision does, by assigning Python slices of the padded map in
     * order (so a zero shift, whose slice {@code [-0:]} covers everything, behaves the same).
     */
    static float[] shiftMask(long padH, long padW, long[] ws, long[] shift) {
        int hh = (int) padH;
        int ww = (int) padW;
        int[][] region = new int[hh][ww];
        long[][] hSlices = {{0, -ws[0]}, {-ws[0], -shift[0]}, {-shift[0], Long.MAX_VALUE}};
        long[][] wSlices = {{0, -ws[1]}, {-ws[1], -shift[1]}, {-shift[1], Long.MAX_VALUE}};
        int count = 0;
        for (long[] hs : hSlices) {
            for (long[] wsl : wSlices) {
                int h0 = pyIndex(hs[0], hh);
                int h1 = pyIndex(hs[1], hh);
                int w0 = pyIndex(wsl[0], ww);
                int w1 = pyIndex(wsl[1], ww);
                for (int i = h0; i < h1; i++) {
                    for (int j = w0; j < w1; j++) {
                        region[i][j] = count;
                    }
                }
                count++;
            }
        }
        int nh = (int) (padH / ws[0]);
        int nw = (int) (padW / ws[1]);
        int n = (int) (ws[0] * ws[1]);
        float[] mask = new float[nh * nw * n * n];
        int[] ids = new int[n];
        for (int wi = 0; wi < nh; wi++) {
            for (int wj = 0; wj < nw; wj++) {
                for (int t = 0; t < n; t++) {
                    ids[t] = region[(int) (wi * ws[0] + t / ws[1])][(int) (wj * ws[1] + t % ws[1])];
                }
                int base = (wi * nw + wj) * n * n;
                for (int p = 0; p < n; p++) {
                    for (int q = 0; q < n; q++) {
                        mask[base + p * n + q] = ids[p] == ids[q] ? 0f : -100f;
                    }
                }
            }
        }
        return mask;
    }

    /** A Python slice bound (negative from the end, clamped; MAX_VALUE for None). */
    private static int pyIndex(long i, int len) {
        if (i == Long.MAX_VALUE) {
            return len;
        }
        long v = i < 0 ? len + i : i;
        return (int) Math.max(0, Math.min(len, v));
    }

    /** The bias table gets no weight decay in fine-tuning recipes (torchvision's --transformer-embedding-decay). */
    @Override
    public Set<String> noWeightDecay() {
        return Set.of("relative_position_bias_table");
    }

    @Override
    protected String extraRepr() {
        return "window_size=" + Arrays.toString(windowSize) + ", shift_size=" + Arrays.toString(shiftSize)
                + ", num_heads=" + numHeads;
    }
}
