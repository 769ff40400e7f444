package dev.trainkit.cli;

import dev.trainkit.vision.models.ModelSpecs;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.train.EarlyStopping;
import dev.trainkit.train.FitResult;
import dev.trainkit.train.GradualUnfreezing;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.train.Interval;
import dev.trainkit.train.Trainer;
import dev.trainkit.train.TrainerBuilder;
import dev.trainkit.dist.DistributedTraining;
import dev.trainkit.dist.ProcessGroup;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.vision.models.ModelDescription;
import dev.trainkit.vision.models.SavedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trainkit train}: trains a model spec on a data source with the Trainer and writes a run
 * directory: metrics.csv/jsonl, plots, report.md, config.json (its {@code cli} section is what
 * {@code --config} reads back), checkpoints/last.ckpt (whose {@code hyper_parameters} hold the
 * same settings, so {@code --resume CKPT} alone continues the run), and the final weights as
 * model.pth with model.json beside them (model spec, class names, eval preprocessing; see
 * {@link ModelDescription}), which {@code evaluate --run} and {@code predict --run} read.
 * SIGINT/SIGTERM stop cleanly ({@link SignalStop}). With {@code --format json} it prints one
 * JSON object: {@code {"run_dir", "epochs", "global_step", "seconds", "stop_reason", "metrics":
 * {...}, "weights", "checkpoint", "interrupted"}}.
 *
 * <p>{@code --nproc N} trains data parallel: this process launches N workers running the same
 * command line ({@code torchrun --nproc_per_node N}); each joins the process group, trains on
 * its {@code DistributedSampler} share with {@code --batch-size} samples per step (a global
 * batch of N times that), and rank 0 alone writes the run directory and model.pth. A lost
 * worker stops the job with a non-zero exit naming the rank. {@code --resume} works with any N
 * for end-of-epoch checkpoints.
 *
 * <pre>{@code
 * trainkit train --model 'mlp(hidden=[128])' --data fashion-mnist --batch-size 32 --nproc 2 -o runs/ddp
 * }</pre>
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model (spec strings for model, loss, optimizer, scheduler; or --config FILE.json|FILE.yaml).")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Spec
    CommandSpec spec;

    /** The cheap, pure-Java checks (format, precision, loss, optimizer, model given), before any data or worker. */
    static TrainerBuilder checkedBuilder(TrainOptions o) {
        CliOptions.checkOneOf("--format", o.format == null ? "text" : o.format, "text", "json");
        TrainerBuilder b = Trainer.builder();
        // validate the cheap, pure-Java settings before any data or native work
        // auto: bf16-mixed where the CPU computes bf16 natively, else 32 (logged with the reason)
        b.precision(o.precision == null ? "auto" : o.precision);
        String lossSpec = TrainRecipe.lossSpec(o);
        b.loss(lossSpec);
        b.optimizer(o.optimizer == null ? "AdamW(lr=1e-3)" : o.optimizer);
        TrainRecipe.check(o);
        if (o.model == null) {
            throw new IllegalArgumentException("--model is required, e.g. mlp(hidden=[128]); registered: "
                    + String.join(", ", ModelSpecs.names()));
        }
        return b;
    }

    @Override
    public Integer call() throws Exception {
        TrainOptions resolved = TrainSettings.resolve(options);
        if (resolved.nproc == null) {
            return train(null, 1, 0);
        }
        int nproc = checkNproc(resolved);
        if (!DistributedTraining.isWorker()) {
            checkedBuilder(resolved); // one message here rather than one per worker
        }
        OptionalInt launched = DistributedTraining.launchIfParent(nproc, TrainKitCommand.class.getName(),
                workerArgs(spec).toArray(new String[0]));
        if (launched.isPresent()) {
            int code = launched.getAsInt();
            if (code != 0) {
                spec.commandLine().getErr().println("trainkit train: the " + nproc + " worker processes failed with "
                        + "exit code " + code + " (the [launcher] lines above name the rank)");
                spec.commandLine().getErr().flush();
            }
            return code;
        }
        if (!DistributedTraining.isWorker()) {
            return train(null, 1, 0); // --nproc 1: this process, with the data order of a distributed run
        }
        int[] code = new int[1];
        DistributedTraining.runWorker(pg -> {
            try {
                code[0] = train(pg, pg.worldSize(), pg.rank());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        return code[0];
    }

    /** {@code --nproc}, checked against the options it cannot be combined with. */
    static int checkNproc(TrainOptions o) {
        int n = o.nproc;
        if (n < 1) {
            throw new IllegalArgumentException("--nproc: expected at least 1 worker process, got " + n);
        }
        if (o.device != null && !o.device.equals("cpu")) {
            throw new IllegalArgumentException("--nproc trains on CPU (Gloo); it cannot be combined with --device "
                    + o.device);
        }
        if (o.precision != null && dev.trainkit.amp.Precision.of(o.precision).isTrueHalf()) {
            throw new IllegalArgumentException("--nproc cannot be combined with --precision " + o.precision
                    + " (true-half master weights live outside DistributedDataParallel); use bf16-mixed or 16-mixed");
        }
        return n;
    }

    /** The command line the workers run: this one, from {@code train} on. */
    static List<String> workerArgs(CommandSpec spec) {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        List<String> args = new ArrayList<>(root.getParseResult().originalArgs());
        if (root == spec.commandLine()) {
            args.add(0, "train"); // the command ran on its own, not under trainkit
        }
        return args;
    }

    /**
     * Trains as rank {@code rank} of {@code world} ({@code pg} null: alone, and with world 1 the
     * data order of a distributed run when {@code --nproc 1} is given). Only the writing rank
     * saves model.pth and prints the result.
     */
    private int train(ProcessGroup pg, int world, int rank) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        TrainSetup s = TrainSetup.of(options, err);
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
        String mode = o.mode != null ? o.mode : monitor.contains("acc") ? "max" : "min";
        if (o.scheduler != null) {
            String scheduler = TrainRecipe.schedulerSpec(o);
            // the interval comes from the scheduler's registry traits unless given
            Interval iv = o.schedulerInterval != null ? Interval.of(o.schedulerInterval)
                    : Schedulers.traits(scheduler).stepsPerBatch() ? Interval.STEP : Interval.EPOCH;
            b.scheduler(scheduler, iv, monitor);
        }
        if (o.freeze != null && !o.freeze.isEmpty()) {
            b.freeze(o.freeze).freezeBatchNormStats(Boolean.TRUE.equals(o.freezeBatchNormStats));
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
        TrainRecipe.configure(b, s, world, monitor);
        if (o.earlyStopping != null) {
            b.callback(new EarlyStopping(monitor, mode, o.earlyStopping, 0.0));
        }
        if (o.checkpointEvery != null) {
            b.checkpointEveryNSteps(o.checkpointEvery);
        }
        if (o.saveTopK != null) {
            b.saveTopK(o.saveTopK, monitor, mode);
        }
        if (Boolean.TRUE.equals(o.restoreBest)) {
            b.restoreBest(true);
        }
        if (System.console() != null && !"json".equals(o.format)) {
            b.progress(false).callback(new TerminalProgressBar()); // a bar per epoch instead of log lines
        }
        int workers = o.numWorkers == null ? 0 : o.numWorkers;
        long seed = o.seed == null ? 0 : o.seed;
        boolean sharded = o.nproc != null;
        b.distributed(pg);
        ObjectNode resumed = null;
        if (o.resume != null) {
            CheckpointInfo ck = CheckpointInfo.read(o.resume);
            err.println("trainkit: resumed from epoch " + ck.epoch() + " step " + ck.globalStep() + " ("
                    + ck.batchInEpoch() + " batch(es) into the epoch) of " + o.resume);
            err.flush();
            resumed = Json.object().put("checkpoint", o.resume.toString()).put("epoch", ck.epoch())
                    .put("step", ck.globalStep());
        }
        FitResult r;
        // signals are handled by the process alone; a distributed worker follows its launcher
        SignalStop stop = pg == null && !DistributedTraining.isWorker() ? SignalStop.install(out, err) : null;
        try (DataLoader<?, Batch> train = sharded ? s.data().trainLoader(batch(o), seed, workers, world, rank)
                        : s.data().trainLoader(batch(o), seed, workers);
                DataLoader<?, Batch> val = sharded ? s.data().valLoader(batch(o), workers, world, rank)
                        : s.data().valLoader(batch(o), workers)) {
            if (stop != null) {
                b.callback(stop);
            }
            r = b.build().fit(s.model(), train, val, o.resume);
        } finally {
            if (stop != null) {
                stop.close();
            }
        }
        if (pg != null && !pg.isMain()) {
            return 0; // rank 0 writes the weights and prints the result
        }
        boolean interrupted = stop != null && stop.signal() != null;
        SavedModel.save(out, s.model(), description(s, interrupted));
        Path weights = out.resolve(SavedModel.WEIGHTS_FILE);
        if (interrupted) {
            SignalStop.deleteTempFiles(out);
            err.println("trainkit: " + stop.signal() + ": stopped at epoch " + (r.epochs() - 1) + " step "
                    + r.globalStep() + "; wrote " + r.lastCheckpoint() + ", " + out.resolve("report.md") + " and "
                    + weights + " (marked interrupted); continue with: trainkit train --resume " + r.lastCheckpoint());
            err.flush();
        }
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
        json.put("interrupted", interrupted);
        if (resumed != null) {
            json.set("resumed_from", resumed);
        }
        if (!s.data().skipped.isEmpty()) {
            json.put("skipped_images", s.data().skipped.size());
        }
        print(spec, o, json);
        return interrupted ? stop.exitCode() : 0;
    }

    /** What model.json records: the spec with its class count, the classes, the eval preprocessing. */
    static ModelDescription description(TrainSetup s, boolean interrupted) {
        SpecCall call = SpecParser.parse(s.o().model);
        LinkedHashMap<String, Object> kwargs = new LinkedHashMap<>(call.kwargs());
        kwargs.putIfAbsent("num_classes", (long) s.data().numClasses);
        String model = new SpecCall(call.name(), call.args(), kwargs).toString();
        return new ModelDescription(model, s.data().classes, s.data().preprocessing, s.data().sampleShape(), interrupted);
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
