package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Torch;
import dev.trainkit.train.EarlyStopping;
import dev.trainkit.train.FitResult;
import dev.trainkit.train.GradualUnfreezing;
import dev.trainkit.train.Interval;
import dev.trainkit.train.ModelRegistry;
import dev.trainkit.train.TopKAccuracy;
import dev.trainkit.train.Trainer;
import dev.trainkit.train.TrainerBuilder;
import dev.trainkit.train.WeightsLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trainkit train}: trains a model spec on a data source with the Trainer and writes a run
 * directory (metrics.csv/jsonl, plots, report.md, config.json, checkpoints/last.ckpt and the
 * final weights as model.pth). With {@code --format json} it prints one JSON object:
 * {@code {"run_dir", "epochs", "global_step", "seconds", "stop_reason", "metrics": {...}, "weights"}}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model (spec strings for model, loss, optimizer, scheduler; or --config FILE.json).")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Spec
    CommandSpec spec;

    /** Everything but the run, shared with evaluate and lr-find. */
    record Setup(TrainOptions o, DataSource data, Module model, TrainerBuilder builder) {
    }

    static Setup setup(TrainOptions raw) throws Exception {
        TrainOptions o = TrainSettings.resolve(raw);
        CliOptions.checkOneOf("--format", o.format == null ? "text" : o.format, "text", "json");
        TrainerBuilder b = Trainer.builder();
        // validate the cheap, pure-Java settings before any data or native work
        if (o.precision != null) {
            b.precision(o.precision);
        }
        String lossSpec = o.loss == null ? "CrossEntropyLoss()" : o.loss;
        b.loss(lossSpec);
        b.optimizer(o.optimizer == null ? "AdamW(lr=1e-3)" : o.optimizer);
        if (o.model == null) {
            throw new IllegalArgumentException("--model is required, e.g. mlp(hidden=[128]); registered: "
                    + String.join(", ", ModelRegistry.names()));
        }
        long seed = o.seed == null ? 0 : o.seed;
        DataSource data = DataSource.open(o.data, o.imageSize, o.channels);
        Torch.manualSeed(seed);
        Module model = ModelRegistry.create(o.model, data.sampleShape(), data.numClasses);
        if (o.weights != null) {
            List<String> skipped = WeightsLoader.loadMatching(model, o.weights);
            if (!skipped.isEmpty()) {
                LoggerFactory.getLogger("trainkit").info("weights {}: kept the model's own init for {}", o.weights,
                        skipped.size() > 6 ? skipped.subList(0, 6) + "..." : skipped);
            }
        }
        b.seed(seed).metrics(() -> new TopKAccuracy(1));
        if (data.numClasses > 5) {
            b.metrics(() -> new TopKAccuracy(5));
        }
        b.device(Device.of(o.device == null ? "cpu" : o.device));
        return new Setup(o, data, model, b);
    }

    @Override
    public Integer call() throws Exception {
        Setup s = setup(options);
        TrainOptions o = s.o();
        TrainerBuilder b = s.builder();
        Path out = o.output == null ? Path.of("runs", "train") : o.output;
        String monitor = o.monitor == null ? "val_loss" : o.monitor;
        b.maxEpochs(o.epochs == null ? 1 : o.epochs).runDir(out).configEntry("model", o.model)
                .configEntry("data", s.data().description).configEntry("batch_size", batch(o))
                .configEntry("cli", TrainSettings.toMap(o));
        if (o.maxSteps != null) {
            b.maxSteps(o.maxSteps);
        }
        if (o.scheduler != null) {
            String name = o.scheduler.contains("(") ? o.scheduler.substring(0, o.scheduler.indexOf('(')) : o.scheduler;
            Interval iv = o.schedulerInterval != null ? Interval.of(o.schedulerInterval)
                    : name.equals("OneCycleLR") || name.equals("CyclicLR") ? Interval.STEP : Interval.EPOCH;
            b.scheduler(o.scheduler, iv, monitor);
        }
        if (o.freeze != null && !o.freeze.isEmpty()) {
            b.freeze(o.freeze);
            if (o.unfreezeAt != null) {
                b.callback(new GradualUnfreezing(Map.of(o.unfreezeAt, o.freeze)));
            }
        }
        if (o.accumulate != null) {
            b.accumulateGradBatches(o.accumulate);
        }
        if (o.clipGradNorm != null) {
            b.gradientClipVal(o.clipGradNorm);
        }
        if (o.ema != null) {
            b.ema(o.ema);
        }
        if (o.earlyStopping != null) {
            b.callback(new EarlyStopping(monitor, monitor.contains("acc") ? "max" : "min", o.earlyStopping, 0.0));
        }
        if (o.checkpointEvery != null) {
            b.checkpointEveryNSteps(o.checkpointEvery);
        }
        int workers = o.numWorkers == null ? 0 : o.numWorkers;
        FitResult r;
        try (DataLoader<Sample, Batch> train = s.data().trainLoader(batch(o), o.seed == null ? 0 : o.seed, workers);
                DataLoader<Sample, Batch> val = s.data().valLoader(batch(o), workers)) {
            r = b.build().fit(s.model(), train, val, o.resume);
        }
        Path weights = out.resolve("model.pth");
        dev.trainkit.io.WeightsFiles.save(s.model().stateDict(), weights);
        ObjectNode json = Json.object();
        json.put("run_dir", out.toString());
        json.put("epochs", r.epochs());
        json.put("global_step", r.globalStep());
        json.put("seconds", r.seconds());
        json.put("stop_reason", r.stopReason());
        ObjectNode m = json.putObject("metrics");
        r.metrics().forEach(m::put);
        json.put("weights", weights.toString());
        json.put("checkpoint", r.lastCheckpoint());
        print(spec, o, json);
        return 0;
    }

    static int batch(TrainOptions o) {
        return o.batchSize == null ? 64 : o.batchSize;
    }

    static void print(CommandSpec spec, TrainOptions o, ObjectNode json) throws Exception {
        if ("json".equals(o.format)) {
            spec.commandLine().getOut().println(Json.write(json));
        } else {
            json.fields().forEachRemaining(e -> spec.commandLine().getOut().println(e.getKey() + ": " + e.getValue()));
        }
        spec.commandLine().getOut().flush();
    }
}
