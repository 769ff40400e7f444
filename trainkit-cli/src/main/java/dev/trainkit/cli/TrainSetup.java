package dev.trainkit.cli;

import dev.trainkit.amp.Precision;
import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.optim.WeightDecayGroups;
import dev.trainkit.optim.finetune.ParamGroups;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.ModelSpecs;
import dev.trainkit.metrics.TopKAccuracy;
import dev.trainkit.train.TrainerBuilder;
import dev.trainkit.train.WeightsLoader;
import dev.trainkit.vision.datasets.BadImagePolicy;
import dev.trainkit.vision.finetune.BackboneWeights;
import dev.trainkit.vision.finetune.ModelBlocks;
import dev.trainkit.vision.models.ModelDescription;
import dev.trainkit.vision.models.SavedModel;
import dev.trainkit.vision.transforms.ImagePreprocessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything {@code trainkit train}, {@code evaluate} and {@code lr-find} build before running,
 * from resolved options: the data (with its recorded preprocessing), the seeded model with its
 * {@code --weights} (backbone strict, head lenient), the optimizer with its parameter groups
 * ({@code --head-lr}, {@code --backbone-lr}, {@code --layer-decay}) and the trainer's builder.
 * Checks that need the data (class count against an explicit {@code num_classes}) fail here,
 * before any training; advice about settings (precision, BatchNorm statistics) goes to {@code err}.
 *
 * @param o the resolved options
 * @param data the data source
 * @param model the model, seeded and initialised
 * @param builder the trainer's configuration so far
 */
record TrainSetup(TrainOptions o, DataSource data, Module model, TrainerBuilder builder) {

    /** Resolves {@code raw} (config file, checkpoint) and builds everything, with the options' own preprocessing. */
    static TrainSetup of(TrainOptions raw, PrintWriter err) throws Exception {
        return of(raw, null, err);
    }

    /** As {@link #of(TrainOptions, PrintWriter)}, with {@code preprocessing} (a run's recorded one) when not null. */
    static TrainSetup of(TrainOptions raw, ImagePreprocessing preprocessing, PrintWriter err) throws Exception {
        TrainOptions o = TrainSettings.resolve(raw);
        TrainerBuilder b = TrainCommand.checkedBuilder(o);
        long seed = o.seed == null ? 0 : o.seed;
        ModelDescription preset = weightsDescription(o.weights);
        double[] mean = doubles("--mean", o.mean);
        double[] std = doubles("--std", o.std);
        if (mean == null && std == null && preset != null && preset.preprocessing().mean() != null) {
            mean = preset.preprocessing().mean(); // the normalisation the weights were trained with
            std = preset.preprocessing().std();
        }
        DataSource data = DataSource.open(o.data, o.imageSize, o.channels, mean, std,
                BadImagePolicy.of(o.onBadImage == null ? "error" : o.onBadImage), preprocessing, DataAugmentation.of(o));
        if (!data.skipped.isEmpty()) {
            err.println("trainkit: --on-bad-image skip: left out " + data.skipped.size() + " unreadable image(s), e.g. "
                    + data.skipped.get(0));
        }
        checkNumClasses(o.model, data);
        Torch.manualSeed(seed);
        Module model = ModelSpecs.create(o.model, data.sampleShape(), data.numClasses);
        if (o.weights != null && o.resume == null) { // a resumed run's weights come from its checkpoint
            List<String> fresh = BackboneWeights.load(model, WeightsLoader.read(o.weights),
                    Boolean.TRUE.equals(o.resetHead), o.weights.toString());
            if (!fresh.isEmpty()) {
                err.println("trainkit: --weights " + o.weights + ": backbone loaded; fresh head "
                        + (Boolean.TRUE.equals(o.resetHead) ? "(--reset-head) " : "(class count differs) ") + fresh);
            } else {
                err.println("trainkit: --weights " + o.weights + ": backbone and head " + BackboneWeights.headPaths(model)
                        + " loaded (same class count); pass --reset-head for a fresh head if the classes differ");
            }
        } else if (o.weights == null && Boolean.TRUE.equals(o.resetHead)) {
            throw new IllegalArgumentException("--reset-head needs --weights (without them every layer is fresh)");
        }
        optimizer(b, o, model);
        b.seed(seed).metrics(() -> new TopKAccuracy(1));
        if (data.numClasses > 5) {
            b.metrics(() -> new TopKAccuracy(5));
        }
        b.device(Device.of(o.device == null ? "cpu" : o.device));
        warnPrecision(o, err);
        warnLockedBatchNorm(o, data, preset, err);
        err.flush();
        return new TrainSetup(o, data, model, b);
    }

    /** The {@code model.json} beside a {@code --weights} file, or null. */
    static ModelDescription weightsDescription(Path weights) throws IOException {
        if (weights == null) {
            return null;
        }
        Path json = weights.toAbsolutePath().resolveSibling(ModelDescription.FILE_NAME);
        return weights.getFileName().toString().equals(SavedModel.WEIGHTS_FILE) && Files.isRegularFile(json)
                ? ModelDescription.read(json) : null;
    }

    /** An explicit {@code num_classes} in the model spec must match the data's classes. */
    static void checkNumClasses(String modelSpec, DataSource data) {
        SpecCall call = SpecParser.parse(modelSpec);
        Object n = call.kwargs().get("num_classes");
        if (n instanceof Number k && k.longValue() != data.numClasses) {
            throw new IllegalArgumentException("--model " + modelSpec + ": num_classes=" + k + " but --data "
                    + data.description + " has " + data.numClasses + " classes " + data.classes
                    + "; drop num_classes (it defaults to the data's) or fix the data");
        }
    }

    /** {@code 0.5,0.5,0.5} or {@code [0.5, 0.5, 0.5]} to numbers; null stays null. */
    static double[] doubles(String option, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().replaceAll("^\\[|\\]$", "");
        try {
            return Arrays.stream(t.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected comma-separated numbers such as 0.5,0.5,0.5, got '"
                    + text + "'");
        }
    }

    /**
     * The optimizer over parameter groups when {@code --head-lr}, {@code --backbone-lr} or
     * {@code --layer-decay} is given (head first, then the backbone or the blocks from the input
     * up); the groups hold every parameter, frozen ones included, so a stage unfrozen later
     * trains at its own group's lr.
     */
    static void optimizer(TrainerBuilder b, TrainOptions o, Module model) {
        String spec = o.optimizer == null ? "AdamW(lr=1e-3)" : o.optimizer;
        boolean decayGroups = o.normWeightDecay != null || o.biasWeightDecay != null || o.transformerEmbeddingDecay != null;
        boolean lrGroups = o.headLr != null || o.backboneLr != null || o.layerDecay != null;
        if (decayGroups && lrGroups) {
            throw new IllegalArgumentException("--norm-weight-decay/--bias-weight-decay/--transformer-embedding-decay "
                    + "group the parameters by weight decay, --head-lr/--backbone-lr/--layer-decay by lr; combine them "
                    + "through the API (ParamGroups, WeightDecayGroups)");
        }
        if (decayGroups) {
            // train.py: utils.set_weight_decay(model, weight_decay, norm_weight_decay, custom_keys_weight_decay)
            Object wd = Optimizers.parse(spec).options().get("weight_decay");
            List<ParamGroupSpec> specs = WeightDecayGroups.of(model, wd instanceof Number n ? n.doubleValue() : 0.0,
                    o.normWeightDecay, WeightDecayGroups.torchvisionKeys(o.biasWeightDecay, o.transformerEmbeddingDecay));
            b.optimizer(onOptimizedParams(spec, specs, model.parameters()));
        } else if (lrGroups) {
            b.optimizer(groupedOptimizer(spec, o, model));
        } else {
            b.optimizer(spec);
        }
    }

    /** The optimizer factory over head/backbone (or layer-decay block) groups. */
    static Function<List<Tensor>, Optimizer> groupedOptimizer(String spec, TrainOptions o, Module model) {
        Object lr = Optimizers.parse(spec).options().get("lr");
        double base = lr instanceof Number n ? n.doubleValue() : 1e-3;
        double head = o.headLr != null ? o.headLr : base;
        ParamGroups groups = ParamGroups.of(model);
        if (o.layerDecay != null) {
            if (o.backboneLr != null) {
                throw new IllegalArgumentException("--backbone-lr and --layer-decay both set the backbone's lr; give one");
            }
            if (!(o.layerDecay > 0 && o.layerDecay <= 1)) {
                throw new IllegalArgumentException("--layer-decay: expected a factor in (0, 1], got " + o.layerDecay);
            }
            Map<String, List<String>> blocks = null;
            try {
                blocks = ModelBlocks.of(model);
            } catch (IllegalArgumentException notZoo) {
                // not a zoo family: its top-level children, input to head, are the blocks
            }
            (blocks != null ? groups.blocks(blocks) : groups.blocksFromChildren()).layerDecay(head, o.layerDecay);
        } else {
            List<String> heads = BackboneWeights.headPaths(model);
            groups.block("head", heads.toArray(String[]::new)).block("backbone", "*")
                    .lrs(head, o.backboneLr != null ? o.backboneLr : base);
        }
        return onOptimizedParams(spec, groups.build(), model.parameters());
    }

    /**
     * The optimizer {@code spec} over {@code specs}, groups of the model's parameters {@code own},
     * mapped onto the tensors the trainer optimizes (the parameters themselves, or their fp32
     * master copies in true-half precision, in model order).
     */
    static Function<List<Tensor>, Optimizer> onOptimizedParams(String spec, List<ParamGroupSpec> specs,
            List<? extends Tensor> own) {
        return params -> {
            // the trainer passes the model's parameters (or their fp32 master copies) in model order
            Map<Tensor, Tensor> swap = new IdentityHashMap<>();
            for (int i = 0; i < own.size(); i++) {
                swap.put(own.get(i), params.get(i));
            }
            List<ParamGroupSpec> mapped = new ArrayList<>();
            for (ParamGroupSpec g : specs) {
                mapped.add(ParamGroupSpec.of(g.params().stream().map(swap::get).toList()).with(g.options()));
            }
            return Optimizers.create(spec, mapped);
        };
    }

    /** 16-mixed on a CPU: fp16 matmuls have no fast CPU kernels. */
    static void warnPrecision(TrainOptions o, PrintWriter err) {
        boolean cpu = o.device == null || o.device.equals("cpu");
        if (cpu && o.precision != null && Precision.of(o.precision).lightningName().startsWith("16-")) {
            boolean bf16 = cpuHasNativeBf16();
            err.println("trainkit: warning: --precision " + o.precision + " on CPU computes in float16, which CPUs "
                    + "emulate: expect it to be several times slower than 32 (no speed-up; its use is GPU memory). "
                    + (bf16 ? "This CPU has native bfloat16 (avx512_bf16/amx_bf16): use bf16-mixed for a faster "
                    + "mixed precision." : "This CPU has no native bfloat16 either: 32 is the fastest here."));
        }
    }

    private static boolean cpuHasNativeBf16() {
        try {
            String info = Files.readString(Path.of("/proc/cpuinfo"));
            return info.contains("avx512_bf16") || info.contains("amx_bf16");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Locked BatchNorm statistics normalise with the pretraining data's statistics: inputs
     * normalised otherwise reach layers that cannot adapt.
     */
    static void warnLockedBatchNorm(TrainOptions o, DataSource data, ModelDescription preset, PrintWriter err) {
        if (!Boolean.TRUE.equals(o.freezeBatchNormStats) || o.weights == null) {
            return;
        }
        double[] ours = data.preprocessing.mean();
        double[] theirs;
        String source;
        if (preset != null) {
            theirs = preset.preprocessing().mean();
            source = "the weights' model.json";
        } else if (dev.trainkit.vision.models.Models.listModels().contains(SpecParser.parse(o.model).name())) {
            theirs = DataSource.IMAGENET_MEAN;
            source = "assumed: torchvision's ImageNet preset, as the weights file records none";
        } else {
            return; // no record of how the weights were normalised
        }
        if (!Arrays.equals(ours, theirs) || !Arrays.equals(data.preprocessing.std(), preset != null
                ? preset.preprocessing().std() : DataSource.IMAGENET_STD)) {
            err.println(String.format(Locale.ROOT, "trainkit: warning: --freeze-batch-norm-stats keeps the BatchNorm "
                    + "statistics of the weights, which were trained with mean %s (%s), but this data is normalised "
                    + "with mean %s: pass the weights' --mean/--std, or let BatchNorm statistics adapt",
                    Arrays.toString(theirs), source, Arrays.toString(ours)));
        }
    }
}
