package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.nn.loss.Loss;
import dev.trainkit.nn.loss.Losses;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainkit loss --loss SPEC --input X.npy --target T.npy [--format json|text]}: evaluates a
 * loss on a float input and an int64 or float target and prints the loss and its gradient with
 * respect to the input (docs/CLI.md). JSON: {@code {"loss": v, "grad": [flattened, C order]}};
 * with {@code reduction='none'}, {@code "loss"} is the flattened list and the gradient is that of
 * its sum, as {@code loss.sum().backward()}.
 */
@Command(name = "loss", mixinStandardHelpOptions = true,
        description = "Evaluate a loss and its gradient with respect to the input.")
public final class LossCommand implements Callable<Integer> {

    @Option(names = "--loss", required = true, paramLabel = "SPEC",
            description = "Loss spec, e.g. CrossEntropyLoss(label_smoothing=0.1) or DiceLoss(mode='multiclass')")
    String loss;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Input (model output), float32")
    Path input;

    @Option(names = "--target", required = true, paramLabel = "T.npy", description = "Target, int64 or float32")
    Path target;

    @Option(names = "--format", defaultValue = "text", paramLabel = "json|text",
            description = "Output format: json or text (default: ${DEFAULT-VALUE})")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliOptions.checkOneOf("--format", format, "json", "text");
        for (Path p : new Path[] {input, target}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such file: " + p);
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Loss fn = Losses.create(loss);
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Npy.load(input);
            if (!x.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("--input must hold floating-point values, got " + x.describe());
            }
            x.requiresGrad_(true);
            Tensor t = Npy.load(target);
            Tensor value = fn.apply(x, t);
            value.sum().backward();
            double[] values = value.toDoubleArray();
            double[] grad = x.grad() == null ? new double[0] : x.grad().toDoubleArray();
            if (format.equals("json")) {
                ObjectNode out = Json.object();
                if (value.dim() == 0) {
                    out.put("loss", values[0]);
                } else {
                    Json.putNumbers(out, "loss", values);
                }
                Json.putNumbers(out, "grad", grad);
                stdout.println(Json.write(out));
            } else {
                stdout.println("loss: " + (value.dim() == 0 ? Double.toString(values[0])
                        : java.util.Arrays.toString(values)));
                stdout.println("grad: " + java.util.Arrays.toString(grad));
            }
            stdout.flush();
        }
        return 0;
    }
}
