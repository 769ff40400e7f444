package dev.trainkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trainkit} command: the root that lists the subcommands. Each subcommand lives in
 * its own class in this package and is registered in {@link #SUBCOMMANDS}.
 */
@Command(name = "trainkit", mixinStandardHelpOptions = true, version = "trainkit 0.1.0",
        description = "PyTorch's advanced training techniques on the JVM.",
        subcommands = {CommandLine.HelpCommand.class})
public final class TrainKitCommand implements Runnable {

    /** Subcommand classes, in the order {@code --help} lists them. */
    static final Class<?>[] SUBCOMMANDS = {
            InfoCommand.class,
            MicrobenchCommand.class,
            BenchCommand.class,
            ModelsCommand.class,
            ScheduleCommand.class,
            OptimCommand.class,
            LossCommand.class,
            WeightsCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            LrFindCommand.class,
            DemoCommand.class,
            PredictCommand.class,
            AugmentCommand.class,
            LaunchCommand.class,
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with all subcommands registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TrainKitCommand());
        for (Class<?> sub : SUBCOMMANDS) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            line.getErr().println("trainkit " + line.getCommandName() + ": " + msg.lines().findFirst().orElse(msg));
            if (System.getenv("TRAINKIT_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cl;
    }

    /** Entry point of the {@code trainkit} script. */
    public static void main(String[] args) {
        // JavaCPP checks the process's resident memory on every native allocation so that it can
        // call System.gc() under pressure; that costs microseconds per tensor op. Every loop the CLI
        // runs releases memory through TensorScope, so the check only adds overhead here (measured:
        // a 4-element add went from ~9 to ~3.7 us). Users who set the properties keep their values.
        setIfAbsent("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        setIfAbsent("org.bytedeco.javacpp.maxBytes", "0");
        System.exit(commandLine().execute(args));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
