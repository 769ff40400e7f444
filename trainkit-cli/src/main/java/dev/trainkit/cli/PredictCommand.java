package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.datasets.ImageLoader;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.weights.Weights;
import dev.trainkit.vision.models.weights.WeightsCatalog;
import dev.trainkit.vision.transforms.Transform;
import dev.trainkit.vision.transforms.ImagePreprocessing;
import dev.trainkit.vision.models.SavedModel;
import dev.trainkit.vision.models.weights.ImageClassificationPreset;
import dev.trainkit.vision.models.ModelSpecs;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trainkit predict --model NAME [--num-classes N] --weights FILE INPUT...}: runs a zoo
 * model in eval mode on image files or {@code .npy} batches and prints one JSON object:
 * {@code {"logits": [[...], ...], "inputs": [...], "topk": [...]}}, one row per sample in input
 * order. {@code .npy} inputs are NCHW float32, already preprocessed, and used as they are; images
 * go through the preprocessing of the builder's DEFAULT ImageNet weights (resize the shorter side,
 * centre crop, scale to [0, 1], normalise with ImageNet statistics) whatever {@code num_classes}
 * is, since fine-tuned models keep their backbone's input statistics. {@code topk} holds, for
 * image rows, the k most probable classes (softmax of the logits) with ImageNet's labels when
 * {@code num_classes} is 1000, else the class index as label; it is null for {@code .npy} rows.
 *
 * <pre>
 * trainkit predict --model resnet18 --weights ~/.cache/torch/hub/checkpoints/resnet18-f37072fd.pth cat.jpg
 * trainkit predict --model resnet18 --num-classes 4 --weights finetuned.safetensors batch.npy
 * </pre>
 *
 * <p>PyTorch equivalent: {@code m = resnet18(num_classes=N); m.load_state_dict(torch.load(FILE));
 * m.eval(); m(weights.transforms()(read_image(f)).unsqueeze(0))}.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Run a model-zoo model in eval mode on images or .npy batches; print the logits (and top-k"
                + " labels for images) as one JSON object.",
                "Images are preprocessed with the builder's DEFAULT ImageNet weights' preset (resize, centre crop,"
                        + " [0, 1], ImageNet normalisation); .npy inputs are NCHW float32, already preprocessed."})
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "DIR", description = "A run directory (or any folder with model.pth and"
            + " model.json): its model, class names and eval preprocessing.")
    Path run;

    @Option(names = "--model", paramLabel = "SPEC", description = "Builder name or spec, e.g. resnet18 or"
            + " 'vit_b_16(image_size=384)' (instead of --run); a ViT's position embeddings are interpolated on load.")
    String model;

    @Option(names = "--num-classes", defaultValue = "1000", paramLabel = "N",
            description = "Outputs of the model's head (default: ${DEFAULT-VALUE}).")
    long numClasses;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "State dict: .pth (torch.save, zip or legacy) or .safetensors; loaded strictly.")
    Path weights;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "Classes listed per image (default: ${DEFAULT-VALUE}, at most num-classes).")
    int topK;

    @Option(names = "--transform-input", defaultValue = "auto", paramLabel = "auto|true|false",
            description = "inception_v3/googlenet only: torchvision's transform_input; auto = true when the weights"
                    + " file has torchvision's file name for the model (its pretrained weights need it).")
    String transformInput;

    @Option(names = "--image-size", paramLabel = "N", description = "With --model: centre-crop size (default: the"
            + " DEFAULT weights' preset, e.g. 224).")
    Integer imageSize;

    @Option(names = "--resize-size", paramLabel = "N", description = "With --model: shorter-side resize before the crop"
            + " (default: the preset's, e.g. 256).")
    Integer resizeSize;

    @Option(names = "--mean", paramLabel = "M,M,M", description = "With --model: normalisation mean (default: the preset's).")
    String mean;

    @Option(names = "--std", paramLabel = "S,S,S", description = "With --model: normalisation std (default: the preset's).")
    String std;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|text", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "INPUT", description = "Image files or .npy batches.")
    List<Path> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliOptions.checkOneOf("--format", format, "json", "text");
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k: expected >= 1, got " + topK);
        }
        for (Path in : inputs) {
            if (!Files.isRegularFile(in)) {
                throw new IllegalArgumentException("INPUT: no such file: " + in);
            }
        }
        Module m;
        Transform preprocess;
        List<String> labels;
        if (run != null) {
            if (model != null || weights != null || imageSize != null || resizeSize != null || mean != null || std != null) {
                throw new IllegalArgumentException("--run takes the model, weights and preprocessing from the run "
                        + "directory; drop --model/--weights/--image-size/--resize-size/--mean/--std");
            }
            SavedModel saved = SavedModel.load(run, d -> ModelSpecs.create(d.model(), d.inputShape(),
                    d.classes().size()));
            m = saved.model();
            // the run's eval preprocessing on the uint8 path, as evaluate and validation feed the model
            preprocess = saved.description().preprocessing().uint8Pipeline();
            labels = saved.description().classes();
        } else {
            if (model == null || weights == null) {
                throw new IllegalArgumentException("give --run DIR (a trainkit run) or --model NAME with --weights FILE");
            }
            if (numClasses < 1) {
                throw new IllegalArgumentException("--num-classes: expected >= 1, got " + numClasses);
            }
            SpecCall spec = SpecParser.parse(model); // a name, or a spec such as vit_b_16(image_size=384)
            m = build(spec);
            Weights defaults = WeightsCatalog.models().contains(spec.name()) ? WeightsCatalog.defaultFor(spec.name())
                    : null;
            Object size = spec.kwargs().get("image_size");
            if (imageSize == null && size instanceof Long l) {
                imageSize = l.intValue(); // a ViT built for another size: crop to that size
            }
            preprocess = preprocessing(defaults != null ? defaults.transforms()
                    : dev.trainkit.vision.models.weights.ResNet50Weights.IMAGENET1K_V1.transforms()).pipeline();
            labels = numClasses == 1000 && defaults != null ? defaults.categories() : List.of();
        }
        ObjectNode root = Json.object();
        ArrayNode predictions = root.putArray("predictions");
        ArrayNode logits = root.putArray("logits");
        ArrayNode names = Json.object().putArray("inputs");
        ArrayNode topk = Json.object().putArray("topk");
        boolean anyImage = false;
        try (NoGrad ng = NoGrad.enter()) {
            for (Path in : inputs) {
                try (TensorScope scope = TensorScope.open()) {
                    boolean npy = in.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
                    Tensor x = npy ? batch(in) : preprocess.apply(run != null ? ImageLoader.loadChannelsLast(in)
                            : ImageLoader.load(in)).unsqueeze(0);
                    anyImage |= !npy;
                    Tensor y = m.forward(x);
                    if (y.dim() != 2 || y.size(0) != x.size(0)) {
                        throw new IllegalStateException(m.getClass().getSimpleName() + " returned " + y.describe()
                                + " for " + x.describe());
                    }
                    float[] v = y.contiguous().toFloatArray();
                    float[] p = y.softmax(1).contiguous().toFloatArray();
                    int c = (int) y.size(1);
                    for (int r = 0; r < y.size(0); r++) {
                        ArrayNode row = logits.addArray();
                        for (int j = 0; j < c; j++) {
                            row.add(v[r * c + j]);
                        }
                        names.add(in.toString());
                        ArrayNode top = top(Arrays.copyOfRange(p, r * c, (r + 1) * c), labels);
                        topk.add(npy ? null : top);
                        ObjectNode pred = predictions.addObject();
                        pred.put("file", in.toString());
                        if (npy) {
                            pred.put("row", r);
                        }
                        pred.setAll((ObjectNode) top.get(0));
                        pred.set("top_k", top);
                    }
                }
            }
        }
        if (run == null) { // the --model form's original keys
            root.set("inputs", names);
            if (anyImage) {
                root.set("topk", topk);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(Json.write(root));
        } else {
            for (JsonNode p : predictions) {
                out.printf(Locale.ROOT, "%s\t%s\t%.4f%n", p.get("file").asText() + (p.has("row") ? "[" + p.get("row") + "]"
                        : ""), p.get("label").asText(), p.get("prob").asDouble());
            }
        }
        out.flush();
        return 0;
    }

    /** The weights' preset with --image-size, --resize-size, --mean and --std applied. */
    private ImagePreprocessing preprocessing(ImageClassificationPreset preset) {
        double[] mu = TrainSetup.doubles("--mean", mean);
        double[] sigma = TrainSetup.doubles("--std", std);
        if ((mu == null) != (sigma == null)) {
            throw new IllegalArgumentException("--mean and --std go together: give both or neither");
        }
        int crop = imageSize != null ? imageSize : (int) preset.cropSize();
        int resize = resizeSize != null ? resizeSize : imageSize != null ? imageSize : (int) preset.resizeSize();
        return new ImagePreprocessing(new int[] {resize}, crop, preset.interpolation(), true,
                mu != null ? mu : preset.mean(), sigma != null ? sigma : preset.std(), 3, false);
    }

    private Module build(SpecCall call) throws Exception {
        String name = call.name();
        Models.info(name); // an unknown name fails here, naming the closest builder
        if (call.kwargs().containsKey("num_classes") || !call.args().isEmpty()) {
            throw new IllegalArgumentException("--model " + model + ": give the class count with --num-classes, and"
                    + " other builder arguments by keyword");
        }
        Map<String, Tensor> sd = WeightsFiles.load(weights);
        java.util.LinkedHashMap<String, Object> kwargs = new java.util.LinkedHashMap<>(call.kwargs());
        kwargs.put("num_classes", numClasses);
        if (name.equals("inception_v3") || name.equals("googlenet")) {
            kwargs.put("init_weights", false);
            kwargs.put("transform_input", transformInput(name));
            kwargs.put("aux_logits", sd.containsKey(name.equals("googlenet") ? "aux1.fc2.weight" : "AuxLogits.fc.weight"));
        } else if (!transformInput.equals("auto")) {
            throw new IllegalArgumentException("--transform-input applies to inception_v3 and googlenet only, not "
                    + name);
        }
        Module m = Models.create(new SpecCall(name, List.of(), kwargs));
        try {
            m.loadStateDict(sd, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--weights " + weights.getFileName() + " does not fit " + model
                    + "(num_classes=" + numClasses + "): " + e.getMessage(), e);
        }
        m.eval();
        return m;
    }

    private boolean transformInput(String name) {
        switch (transformInput) {
            case "true":
                return true;
            case "false":
                return false;
            case "auto":
                for (Weights w : WeightsCatalog.forModel(name)) {
                    if (w.fileName().equals(weights.getFileName().toString())) {
                        return true;
                    }
                }
                return false;
            default:
                throw new IllegalArgumentException("--transform-input: expected auto, true or false, got '"
                        + transformInput + "'");
        }
    }

    private static Tensor batch(Path in) throws Exception {
        Tensor x = Npy.load(in);
        if (x.dtype() != DType.FLOAT32 || x.dim() != 4) {
            throw new IllegalArgumentException("INPUT " + in + ": expected an NCHW float32 batch, got " + x.describe());
        }
        return x;
    }

    private ArrayNode top(float[] probs, List<String> labels) {
        Integer[] idx = new Integer[probs.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Float.compare(probs[b], probs[a]));
        ArrayNode out = Json.object().putArray("k");
        for (int i = 0; i < Math.min(topK, idx.length); i++) {
            ObjectNode o = out.addObject();
            o.put("label", labels.isEmpty() ? String.valueOf(idx[i]) : labels.get(idx[i]));
            o.put("index", idx[i]);
            o.put("prob", probs[idx[i]]);
        }
        return out;
    }
}
