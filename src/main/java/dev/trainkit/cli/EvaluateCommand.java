package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trainkit evaluate --model SPEC --weights FILE --data SOURCE}: the loss and top-1/top-5
 * accuracy of a trained model on the data's validation split ({@code trainer.validate(model, val_dl)}).
 * JSON: {@code {"samples": N, "val_loss": ..., "val_acc": ..., "val_acc_top5": ...}}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model's weights on the validation split of a data source.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainCommand.Setup s = TrainCommand.setup(options);
        if (s.o().weights == null) {
            throw new IllegalArgumentException("--weights is required for evaluate (a .pth, .safetensors or .ckpt file)");
        }
        Map<String, Double> m;
        try (DataLoader<Sample, Batch> val = s.data().valLoader(TrainCommand.batch(s.o()), 0)) {
            m = s.builder().progress(false).build().validate(s.model(), val);
        }
        ObjectNode json = Json.object();
        json.put("samples", s.data().val.size());
        m.forEach(json::put);
        TrainCommand.print(spec, s.o(), json);
        return 0;
    }
}
