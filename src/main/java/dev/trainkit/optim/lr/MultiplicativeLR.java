package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;

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
