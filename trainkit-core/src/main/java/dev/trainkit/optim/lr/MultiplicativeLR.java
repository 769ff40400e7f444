package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Multiplies each group's lr by {@code lrLambda(epoch)} at every step (not at construction).
 *
 * <pre>{@code
 * LRScheduler s = new MultiplicativeLR(optimizer, epoch -> 0.95);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.95)}.
 */
public class MultiplicativeLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("MultiplicativeLR").required("lr_lambda").param("last_epoch", -1).build(),
            "multiplies the lr by lr_lambda(epoch) every epoch",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH,
                    (a, opt) -> new MultiplicativeLR(opt, SchedulerArgs.lambdas(a, opt), a.getInt("last_epoch"))));

    private final List<IntToDoubleFunction> lrLambdas;

    /** One function for all groups. */
    public MultiplicativeLR(HasParamGroups optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), lrLambda), -1);
    }

    /** One function per group, resuming after {@code lastEpoch} (-1 to start). */
    public MultiplicativeLR(HasParamGroups optimizer, List<? extends IntToDoubleFunction> lrLambdas, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.lrLambdas = LambdaLR.checkLambdas(optimizer, lrLambdas);
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (isInitial()) {
            return lrs;
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < lrs.size(); i++) {
            out.add(lrs.get(i) * lrLambdas.get(i).applyAsDouble(lastEpoch));
        }
        return out;
    }
}
