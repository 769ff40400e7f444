package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.optim.lr.SWALR;
import dev.trainkit.optim.swa.AveragedModel;
import dev.trainkit.optim.swa.AveragingFunction;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Stochastic weight averaging as a callback, with Lightning's {@code StochasticWeightAveraging}
 * arguments ({@code swa_lrs}, {@code swa_epoch_start}, {@code annealing_epochs},
 * {@code annealing_strategy}, {@code avg_fn}) and PyTorch's SWA loop:
 *
 * <ul>
 *   <li>At the start of the first SWA epoch an {@link SWALR} over the optimizer takes over the lr
 *       (the trainer's own schedulers stop stepping), stepped once per epoch from then on.</li>
 *   <li>After each SWA epoch the weights are folded into an {@link AveragedModel}
 *       ({@code swa_model.update_parameters(model)}, equal average unless {@code avgFn} is given).</li>
 *   <li>When fit ends normally, the averaged parameters are copied into the model and its
 *       BatchNorm statistics recomputed with one pass over the training data
 *       ({@code update_bn(train_loader, model)}, training batches as loaded, never transformed).</li>
 * </ul>
 *
 * <p>{@code swa_epoch_start} is 1-based as in Lightning: an integer {@code E >= 1} starts at epoch
 * index {@code E - 1}; a fraction {@code f} in [0, 1] at index {@code max(int(f * max_epochs) - 1, 0)}.
 * Checkpoints hold the average ({@code swa_state_dict}), its count and the SWALR state, so a resumed
 * run averages exactly as an uninterrupted one. Java has no {@code deepcopy}: the averaged copy is
 * built by {@code copyFactory} (same architecture) when fit starts. Validation during training
 * measures the trained weights, as Lightning's.
 *
 * <pre>{@code
 * Trainer.builder().maxEpochs(20)
 *         .callback(new StochasticWeightAveraging(() -> buildModel(), 0.05).swaEpochStart(0.75).annealingEpochs(2));
 * }</pre>
 *
 * <p>Lightning equivalent: {@code StochasticWeightAveraging(swa_lrs=0.05, swa_epoch_start=0.75,
 * annealing_epochs=2)}. Differences: Lightning averages at the start of epochs (so the last
 * epoch's weights are not averaged) and runs the BatchNorm pass as an extra epoch; TrainKit follows
 * {@code torch.optim.swa_utils}' documented loop (average after each SWA epoch, {@code update_bn}
 * at the end). The SWALR is built with {@code last_epoch=-1}, which gives the same lrs.
 */
public final class StochasticWeightAveraging implements Callback {
    /** The checkpoint entry holding the averaged model's state ({@code module.*}, {@code n_averaged}). */
    public static final String CHECKPOINT_KEY = "swa_state_dict";
    private final Supplier<? extends Module> copyFactory;
    private final List<Double> swaLrs;
    private Integer epochStart = null;
    private double epochStartFraction = 0.8;
    private int annealingEpochs = 10;
    private String annealingStrategy = "cos";
    private AveragingFunction avgFn;
    private AveragedModel averaged;
    private SWALR scheduler;
    private int swaStart = -1;

    /**
     * SWA towards {@code swaLrs} (one value, or one per parameter group).
     *
     * @param copyFactory builds a second instance of the trained model's architecture (the averaged copy)
     * @throws IllegalArgumentException for no or non-positive learning rates
     */
    public StochasticWeightAveraging(Supplier<? extends Module> copyFactory, List<Double> swaLrs) {
        this.copyFactory = Objects.requireNonNull(copyFactory, "copyFactory");
        if (swaLrs == null || swaLrs.isEmpty()) {
            throw new IllegalArgumentException("swa_lrs: expected a positive learning rate or one per parameter group, "
                    + "got none");
        }
        for (Double lr : swaLrs) {
            if (lr == null || !(lr > 0) || lr.isInfinite()) {
                throw new IllegalArgumentException("swa_lrs: expected positive finite learning rates, got " + swaLrs);
            }
        }
        this.swaLrs = List.copyOf(swaLrs);
    }

    /** SWA towards one lr for every parameter group. */
    public StochasticWeightAveraging(Supplier<? extends Module> copyFactory, double swaLr) {
        this(copyFactory, List.of(swaLr));
    }

    /** Starts at the {@code epoch}-th epoch, 1-based ({@code swa_epoch_start=epoch}, an int >= 1). */
    public StochasticWeightAveraging swaEpochStart(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("swa_epoch_start: expected an epoch >= 1 (1-based) or a fraction in "
                    + "[0, 1], got " + epoch);
        }
        epochStart = epoch;
        return this;
    }

    /** Starts at this fraction of max_epochs ({@code swa_epoch_start=0.8}, the default). */
    public StochasticWeightAveraging swaEpochStart(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("swa_epoch_start: expected a fraction in [0, 1] or an epoch >= 1, got "
                    + fraction);
        }
        epochStart = null;
        epochStartFraction = fraction;
        return this;
    }

    /** SWALR's {@code anneal_epochs} (default 10). */
    public StochasticWeightAveraging annealingEpochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("annealing_epochs: expected >= 0, got " + n);
        }
        annealingEpochs = n;
        return this;
    }

    /** SWALR's {@code anneal_strategy}: {@code cos} (default) or {@code linear}. */
    public StochasticWeightAveraging annealingStrategy(String strategy) {
        if (!"cos".equals(strategy) && !"linear".equals(strategy)) {
            throw new IllegalArgumentException("annealing_strategy: expected 'cos' or 'linear', got '" + strategy + "'");
        }
        annealingStrategy = strategy;
        return this;
    }

    /** The averaging function ({@code avg_fn}; default the equal average). */
    public StochasticWeightAveraging avgFn(AveragingFunction fn) {
        avgFn = Objects.requireNonNull(fn, "avgFn");
        return this;
    }

    /** The 0-based epoch index SWA starts at for a run of {@code maxEpochs} epochs. */
    public int swaStart(int maxEpochs) {
        int e = epochStart != null ? epochStart : (int) (maxEpochs * epochStartFraction);
        return Math.max(e - 1, 0);
    }

    /** The averaged model (null before fit starts). */
    public AveragedModel averagedModel() {
        return averaged;
    }

    /** The SWALR scheduler (null before the first SWA epoch). */
    public SWALR scheduler() {
        return scheduler;
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        int maxEpochs = ctx.trainer().config().maxEpochs();
        swaStart = swaStart(maxEpochs);
        if (swaStart >= maxEpochs) {
            throw new IllegalArgumentException("swa_epoch_start: SWA would start at epoch index " + swaStart
                    + " but the run has max_epochs=" + maxEpochs);
        }
        if (ctx.trainer().config().checkpointing().restoreBest()) {
            throw new IllegalArgumentException("StochasticWeightAveraging: restore_best would replace the averaged "
                    + "weights at the end of fit; use one or the other");
        }
        ensureAveraged(ctx);
    }

    private void ensureAveraged(TrainContext ctx) {
        if (averaged == null) {
            averaged = new AveragedModel(ctx.model(), copyFactory.get());
            if (avgFn != null) {
                averaged.avgFn(avgFn);
            }
        }
    }

    @Override
    public void onEpochStart(TrainContext ctx) {
        if (scheduler == null && ctx.epoch() >= swaStart) {
            scheduler = new SWALR(ctx.optimizer(), swaLrs, annealingEpochs, annealingStrategy, -1);
            ctx.schedulersReplaced = true;
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        if (scheduler != null) {
            averaged.updateParameters(ctx.model());
            scheduler.step();
        }
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (ctx.interrupted() || averaged == null || averaged.nAveraged().itemLong() == 0
                || ctx.epoch() + 1 < ctx.trainer().config().maxEpochs() || !ctx.epochCompleted()) {
            return; // stopped early: the model keeps its trained weights, the checkpoint the average
        }
        List<Parameter> src = averaged.module().parameters();
        List<Parameter> dst = ctx.model().parameters();
        try (NoGrad ng = NoGrad.enter()) {
            for (int i = 0; i < dst.size(); i++) {
                dst.get(i).copy_(src.get(i));
            }
        }
        ctx.loop.updateBatchNorm();
    }

    @Override
    public void onSaveCheckpoint(TrainContext ctx, Map<String, Object> checkpoint) {
        if (averaged != null) {
            checkpoint.put(CHECKPOINT_KEY, averaged.stateDict());
        }
    }

    @Override
    public void onLoadCheckpoint(TrainContext ctx, Map<String, ?> checkpoint) {
        ensureAveraged(ctx);
        Map<String, ?> sd = CheckpointState.map(checkpoint.get(CHECKPOINT_KEY));
        if (sd == null) {
            throw new IllegalArgumentException("resume: StochasticWeightAveraging is on but the checkpoint has no '"
                    + CHECKPOINT_KEY + "'");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        sd.forEach((k, v) -> tensors.put(k, (Tensor) v));
        averaged.loadStateDict(tensors, true);
        if (pendingSchedulerState != null) {
            // the optimizer's lrs were restored from the checkpoint; SWALR's constructor must not move them
            List<Double> lrs = new ArrayList<>();
            for (ParamGroup<?> g : ctx.optimizer().paramGroups()) {
                lrs.add(g.lr());
            }
            scheduler = new SWALR(ctx.optimizer(), swaLrs, annealingEpochs, annealingStrategy, -1);
            scheduler.loadStateDict(pendingSchedulerState);
            for (int i = 0; i < lrs.size(); i++) {
                ctx.optimizer().paramGroups().get(i).setLr(lrs.get(i));
            }
            ctx.schedulersReplaced = true;
            pendingSchedulerState = null;
        }
    }

    private Map<String, ?> pendingSchedulerState;

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheduler", scheduler == null ? null : scheduler.stateDict());
        return m;
    }

    @Override
    public void loadStateDict(Map<String, ?> state) {
        pendingSchedulerState = CheckpointState.map(state.get("scheduler"));
    }
}
