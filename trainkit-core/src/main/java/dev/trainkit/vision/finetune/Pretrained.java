package dev.trainkit.vision.finetune;

import dev.trainkit.hub.Downloader;
import dev.trainkit.hub.HubCache;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.models.ModelFamilies;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.weights.Weights;
import dev.trainkit.vision.models.weights.WeightsCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Pretrained torchvision weights into a zoo model: the file is looked up in torch.hub's cache
 * ({@code $TORCH_HOME/hub/checkpoints}, default {@code ~/.cache/torch/hub/checkpoints}) under
 * torchvision's file name, so weights a Python user already has are reused; otherwise it is
 * downloaded from the weights' URL (resumable, SHA-256 prefix checked, renamed into place only
 * when whole). The state dict then loads strictly into the builder, as
 * {@code torchvision.models.resnet18(weights=ResNet18_Weights.IMAGENET1K_V1)} does. Models come
 * back in training mode, as torchvision's.
 *
 * <pre>{@code
 * Module m = Pretrained.load(ResNet18Weights.IMAGENET1K_V1);   // resnet18(weights=ResNet18_Weights.IMAGENET1K_V1)
 * Module d = Pretrained.load("resnet50");                       // resnet50(weights="DEFAULT")
 * Transform t = ResNet18Weights.IMAGENET1K_V1.transforms().pipeline();
 * }</pre>
 *
 * <p>As torchvision, {@code inception_v3} and {@code googlenet} are built with
 * {@code transform_input=True} (their weights expect it); googlenet's auxiliary heads are loaded
 * and then removed ({@code aux_logits=False}), inception_v3 keeps its auxiliary head.
 */
public final class Pretrained {
    private Pretrained() {
    }

    /**
     * Weights by name: a builder ({@code resnet18}, its DEFAULT weights), torchvision's name
     * ({@code ResNet18_Weights.IMAGENET1K_V1}, {@code ResNet18_Weights.DEFAULT}) or
     * {@code builder:NAME} ({@code resnet50:IMAGENET1K_V2}).
     *
     * @throws IllegalArgumentException for an unknown name, with the closest valid one
     */
    public static Weights weights(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("weights: expected a model name (resnet18) or torchvision weights name"
                    + " (ResNet18_Weights.IMAGENET1K_V1), got '" + name + "'");
        }
        if (name.contains(":")) {
            int c = name.indexOf(':');
            return WeightsCatalog.get(name.substring(0, c), name.substring(c + 1));
        }
        if (name.contains(".")) {
            return WeightsCatalog.get(name);
        }
        return WeightsCatalog.defaultFor(name);
    }

    /** The weights file from torch.hub's default cache, downloading it if absent. */
    public static Path file(Weights w) throws IOException {
        return file(w, HubCache.defaultCache(), new Downloader());
    }

    /**
     * The weights file from {@code cache} (found by torchvision's file name, not re-hashed, as
     * torch.hub does), else downloaded with {@code downloader} and checked against the
     * weights' SHA-256 prefix.
     */
    public static Path file(Weights w, HubCache cache, Downloader downloader) throws IOException {
        Path p = cache.dir().resolve(w.fileName());
        if (Files.isRegularFile(p)) {
            return p;
        }
        Files.createDirectories(cache.dir());
        return downloader.download(w.url(), p, w.sha256Prefix());
    }

    /** {@link #load(Weights, HubCache, Downloader)} with the default cache and downloader. */
    public static Module load(Weights w) throws IOException {
        return load(w, HubCache.defaultCache(), new Downloader());
    }

    /** {@link #load(Weights)} for weights named as {@link #weights(String)} reads them. */
    public static Module load(String name) throws IOException {
        return load(weights(name));
    }

    /** Builds the weights' model and loads the weights (from {@code cache}, downloading if needed). */
    public static Module load(Weights w, HubCache cache, Downloader downloader) throws IOException {
        return load(w, file(w, cache, downloader));
    }

    /**
     * Builds the model {@code w} belongs to and loads {@code file} (.pth or safetensors) into it
     * strictly.
     *
     * @throws IllegalArgumentException if the file does not fit the model (missing, unexpected or
     *     mis-shaped keys, all named)
     */
    public static Module load(Weights w, Path file) throws IOException {
        Module m = build(w);
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Map<String, Tensor> sd = WeightsFiles.load(file);
            try {
                m.loadStateDict(sd, true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file.getFileName() + " does not fit " + w.meta().torchvisionName()
                        + "'s model " + w.builder() + ": " + e.getMessage(), e);
            }
        }
        if (w.builder().equals("googlenet")) {
            m.setSubmodule("aux1", null);
            m.setSubmodule("aux2", null);
        }
        return m;
    }

    /** The randomly initialised model that {@code w} fits, built as torchvision does before loading. */
    public static Module build(Weights w) {
        long classes = w.categories().isEmpty() ? 1000 : w.categories().size();
        String spec = switch (w.builder()) {
            case "inception_v3" -> "inception_v3(num_classes=" + classes + ", transform_input=True, init_weights=False)";
            case "googlenet" -> "googlenet(num_classes=" + classes
                    + ", transform_input=True, aux_logits=True, init_weights=False)";
            default -> {
                StringBuilder sb = new StringBuilder(w.builder()).append("(num_classes=").append(classes);
                ModelFamilies.forBuilder(w.builder()).weightsArguments(w.meta().minSize())
                        .forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
                yield sb.append(')').toString();
            }
        };
        return Models.create(spec);
    }
}
