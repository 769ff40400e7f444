package dev.trainkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.bench.Microbenchmarks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainkit microbench}: foundation micro-benchmarks (per-op overhead, memory of a long
 * training loop). Model training throughput is {@code trainkit bench}.
 */
@Command(name = "microbench", mixinStandardHelpOptions = true,
        description = "Per-op overhead and training-loop memory micro-benchmarks.")
public final class MicrobenchCommand implements Callable<Integer> {
    @Option(names = "--what", defaultValue = "all", description = "ops, memory or all (default: ${DEFAULT-VALUE}).")
    String what;

    @Option(names = "--ops", defaultValue = "10000", description = "Small adds per round (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--steps", defaultValue = "10000", description = "Training steps for the memory loop (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--format", defaultValue = "json", description = "json or table (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!what.equals("ops") && !what.equals("memory") && !what.equals("all")) {
            throw new IllegalArgumentException("--what: expected ops, memory or all, got '" + what + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!what.equals("memory")) {
            out.put("add_overhead", Microbenchmarks.addOverhead(ops));
        }
        if (!what.equals("ops")) {
            out.put("training_loop_memory", Microbenchmarks.trainingLoopMemory(steps));
        }
        if (format.equals("json")) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + ": " + v));
        }
        return 0;
    }
}
