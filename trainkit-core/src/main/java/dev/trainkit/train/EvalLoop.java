package dev.trainkit.train;

import dev.trainkit.metrics.Metric;
import dev.trainkit.metrics.MeanMetric;
import dev.trainkit.amp.Precision;
import dev.trainkit.amp.Autocast;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.LossFunction;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Validation and test: the model in eval mode under no-grad, one {@link TensorScope} per batch,
 * mean loss weighted by batch size plus the configured metrics, named with a prefix
 * ({@code val_loss}, {@code val_acc}). In a distributed fit every rank evaluates its shard and the
 * values are averaged over ranks, weighted by their sample counts.
 */
final class EvalLoop {
    private EvalLoop() {
    }

    /** Moves a batch's input to the device and dtype the model runs in. */
    static Tensor inputs(Tensor x, Device device, Precision precision) {
        if (device.isCuda()) {
            x = x.to(device);
        }
        return precision.paramDtype() == DType.FLOAT32 ? x : x.to(precision.paramDtype());
    }

    /** Moves a batch's target to the device. */
    static Tensor targets(Tensor y, Device device) {
        return device.isCuda() ? y.to(device) : y;
    }

    /** Runs the forward pass (under autocast when mixed) and returns {output, loss}. */
    static Tensor[] forward(Module model, LossFunction loss, Tensor x, Tensor y, Device device, Precision precision) {
        DType ac = precision.autocastDtype();
        if (ac == null) {
            Tensor out = model.forward(x);
            return new Tensor[] {out, loss.apply(out, y)};
        }
        try (Autocast a = Autocast.enable(device, ac)) {
            Tensor out = model.forward(x);
            return new Tensor[] {out, loss.apply(out, y)};
        }
    }

    static <B> Map<String, Double> run(Module model, Iterable<B> loader, BatchAdapter<? super B> batches,
            LossFunction loss,
            List<Supplier<Metric>> metricFactories, String prefix, Device device, Precision precision,
            Replicas replicas) {
        List<Metric> metrics = new ArrayList<>();
        for (Supplier<Metric> f : metricFactories) {
            metrics.add(f.get());
        }
        MeanMetric meanLoss = new MeanMetric();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (NoGrad ng = NoGrad.enter()) {
            for (B b : loader) {
                try (TensorScope step = TensorScope.open()) {
                    Tensor x = inputs(batches.input(b), device, precision);
                    Tensor y = targets(batches.target(b), device);
                    Tensor[] r = forward(model, loss, x, y, device, precision);
                    meanLoss.add(r[1].item(), batches.size(b));
                    Tensor out = r[0].dtype() == DType.FLOAT32 ? r[0] : r[0].to(DType.FLOAT32);
                    for (Metric m : metrics) {
                        m.update(out, y);
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(prefix + "loss", meanLoss.mean());
        for (Metric m : metrics) {
            m.compute().forEach((k, v) -> out.put(prefix + k, v));
        }
        // each rank evaluated its shard: the means over ranks, weighted by samples
        return replicas.reduceMetrics(out, meanLoss.count());
    }
}
