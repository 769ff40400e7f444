package dev.trainkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code trainkit weights}: inspect, convert and download weights files ({@code .pth} zip or legacy,
 * safetensors).
 *
 * <pre>
 * trainkit weights inspect resnet18-f37072fd.pth --format json
 * trainkit weights convert model.pth model.safetensors
 * trainkit weights download https://download.pytorch.org/models/resnet18-f37072fd.pth
 * </pre>
 */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Inspect, convert and download weights files (.pth, safetensors).",
        subcommands = {WeightsInspectCommand.class, WeightsConvertCommand.class, WeightsDownloadCommand.class})
public final class WeightsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
