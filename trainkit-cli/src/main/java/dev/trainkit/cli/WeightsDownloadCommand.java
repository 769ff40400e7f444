package dev.trainkit.cli;

import dev.trainkit.hub.Downloader;
import dev.trainkit.hub.HubCache;
import dev.trainkit.vision.finetune.Pretrained;
import dev.trainkit.vision.models.weights.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trainkit weights download NAME|URL}: into torch.hub's cache, resumable and hash-checked.
 * NAME is a builder ({@code resnet18}: its DEFAULT weights), torchvision's weights name
 * ({@code ResNet18_Weights.IMAGENET1K_V1}) or {@code builder:WEIGHTS} ({@code resnet50:IMAGENET1K_V1}).
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download weights into torch.hub's cache ($TORCH_HOME/hub/checkpoints, default"
                + " ~/.cache/torch/hub/checkpoints) under the URL's file name, as torchvision does; a file"
                + " already there is reused. Prints the file's path on stdout.",
                "NAME: a model (resnet18, its DEFAULT weights), torchvision's weights name"
                        + " (ResNet18_Weights.IMAGENET1K_V1) or model:WEIGHTS (resnet50:IMAGENET1K_V1)."})
final class WeightsDownloadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME|URL", description = "Weights name or http(s) URL of the weights file.")
    String url;

    @Option(names = "--hash-prefix", defaultValue = "auto", paramLabel = "auto|none|HEX",
            description = "SHA-256 prefix to check: auto takes it from a torchvision file name"
                    + " (resnet18-f37072fd.pth), none skips the check (default: ${DEFAULT-VALUE}).")
    String hashPrefix;

    @Option(names = "--dir", paramLabel = "DIR", description = "Directory instead of torch.hub's checkpoints cache.")
    Path dir;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!url.contains("://")) {
            Weights w = Pretrained.weights(url);
            spec.commandLine().getErr().println(w.meta().torchvisionName() + ": " + w.url());
            url = w.url();
        }
        HubCache cache = dir == null ? HubCache.defaultCache() : new HubCache(dir);
        String name = HubCache.fileName(url);
        String prefix = switch (hashPrefix) {
            case "auto" -> HubCache.hashPrefix(name).orElse(null);
            case "none" -> null;
            default -> hashPrefix;
        };
        if (prefix == null && hashPrefix.equals("auto")) {
            spec.commandLine().getErr().println("note: " + name + " carries no hash prefix; not checking its SHA-256");
        }
        Optional<Path> hit = cache.find(url);
        Path path;
        if (hit.isPresent()) {
            spec.commandLine().getErr().println("already in the cache: " + hit.get());
            path = hit.get();
        } else {
            Files.createDirectories(cache.dir());
            path = new Downloader().progress(!noProgress).download(url, cache.pathFor(url), prefix);
        }
        spec.commandLine().getOut().println(path.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
