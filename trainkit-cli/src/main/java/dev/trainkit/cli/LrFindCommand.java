package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.train.LrFindResult;
import dev.trainkit.train.LrFinder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainkit lr-find}: the learning-rate range test ({@link LrFinder}) for a model, data,
 * loss and optimizer; writes a plot and prints the suggestion. JSON:
 * {@code {"suggestion": lr, "stopped_early": bool, "plot": file, "lr": [...], "loss": [...]}}
 * ({@code loss} is the smoothed loss).
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = "Learning-rate range test: exponential lr sweep, smoothed loss, suggestion at the steepest descent.")
public final class LrFindCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--min-lr", defaultValue = "1e-7", description = "Lowest lr (default ${DEFAULT-VALUE})")
    double minLr;

    @Option(names = "--max-lr", defaultValue = "10", description = "Highest lr (default ${DEFAULT-VALUE})")
    double maxLr;

    @Option(names = "--steps", defaultValue = "100", description = "Steps of the sweep (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot file (default OUTPUT/lr_find.png)")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainSetup s = TrainSetup.of(options, spec.commandLine().getErr());
        Path out = s.o().output == null ? Path.of("runs", "lr_find") : s.o().output;
        Path png = plot == null ? out.resolve("lr_find.png") : plot;
        LrFindResult r;
        try (DataLoader<?, Batch> train = s.data().trainLoader(TrainCommand.batch(s.o()),
                s.o().seed == null ? 0 : s.o().seed, s.o().numWorkers == null ? 0 : s.o().numWorkers)) {
            r = s.builder().build().lrFind(s.model(), train,
                    new LrFinder().minLr(minLr).maxLr(maxLr).numSteps(steps).plot(png));
        }
        ObjectNode json = Json.object();
        json.put("suggestion", r.suggestion());
        json.put("stopped_early", r.stoppedEarly());
        json.put("plot", r.plot());
        Json.putNumbers(json, "lr", r.lrs());
        Json.putNumbers(json, "loss", r.smoothedLosses());
        if ("json".equals(s.o().format)) {
            TrainCommand.print(spec, s.o(), json);
        } else {
            spec.commandLine().getOut().printf("suggested lr: %.3g (%d steps%s); plot: %s%n", r.suggestion(),
                    r.lrs().length, r.stoppedEarly() ? ", stopped when the loss diverged" : "", r.plot());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
