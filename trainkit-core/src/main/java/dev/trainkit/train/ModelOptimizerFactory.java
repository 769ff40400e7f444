package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.tensor.Tensor;
import java.util.List;

/**
 * Builds the optimizer of a {@link Trainer} when {@code fit} starts. It sees the model, so
 * parameter groups can be chosen by name without closing over the model:
 *
 * <pre>{@code
 * Trainer.builder().optimizer((model, params) -> new AdamW(List.of(
 *         ParamGroupSpec.of(model.getSubmodule("fc").parameters()).with("lr", 1e-3),
 *         ParamGroupSpec.of(Freezer.parametersExcept(model, "fc"))), Map.of("lr", 1e-4)));
 * }</pre>
 *
 * <p>PyTorch equivalent: Lightning's {@code LightningModule.configure_optimizers(self)}, which
 * reads {@code self.named_parameters()}.
 */
@FunctionalInterface
public interface ModelOptimizerFactory {
    /**
     * The optimizer for {@code model}.
     *
     * @param model  the model being trained (unwrapped, on its device)
     * @param params the tensors to optimize, in the order of {@code model.parameters()}: the
     *               parameters themselves, or their fp32 master copies under the true-half
     *               precisions ({@code bf16-true}, {@code 16-true}), where groups must be built
     *               from this list (by position) rather than from the model
     */
    Optimizer create(Module model, List<Tensor> params);
}
