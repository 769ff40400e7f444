package dev.trainkit.train;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;

/**
 * Keeps the BatchNorm layers of a frozen backbone in eval mode, so that their running
 * statistics stay frozen too (Lightning's {@code BaseFinetuning.freeze(train_bn=False)}): at the
 * start of every epoch, after the model was put in training mode and after
 * {@link GradualUnfreezing} ran, each BatchNorm module whose affine parameters all have
 * {@code requires_grad = false} is switched to {@code eval()}; the others are left in training
 * mode. Register it after {@link GradualUnfreezing}, since callbacks run in registration order.
 *
 * <pre>{@code
 * Trainer.builder().freeze(backbone)
 *         .callback(new GradualUnfreezing(Map.of(3, backbone)))
 *         .callback(new FrozenBatchNormEval())
 * }</pre>
 */
public final class FrozenBatchNormEval implements Callback {
    @Override
    public void onEpochStart(TrainContext ctx) {
        apply(ctx.model());
    }

    /** Switches the frozen BatchNorm modules of {@code model} to eval mode; returns how many are frozen. */
    public static int apply(Module model) {
        int frozen = 0;
        for (Module m : model.modules()) {
            if (m instanceof BatchNormBase && !m.parameters().isEmpty()) {
                boolean trainable = false;
                for (Parameter p : m.parameters()) {
                    trainable |= p.requiresGrad();
                }
                if (!trainable) {
                    m.eval();
                    frozen++;
                } else if (model.isTraining()) {
                    m.train();
                }
            }
        }
        return frozen;
    }
}
