package dev.trainkit.train;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Unfreezes parameter groups at given epochs (ULMFiT's gradual unfreezing, Lightning's
 * {@code BackboneFinetuning}/{@code BaseFinetuning.unfreeze_and_add_param_group}): at the
 * start of epoch {@code e}, every parameter matching a pattern listed for an epoch {@code <= e}
 * gets {@code requires_grad = true}. Patterns are {@link ParamGlob} globs over
 * {@code namedParameters} names. Combine with {@code TrainerBuilder.freeze(...)}, which
 * freezes at the start of fit; the optimizer holds all parameters and skips those without
 * gradients, as PyTorch's do.
 *
 * <pre>{@code
 * Trainer.builder().freeze(List.of("*")).callback(new GradualUnfreezing(Map.of(
 *         0, List.of("fc"),              // head only
 *         2, List.of("layer4"),          // then the last stage
 *         4, List.of("*"))))             // then everything
 * }</pre>
 */
public final class GradualUnfreezing implements Callback {
    private final TreeMap<Integer, List<String>> schedule;

    /** {@code schedule}: epoch to the patterns unfrozen from that epoch on. */
    public GradualUnfreezing(Map<Integer, List<String>> schedule) {
        this.schedule = new TreeMap<>(schedule);
        this.schedule.forEach((e, pats) -> {
            if (e < 0) {
                throw new IllegalArgumentException("GradualUnfreezing: epochs must be >= 0, got " + e);
            }
            pats.forEach(ParamGlob::validate);
        });
    }

    @Override
    public void onEpochStart(TrainContext ctx) {
        // applied cumulatively, so a run resumed in a later epoch gets the same requires_grad flags
        schedule.headMap(ctx.epoch(), true).forEach((e, pats) -> {
            List<String> names = ParamGlob.setRequiresGrad(ctx.model(), pats, true);
            if (e == ctx.epoch()) {
                LoggerFactory.getLogger("trainkit").info("epoch {}: unfroze {} parameters matching {}", e,
                        names.size(), pats);
            }
        });
    }
}
