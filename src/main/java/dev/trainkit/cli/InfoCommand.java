package dev.trainkit.cli;

import dev.trainkit.tensor.Torch;
import picocli.CommandLine.Command;

/** {@code trainkit info}: versions of TrainKit, libtorch and the JVM, and the CPU threads used. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print versions of TrainKit, libtorch and the JVM.")
public final class InfoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("trainkit 0.1.0");
        System.out.println("java     " + System.getProperty("java.version"));
        System.out.println("libtorch " + Torch.version());
        System.out.println("threads  " + Torch.numThreads());
    }
}
