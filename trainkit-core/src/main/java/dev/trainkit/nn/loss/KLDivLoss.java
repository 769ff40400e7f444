package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Kullback-Leibler divergence of log-probabilities {@code input} to {@code target}, as
 * {@code torch.nn.KLDivLoss(reduction='mean', log_target=False)}. The reduction may also be
 * {@code "batchmean"} (sum divided by the batch size, the mathematically correct KL), which is
 * why this class takes the reduction as a string too.
 *
 * <pre>{@code
 * Loss kl = new KLDivLoss("batchmean").logTarget(true);   // nn.KLDivLoss(reduction='batchmean', log_target=True)
 * Tensor l = kl.forward(student.logSoftmax(1), teacher.logSoftmax(1));
 * }</pre>
 */
public class KLDivLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("KLDivLoss").param("size_average", null).param("reduce", null).param("reduction", "mean").param("log_target", false).build(),
            "Kullback-Leibler divergence of log-probabilities from a target",
            k -> new KLDivLoss(k.getString("reduction")).logTarget(k.getBool("log_target")));

    private final boolean batchmean;
    private boolean logTarget;

    /** {@code nn.KLDivLoss()}: elementwise mean. */
    public KLDivLoss() {
        this(Reduction.MEAN);
    }

    /** {@code nn.KLDivLoss(reduction=...)} with none, mean or sum. */
    public KLDivLoss(Reduction reduction) {
        super(reduction);
        this.batchmean = false;
    }

    /** {@code nn.KLDivLoss(reduction=...)} with {@code none}, {@code mean}, {@code sum} or {@code batchmean}. */
    public KLDivLoss(String reduction) {
        super("batchmean".equals(reduction) ? Reduction.SUM : parse(reduction));
        this.batchmean = "batchmean".equals(reduction);
    }

    private static Reduction parse(String reduction) {
        try {
            return Reduction.of(reduction);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KLDivLoss: reduction must be one of [none, mean, sum, batchmean], got '"
                    + reduction + "'");
        }
    }

    /** Whether the target is given as log-probabilities ({@code log_target=}, default false). */
    public KLDivLoss logTarget(boolean logTarget) {
        this.logTarget = logTarget;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        Tensor out = Aten.call("kl_div", () -> torch.kl_div(Aten.h(input), Aten.h(target), reduction().atenCode(),
                logTarget), input, target);
        return batchmean && input.dim() != 0 ? out.div(input.size(0)) : out;
    }

    @Override
    protected String extraRepr() {
        return "reduction='" + (batchmean ? "batchmean" : reduction().pyName()) + "', log_target=" + logTarget;
    }
}
