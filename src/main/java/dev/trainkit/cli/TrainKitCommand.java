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
            LossCommand.class,
            WeightsCommand.class,
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
        System.exit(commandLine().execute(args));
    }
}
