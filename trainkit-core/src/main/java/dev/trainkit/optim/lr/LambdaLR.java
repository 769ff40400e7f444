package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Sets each group's lr to its initial lr times {@code lrLambda(epoch)}.
 *
 * <pre>{@code
 * LRScheduler s = new LambdaLR(optimizer, epoch -> Math.pow(0.95, epoch));
 * LRScheduler t = new LambdaLR(optimizer, LrLambdaExpression.parse("0.1 ** (epoch // 30)"));
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code LambdaLR(optimizer, lr_lambda=lambda epoch: 0.95 ** epoch)}.
 */
public class LambdaLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("LambdaLR").required("lr_lambda").param("last_epoch", -1).build(),
            "lr = initial lr × lr_lambda(epoch); lr_lambda is a quoted expression in epoch",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH,
                    (a, opt) -> new LambdaLR(opt, SchedulerArgs.lambdas(a, opt), a.getInt("last_epoch"))));

    private final List<IntToDoubleFunction> lrLambdas;

    /** One function for all groups. */
    public LambdaLR(HasParamGroups optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, lrLambda, -1);
    }

    /** One function for all groups, resuming after {@code lastEpoch}. */
    public LambdaLR(HasParamGroups optimizer, IntToDoubleFunction lrLambda, int lastEpoch) {
        this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), lrLambda), lastEpoch);
    }

    /** One function per group. */
    public LambdaLR(HasParamGroups optimizer, List<? extends IntToDoubleFunction> lrLambdas, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.lrLambdas = checkLambdas(optimizer, lrLambdas);
        initialStep();
    }

    static List<IntToDoubleFunction> checkLambdas(HasParamGroups optimizer, List<? extends IntToDoubleFunction> fs) {
        if (fs == null || fs.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("lr_lambda: expected " + optimizer.paramGroups().size()
                    + " lr_lambdas (one per param group), got " + (fs == null ? "null" : fs.size()));
        }
        for (int i = 0; i < fs.size(); i++) {
            if (fs.get(i) == null) {
                throw new IllegalArgumentException("lr_lambda[" + i + "]: expected a function, got null");
            }
        }
        return new ArrayList<>(fs);
    }

    @Override
    protected List<Double> getLr() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < baseLrs.size(); i++) {
            out.add(baseLrs.get(i) * lrLambdas.get(i).applyAsDouble(lastEpoch));
        }
        return out;
    }
}
