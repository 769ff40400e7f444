package dev.trainkit.train;

import dev.trainkit.dist.DistributedDataParallel;
import dev.trainkit.dist.ProcessGroup;
import dev.trainkit.dist.ReduceOp;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranks one {@link Trainer#fit} runs on: this process alone, or one replica of a
 * data-parallel job over a {@link ProcessGroup} (see {@link TrainerBuilder#distributed}). The
 * loops ask it, instead of testing ranks themselves, which module runs the forward pass, how a
 * backward synchronizes gradients, how a metric is reduced over ranks and whether this rank
 * writes files.
 */
final class Replicas {
    private final ProcessGroup pg;
    private final DistributedDataParallel ddp;
    private final Module model;

    private Replicas(ProcessGroup pg, Module model, boolean wrap) {
        this.pg = pg;
        this.model = model;
        this.ddp = pg == null || !wrap ? null : new DistributedDataParallel(model, pg);
    }

    /** Alone when {@code pg} is null, else wraps {@code model} in DDP (broadcasting rank 0's weights). */
    static Replicas of(ProcessGroup pg, Module model) {
        return new Replicas(pg, model, true);
    }

    /** For evaluation only: reduces metrics over {@code pg} (null: alone), trains nothing. */
    static Replicas evaluating(ProcessGroup pg) {
        return new Replicas(pg, null, false);
    }

    /** Whether this rank logs, writes the run directory and checkpoints (rank 0, or alone). */
    boolean isMain() {
        return pg == null || pg.isMain();
    }

    int worldSize() {
        return pg == null ? 1 : pg.worldSize();
    }

    int rank() {
        return pg == null ? 0 : pg.rank();
    }

    /** The module the training forward goes through: the DDP wrapper, or the model itself. */
    Module forwardModule() {
        return ddp != null ? ddp : model;
    }

    /**
     * Backward of {@code loss}; with {@code sync} the gradients are then averaged over ranks,
     * without it (an accumulation micro-step) they only accumulate locally ({@code no_sync()}).
     */
    void backward(Tensor loss, boolean sync) {
        if (ddp == null) {
            loss.backward();
        } else if (sync) {
            ddp.backward(loss);
            // DDP hands every bucketed parameter a gradient (zeros when autograd did not reach it);
            // a frozen parameter must keep none, or weight decay and momentum would move it
            for (Parameter p : model.parameters()) {
                if (!p.requiresGrad() && p.grad() != null) {
                    p.setGrad(null);
                }
            }
        } else {
            ddp.noSync(() -> ddp.backward(loss));
        }
    }

    /** The mean of {@code value} over ranks. */
    double mean(double value) {
        return pg == null || pg.worldSize() == 1 ? value : pg.allReduce(value, ReduceOp.AVG);
    }

    /** The sums of {@code values} over ranks, element by element, in one collective. */
    double[] sum(double[] values) {
        if (pg == null || pg.worldSize() == 1 || values.length == 0) {
            return values.clone();
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor t = Torch.tensor(values, values.length);
            pg.allReduce(t, ReduceOp.SUM);
            return t.toDoubleArray();
        }
    }

    /**
     * Each metric's mean over ranks weighted by {@code count} (this rank's number of samples):
     * exact for the loss and accuracy; a rank where a value is NaN (a class absent from its
     * shard) does not count for that value. Every rank must call it with the same keys.
     */
    Map<String, Double> reduceMetrics(Map<String, Double> metrics, double count) {
        if (pg == null || pg.worldSize() == 1) {
            return metrics;
        }
        List<String> keys = new ArrayList<>(metrics.keySet());
        double[] v = new double[2 * keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            double x = metrics.get(keys.get(i));
            boolean finite = Double.isFinite(x);
            v[2 * i] = finite ? x * count : 0;
            v[2 * i + 1] = finite ? count : 0;
        }
        double[] s = sum(v);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), s[2 * i + 1] == 0 ? Double.NaN : s[2 * i] / s[2 * i + 1]);
        }
        return out;
    }
}
