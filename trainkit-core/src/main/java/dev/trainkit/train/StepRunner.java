package dev.trainkit.train;

import dev.trainkit.amp.GradScaler;
import dev.trainkit.amp.HalfPrecision;
import dev.trainkit.amp.Precision;
import dev.trainkit.nn.Module;
import dev.trainkit.optim.LBFGS;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Backward and optimizer step for one precision: {@code 32} and {@code bf16-mixed} step the
 * optimizer directly, {@code 16-mixed} goes through a {@link GradScaler}
 * ({@code scaler.scale(loss).backward(); scaler.unscale_(opt); clip; scaler.step(opt); scaler.update()}),
 * and the true-half modes through {@link HalfPrecision} (fp32 master weights). Lightning's
 * precision plugins.
 */
final class StepRunner {
    private final Optimizer optimizer;
    private final GradScaler scaler;
    private final HalfPrecision half;

    private StepRunner(Optimizer optimizer, GradScaler scaler, HalfPrecision half) {
        this.optimizer = optimizer;
        this.scaler = scaler;
        this.half = half;
    }

    /** Builds the optimizer (over the model's parameters, or over fp32 masters for true half). */
    static StepRunner create(Module model, Precision p, Function<List<Tensor>, Optimizer> factory) {
        if (p.isTrueHalf()) {
            HalfPrecision hp = HalfPrecision.wrap(model, p, factory);
            refuseClosureOptimizer(hp.optimizer(), p);
            return new StepRunner(hp.optimizer(), hp.scaler(), hp);
        }
        StepRunner r = new StepRunner(factory.apply(new ArrayList<>(model.parameters())), p.newGradScaler(), null);
        if (r.scaling()) {
            refuseClosureOptimizer(r.optimizer, p);
        }
        return r;
    }

    /** Lightning's rule: a loss-scaled or true-half step cannot drive an optimizer that re-evaluates the loss. */
    private static void refuseClosureOptimizer(Optimizer optimizer, Precision p) {
        if (optimizer instanceof LBFGS) {
            throw new IllegalArgumentException("precision '" + p + "': AMP and the LBFGS optimizer are not compatible"
                    + " (LBFGS re-evaluates the loss several times per step, which a GradScaler cannot unscale or"
                    + " skip); use precision '32' or 'bf16-mixed' with LBFGS");
        }
    }

    /**
     * Whether the optimizer steps through a closure that re-evaluates the loss (LBFGS): the loop
     * then calls {@link #step(DoubleSupplier)} instead of running backward itself.
     */
    boolean closureDriven() {
        return optimizer instanceof LBFGS;
    }

    /**
     * {@code optimizer.step(closure)} for {@link #closureDriven()} optimizers (no scaler: refused
     * at creation); the closure zeroes the gradients, runs forward, loss and backward on the same
     * batch and returns the loss.
     *
     * @return the loss of the first evaluation
     */
    double step(DoubleSupplier closure) {
        return optimizer.step(closure);
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** Whether gradients may legitimately be inf/NaN (the scaler then skips the step). */
    boolean scaling() {
        return scaler.isEnabled();
    }

    /** Backward of the (scaled) loss; {@code sync}: average gradients over ranks afterwards (see {@link Replicas}). */
    void backward(Tensor loss, Replicas replicas, boolean sync) {
        if (half != null) {
            half.backward(loss);
        } else {
            replicas.backward(scaler.scale(loss), sync);
        }
    }

    /** Unscales gradients before clipping or inspecting them (16-mixed); a no-op otherwise. */
    void unscale() {
        if (half == null && scaler.isEnabled()) {
            scaler.unscale_(optimizer);
        }
    }

    /** Steps; false when the scaler skipped the step for inf/NaN gradients. */
    boolean step() {
        if (half != null) {
            return half.step();
        }
        boolean stepped = scaler.step(optimizer);
        scaler.update();
        return stepped;
    }

    void zeroGrad() {
        if (half != null) {
            half.zeroGrad();
        } else {
            optimizer.zeroGrad();
        }
    }

    Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scaler", scaler.stateDict());
        m.put("master_params", half == null ? null : half.masterParams());
        return m;
    }

    @SuppressWarnings("unchecked")
    void loadStateDict(Map<String, ?> state, String where) {
        if (state == null) {
            return;
        }
        Object s = state.get("scaler");
        if (s instanceof Map<?, ?> m && !m.isEmpty()) {
            scaler.loadStateDict((Map<String, ?>) m);
        }
        Object masters = state.get("master_params");
        if (half != null) {
            if (!(masters instanceof List<?> l) || l.size() != half.masterParams().size()) {
                throw new IllegalArgumentException(where + ": the checkpoint has no fp32 master weights for this "
                        + "true-half precision run");
            }
            try (NoGrad ng = NoGrad.enter()) {
                for (int i = 0; i < l.size(); i++) {
                    half.masterParams().get(i).copy_((Tensor) l.get(i));
                }
            }
        }
    }
}
