package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import org.bytedeco.pytorch.global.torch;

/**
 * Connectionist temporal classification loss, as {@code torch.nn.CTCLoss(blank=0,
 * reduction='mean', zero_infinity=False)}. {@code log_probs} is {@code [T, N, C]} (log-softmax
 * over C), {@code targets} int64 {@code [N, S]} (or concatenated 1-d), lengths int64 {@code [N]}.
 * With {@code mean}, each sample's loss is divided by its target length, then averaged.
 *
 * <pre>{@code
 * CTCLoss ctc = new CTCLoss().zeroInfinity(true);      // nn.CTCLoss(zero_infinity=True)
 * Tensor l = ctc.forward(logProbs, targets, inputLengths, targetLengths);
 * }</pre>
 */
public class CTCLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("CTCLoss").param("blank", 0).param("reduction", "mean").param("zero_infinity", false).build(),
            "connectionist temporal classification of unaligned sequences",
            k -> new CTCLoss(LossArgs.reduction(k)).blank(k.getLong("blank")).zeroInfinity(k.getBool("zero_infinity")));

    private long blank = 0;
    private boolean zeroInfinity = false;

    /** {@code nn.CTCLoss()}. */
    public CTCLoss() {
        super();
    }

    /** {@code nn.CTCLoss(reduction=...)}. */
    public CTCLoss(Reduction reduction) {
        super(reduction);
    }

    /** The blank label ({@code blank=}, default 0). */
    public CTCLoss blank(long blank) {
        this.blank = blank;
        return this;
    }

    /** Whether infinite losses (impossible alignments) become zero ({@code zero_infinity=}). */
    public CTCLoss zeroInfinity(boolean zeroInfinity) {
        this.zeroInfinity = zeroInfinity;
        return this;
    }

    /** Not applicable: CTC needs lengths; use {@link #forward(Tensor, Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException("CTCLoss takes (log_probs, targets, input_lengths, target_lengths):"
                + " call forward(logProbs, targets, inputLengths, targetLengths)");
    }

    /** The CTC loss with lengths as arrays. */
    public Tensor forward(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths) {
        return forward(logProbs, targets, Torch.tensor(inputLengths, inputLengths.length),
                Torch.tensor(targetLengths, targetLengths.length));
    }

    /** The CTC loss of {@code logProbs} against {@code targets}. */
    public Tensor forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "log_probs", logProbs);
        if (logProbs.dim() != 3 && logProbs.dim() != 2) {
            throw LossChecks.error(n, "log_probs must be [T, N, C] or [T, C], got " + logProbs.describe());
        }
        long c = logProbs.size(-1);
        if (blank < 0 || blank >= c) {
            throw LossChecks.error(n, "blank=" + blank + " is out of range for C=" + c + " classes");
        }
        LossChecks.notNull(n, "targets", targets);
        if (targets.dtype() != DType.INT64 && targets.dtype() != DType.INT32) {
            throw LossChecks.error(n, "targets must be int64 class indices, got " + targets.describe());
        }
        if (targets.numel() > 0) {
            LossChecks.classRange(n, targets.to(DType.INT64), c, null);
        }
        long batch = logProbs.dim() == 3 ? logProbs.size(1) : 1;
        for (String[] pair : new String[][] {{"input_lengths", "0"}, {"target_lengths", "1"}}) {
            Tensor len = pair[1].equals("0") ? inputLengths : targetLengths;
            LossChecks.notNull(n, pair[0], len);
            if (len.dtype().isFloatingPoint() || len.numel() != batch) {
                throw LossChecks.error(n, pair[0] + " must be " + batch + " integers (one per sample), got "
                        + len.describe());
            }
        }
        long maxIn = inputLengths.max().itemLong();
        if (maxIn > logProbs.size(0)) {
            throw LossChecks.error(n, "input_lengths contains " + maxIn + " but log_probs has only T="
                    + logProbs.size(0) + " steps (shape " + Arrays.toString(logProbs.shape()) + ")");
        }
        Tensor il = inputLengths.to(DType.INT64);
        Tensor tl = targetLengths.to(DType.INT64);
        return Aten.call("ctc_loss", () -> torch.ctc_loss(Aten.h(logProbs), Aten.h(targets), Aten.h(il), Aten.h(tl),
                blank, reduction().atenCode(), zeroInfinity), logProbs, targets);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", blank=" + blank + ", zero_infinity=" + zeroInfinity;
    }
}
