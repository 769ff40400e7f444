package dev.trainkit.train;

import dev.trainkit.nn.finetune.ModuleGlob;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * The Trainer callback for gradual unfreezing (ULMFiT; Lightning's {@code BackboneFinetuning}):
 * at the start of epoch {@code e}, every parameter matching a pattern listed for an epoch
 * {@code <= e} gets {@code requires_grad = true}. It drives
 * {@link dev.trainkit.optim.finetune.UnfreezeSchedule}, which does the work (and adds
 * parameters the optimizer does not hold as a new param group); patterns are
 * {@link ModuleGlob} globs over module and parameter names. Combine with
 * {@code TrainerBuilder.freeze(...)}, which freezes at the start of fit; with
 * {@code TrainerBuilder.freezeBatchNormStats(true)} the BatchNorm layers of a stage stay in eval
 * mode until the stage is unfrozen.
 *
 * <pre>{@code
 * Trainer.builder().freeze(List.of("*")).callback(new GradualUnfreezing(Map.of(
 *         0, List.of("fc"),              // head only
 *         2, List.of("layer4"),          // then the last stage
 *         4, List.of("*"))))             // then everything
 * }</pre>
 */
public final class GradualUnfreezing implements Callback {
    private final dev.trainkit.optim.finetune.UnfreezeSchedule stages;

    /** {@code schedule}: epoch to the patterns unfrozen from that epoch on. */
    public GradualUnfreezing(Map<Integer, List<String>> schedule) {
        this.stages = new dev.trainkit.optim.finetune.UnfreezeSchedule(dev.trainkit.nn.finetune.BatchNormStats.UPDATING);
        new TreeMap<>(schedule).forEach((e, pats) -> {
            pats.forEach(ModuleGlob::compile);
            stages.at(e, pats.toArray(String[]::new));
        });
    }

    @Override
    public void onEpochStart(TrainContext ctx) {
        // stages already past are applied too, so a run resumed in a later epoch gets the same flags
        List<String> names = stages.onEpochStart(ctx.epoch(), ctx.model(), ctx.optimizer());
        if (!names.isEmpty()) {
            LoggerFactory.getLogger("trainkit").info("epoch {}: unfroze {} parameters", ctx.epoch(), names.size());
        }
    }
}
