package dev.trainkit.cli;

import dev.trainkit.dist.DistributedEnv;
import dev.trainkit.dist.DistributedLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trainkit launch}: starts N worker JVMs running a main class, like
 * {@code torchrun --nproc_per_node N}, through {@link DistributedLauncher}; exits with the job's
 * exit code (0 only if every worker exited 0).
 *
 * <pre>{@code
 * trainkit launch --nproc 2 --classpath app.jar:libs/* com.example.Train --epochs 3
 * trainkit launch --nnodes 2 --node-rank 0 --nproc 4 --master-addr 10.0.0.1 --master-port 29500 com.example.Train
 * }</pre>
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Start N worker JVMs running MAIN_CLASS (torchrun --nproc_per_node N).")
final class LaunchCommand implements Callable<Integer> {
    @Option(names = "--nproc", description = "Worker processes on this machine (default ${DEFAULT-VALUE}).")
    int nproc = 1;

    @Option(names = "--nnodes", description = "Machines in the job (default ${DEFAULT-VALUE}).")
    int nnodes = 1;

    @Option(names = "--node-rank", description = "This machine's index, 0-based (default ${DEFAULT-VALUE}).")
    int nodeRank;

    @Option(names = "--master-addr", description = "Rank 0's machine (default ${DEFAULT-VALUE}).")
    String masterAddr = "127.0.0.1";

    @Option(names = "--master-port", description = "Rank 0's port; 0 picks a free one on one machine (default ${DEFAULT-VALUE}).")
    int masterPort;

    @Option(names = "--timeout", description = "Seconds a collective may wait for a lost rank (default: the library's).")
    Double timeoutSeconds;

    @Option(names = "--classpath", description = "The workers' classpath (default: this JVM's).")
    String classpath;

    @Parameters(index = "0", paramLabel = "MAIN_CLASS", description = "The workers' main class.")
    String mainClass;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments of the main class.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        double t = timeoutSeconds == null ? DistributedEnv.DEFAULT_TIMEOUT.toSeconds() : timeoutSeconds;
        if (!(t > 0)) {
            throw new IllegalArgumentException("--timeout: expected a positive number of seconds, got " + t);
        }
        DistributedLauncher l = new DistributedLauncher(nproc).nodes(nnodes, nodeRank, masterAddr)
                .masterPort(masterPort).timeout(Duration.ofMillis(Math.round(t * 1000)));
        if (classpath != null) {
            l.classpath(classpath);
        }
        return l.run(mainClass, args);
    }
}
