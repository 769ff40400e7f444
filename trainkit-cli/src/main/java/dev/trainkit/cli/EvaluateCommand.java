package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.metrics.ConfusionMatrix;
import dev.trainkit.train.Trainer;
import dev.trainkit.train.WeightsLoader;
import dev.trainkit.vision.models.ModelDescription;
import dev.trainkit.vision.models.SavedModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainkit evaluate --run DIR [--split val|test]}: reproduces a run's own validation
 * exactly, from what the run directory records: the data source and its split, the model spec,
 * the eval preprocessing (model.json), the loss, precision, batch size and device (config.json),
 * and the weights (model.pth, loaded strictly). The run's last {@code val_acc} in
 * metrics.jsonl is what this prints. The older form {@code --model SPEC --weights FILE --data
 * SOURCE} evaluates any weights (strictly loaded too) with the options given.
 *
 * <p>JSON: {@code {"metrics": {"val_loss", "val_acc", ...}, "samples", "split", "classes",
 * "per_class_accuracy": {class: acc}, "confusion_matrix": [[...]]}} (rows true classes, columns
 * predictions); {@code --output FILE.png} (or a directory: {@code DIR/confusion_matrix.png})
 * also draws the matrix. PyTorch: {@code trainer.validate(model, val_dl)} plus
 * {@code torchmetrics.ConfusionMatrix}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a run (--run DIR: its data split, preprocessing, loss, precision and model.pth, exactly as"
                + " its own validation) or any weights (--model SPEC --weights FILE --data SOURCE).",
                "Prints loss, accuracy, per-class accuracy and the confusion matrix; --output FILE.png draws it."})
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--run", paramLabel = "DIR", description = "A run directory written by trainkit train.")
    Path run;

    @Option(names = "--split", defaultValue = "val", paramLabel = "val|test",
            description = "val (the run's validation data) or test (ImageFolder's DIR/test). Default: ${DEFAULT-VALUE}.")
    String split;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        CliOptions.checkOneOf("--split", split, "val", "test");
        Path weights = options.weights;
        Path png = options.output;
        options.output = null;
        ModelDescription recorded = null;
        if (run != null) {
            if (options.config != null) {
                throw new IllegalArgumentException("--run reads the run's own config.json; drop --config");
            }
            if (!Files.isRegularFile(run.resolve("config.json")) || !Files.isRegularFile(run.resolve(ModelDescription.FILE_NAME))) {
                throw new IllegalArgumentException("--run " + run + ": expected a run directory with config.json and "
                        + ModelDescription.FILE_NAME + " (written by trainkit train)");
            }
            options.config = run;
            recorded = ModelDescription.read(run.resolve(ModelDescription.FILE_NAME));
            if (weights == null) {
                weights = run.resolve(SavedModel.WEIGHTS_FILE);
            }
        } else if (weights == null) {
            throw new IllegalArgumentException("--weights is required for evaluate (a .pth, .safetensors or .ckpt file), "
                    + "or --run DIR for a run directory");
        }
        TrainSettings.resolve(options);
        options.config = null; // resolved: read it once, so the training's initial weights stay out
        options.weights = null; // the training's initial weights are not what is evaluated
        options.resume = null;
        options.resetHead = null; // a training flag: evaluate loads the whole model
        TrainSetup s = TrainSetup.of(options, recorded == null ? null : recorded.preprocessing(), err);
        loadStrictly(s.model(), weights, s.o().model);
        DataSource.Split<?> data = s.data().split(split);
        ConfusionMatrix cm = new ConfusionMatrix(s.data().numClasses);
        Map<String, Double> m;
        Trainer trainer = s.builder().metrics(() -> cm).progress(false).build();
        try (DataLoader<?, Batch> loader = DataSource.loader(data, TrainCommand.batch(s.o()), 0)) {
            m = split.equals("test") ? trainer.test(s.model(), loader) : trainer.validate(s.model(), loader);
        }
        ObjectNode json = Json.object();
        ObjectNode metrics = json.putObject("metrics");
        m.forEach(metrics::put);
        json.put("samples", data.size());
        json.put("split", split);
        json.put("weights", weights.toString());
        ArrayNode classes = json.putArray("classes");
        s.data().classes.forEach(classes::add);
        ObjectNode perClass = json.putObject("per_class_accuracy");
        double[] acc = cm.perClassAccuracy();
        for (int i = 0; i < acc.length; i++) {
            perClass.put(s.data().classes.get(i), acc[i]);
        }
        ArrayNode matrix = json.putArray("confusion_matrix");
        for (long[] row : cm.counts()) {
            ArrayNode r = matrix.addArray();
            for (long c : row) {
                r.add(c);
            }
        }
        if (png != null) {
            Path file = png.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? png
                    : png.resolve("confusion_matrix.png");
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            ConfusionMatrixPlot.write(file, cm.counts(), s.data().classes);
            json.put("plot", file.toString());
        }
        TrainCommand.print(spec, s.o(), json);
        return 0;
    }

    /** {@code model.load_state_dict(torch.load(file), strict=True)}: evaluating other weights is an error. */
    static void loadStrictly(Module model, Path weights, String modelSpec) throws Exception {
        Map<String, Tensor> sd = WeightsLoader.read(weights);
        try {
            model.loadStateDict(sd, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--weights " + weights + " do not fit --model " + modelSpec + ": "
                    + e.getMessage(), e);
        }
    }
}
