package dev.trainkit.optim.swa;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Helpers of stochastic weight averaging: {@link #updateBn} recomputes BatchNorm statistics for
 * averaged weights.
 *
 * <pre>{@code
 * SwaUtils.updateBn(trainLoader, Batch::inputs, swaModel);   // one pass over the data, no gradients
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.optim.swa_utils.update_bn(loader, model)}.
 */
public final class SwaUtils {
    private SwaUtils() {
    }

    /**
     * One pass over {@code loader} in training mode without gradients, so that every BatchNorm
     * layer's running statistics become the cumulative average over the data (momentum
     * {@code None}) for the model's current weights. Running statistics are reset first, the
     * momenta and the training mode are restored afterwards. A model without BatchNorm layers
     * (or whose BatchNorm layers track no running statistics) is left untouched.
     *
     * @param loader batches
     * @param input  the model's input of a batch ({@code Batch::inputs}; PyTorch takes {@code batch[0]})
     * @param model  the model (e.g. an {@link AveragedModel})
     */
    public static <B> void updateBn(Iterable<B> loader, Function<? super B, Tensor> input, Module model) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(input, "input");
        Map<BatchNormBase, Double> momenta = new LinkedHashMap<>();
        try (NoGrad ng = NoGrad.enter()) {
            for (Module m : model.modules()) {
                if (m instanceof BatchNormBase bn && bn.runningMean() != null) {
                    bn.runningMean().zero_();
                    bn.runningVar().fill_(1);
                    momenta.put(bn, bn.momentum());
                }
            }
        }
        if (momenta.isEmpty()) {
            return;
        }
        boolean wasTraining = model.isTraining();
        model.train();
        try {
            try (NoGrad ng = NoGrad.enter()) {
                for (BatchNormBase bn : momenta.keySet()) {
                    bn.momentum(null);
                    bn.numBatchesTracked().zero_();
                }
            }
            for (B batch : loader) {
                try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
                    model.forward(input.apply(batch));
                }
            }
        } finally {
            momenta.forEach(BatchNormBase::momentum);
            model.train(wasTraining);
        }
    }

    /** {@link #updateBn(Iterable, Function, Module)} for a loader of input tensors. */
    public static void updateBn(Iterable<Tensor> loader, Module model) {
        updateBn(loader, t -> t, model);
    }
}
