package dev.trainkit.nn.loss;

import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Factories for losses: weighted sums, and {@link #create(String)} from a spec string
 * (DESIGN.md §5) with PyTorch's class and keyword names.
 *
 * <pre>{@code
 * Loss ce = Losses.create("CrossEntropyLoss(label_smoothing=0.1)");   // nn.CrossEntropyLoss(label_smoothing=0.1)
 * Loss w = Losses.create("CrossEntropyLoss([1.0, 2.0], None, 0)");     // weight, size_average, ignore_index
 * Loss combo = Losses.sum(0.5, new DiceLoss(), 1.0, new BCEWithLogitsLoss());  // 0.5 * dice + bce
 * }</pre>
 */
public final class Losses {
    private static final String R = "reduction";
    /** PyTorch's deprecated parameters: they keep their positions in signatures but must be None. */
    private static final Set<String> DEPRECATED = Set.of("size_average", "reduce");
    private static final List<String> SEG_KEYWORDS = List.of("mode", "from_logits", "smooth", "ignore_index", "weight");
    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    /** A loss's signature: positional parameters in PyTorch's order, then keyword-only ones. */
    private record Factory(List<String> positional, List<String> keywordOnly, Function<SpecArgs, Loss> build) {
        /** The keywords a spec may use, sorted (the deprecated ones excluded). */
        TreeSet<String> keywords() {
            TreeSet<String> k = new TreeSet<>(positional);
            k.addAll(keywordOnly);
            k.removeAll(DEPRECATED);
            return k;
        }
    }

    static {
        torch("L1Loss", k -> new L1Loss(reduction(k)), "size_average", "reduce", R);
        torch("MSELoss", k -> new MSELoss(reduction(k)), "size_average", "reduce", R);
        torch("CrossEntropyLoss", k -> new CrossEntropyLoss(reduction(k)).weight(tensor(k, "weight"))
                .ignoreIndex(k.getLong("ignore_index", -100)).labelSmoothing(k.getDouble("label_smoothing", 0)),
                "weight", "size_average", "ignore_index", "reduce", R, "label_smoothing");
        torch("NLLLoss", k -> new NLLLoss(reduction(k)).weight(tensor(k, "weight"))
                .ignoreIndex(k.getLong("ignore_index", -100)), "weight", "size_average", "ignore_index", "reduce", R);
        torch("BCELoss", k -> new BCELoss(reduction(k)).weight(tensor(k, "weight")),
                "weight", "size_average", "reduce", R);
        torch("BCEWithLogitsLoss", k -> new BCEWithLogitsLoss(reduction(k)).weight(tensor(k, "weight"))
                .posWeight(tensor(k, "pos_weight")), "weight", "size_average", "reduce", R, "pos_weight");
        torch("HuberLoss", k -> new HuberLoss(reduction(k)).delta(k.getDouble("delta", 1.0)), R, "delta");
        torch("SmoothL1Loss", k -> new SmoothL1Loss(reduction(k)).beta(k.getDouble("beta", 1.0)),
                "size_average", "reduce", R, "beta");
        torch("KLDivLoss", k -> new KLDivLoss(k.getString(R, "mean")).logTarget(k.getBool("log_target", false)),
                "size_average", "reduce", R, "log_target");
        torch("PoissonNLLLoss", k -> new PoissonNLLLoss(reduction(k)).logInput(k.getBool("log_input", true))
                .full(k.getBool("full", false)).eps(k.getDouble("eps", 1e-8)),
                "log_input", "full", "size_average", "eps", "reduce", R);
        keywordsOnly("GaussianNLLLoss", k -> new GaussianNLLLoss(reduction(k)).full(k.getBool("full", false))
                .eps(k.getDouble("eps", 1e-6)), "full", "eps", R); // PyTorch: GaussianNLLLoss(*, full, eps, reduction)
        torch("CosineEmbeddingLoss", k -> new CosineEmbeddingLoss(reduction(k)).margin(k.getDouble("margin", 0)),
                "margin", "size_average", "reduce", R);
        torch("MarginRankingLoss", k -> new MarginRankingLoss(reduction(k)).margin(k.getDouble("margin", 0)),
                "margin", "size_average", "reduce", R);
        torch("HingeEmbeddingLoss", k -> new HingeEmbeddingLoss(reduction(k)).margin(k.getDouble("margin", 1.0)),
                "margin", "size_average", "reduce", R);
        torch("SoftMarginLoss", k -> new SoftMarginLoss(reduction(k)), "size_average", "reduce", R);
        torch("MultiLabelSoftMarginLoss", k -> new MultiLabelSoftMarginLoss(reduction(k)).weight(tensor(k, "weight")),
                "weight", "size_average", "reduce", R);
        torch("MultiMarginLoss", k -> new MultiMarginLoss(reduction(k)).p(k.getLong("p", 1))
                .margin(k.getDouble("margin", 1.0)).weight(tensor(k, "weight")),
                "p", "margin", "weight", "size_average", "reduce", R);
        torch("TripletMarginLoss", k -> new TripletMarginLoss(reduction(k)).margin(k.getDouble("margin", 1.0))
                .p(k.getDouble("p", 2.0)).eps(k.getDouble("eps", 1e-6)).swap(k.getBool("swap", false)),
                "margin", "p", "eps", "swap", "size_average", "reduce", R);
        torch("CTCLoss", k -> new CTCLoss(reduction(k)).blank(k.getLong("blank", 0))
                .zeroInfinity(k.getBool("zero_infinity", false)), "blank", R, "zero_infinity");
        seg("DiceLoss", k -> new DiceLoss(mode(k)));
        seg("IoULoss", k -> new IoULoss(mode(k)));
        seg("JaccardLoss", k -> new JaccardLoss(mode(k)));
        seg("TverskyLoss", k -> new TverskyLoss(mode(k)).alpha(k.getDouble("alpha", 0.5))
                .beta(k.getDouble("beta", 0.5)), "alpha", "beta");
        seg("FocalTverskyLoss", k -> ((FocalTverskyLoss) new FocalTverskyLoss(mode(k))
                .alpha(k.getDouble("alpha", 0.5)).beta(k.getDouble("beta", 0.5))).gamma(k.getDouble("gamma", 0.75)),
                "alpha", "beta", "gamma");
        seg("FocalLoss", k -> new FocalLoss(mode(k), reduction(k)).alpha(k.getDouble("alpha", 0.25))
                .gamma(k.getDouble("gamma", 2.0)), "alpha", "gamma", R);
        seg("LovaszLoss", k -> new LovaszLoss(mode(k)));
        keywordsOnly("DiceBCELoss", k -> new DiceBCELoss().fromLogits(k.getBool("from_logits", true))
                .smooth(k.getDouble("smooth", 1.0)).ignoreIndex(ignoreIndex(k)), "from_logits", "smooth", "ignore_index");
        keywordsOnly("SobolevLoss", k -> new SobolevLoss().gradWeight(k.getDouble("grad_weight", 1.0)), "grad_weight");
    }

    private Losses() {
    }

    /** A torch.nn loss; {@code signature} is its constructor's parameters in PyTorch's order. */
    private static void torch(String name, Function<SpecArgs, Loss> f, String... signature) {
        FACTORIES.put(name, new Factory(List.of(signature), List.of(), f));
    }

    /** A loss without a positional signature (keyword-only in PyTorch, or not a PyTorch class). */
    private static void keywordsOnly(String name, Function<SpecArgs, Loss> f, String... keywords) {
        FACTORIES.put(name, new Factory(List.of(), List.of(keywords), f));
    }

    /** A segmentation loss: the keywords of {@link SegmentationLoss} plus {@code extra}. */
    private static void seg(String name, Function<SpecArgs, SegmentationLoss> f, String... extra) {
        List<String> keys = new ArrayList<>(SEG_KEYWORDS);
        keys.addAll(List.of(extra));
        if (name.equals("LovaszLoss")) {
            keys.removeAll(List.of("weight", "smooth"));
        }
        keywordsOnly(name, k -> {
            SegmentationLoss loss = f.apply(k).fromLogits(k.getBool("from_logits", true)).ignoreIndex(ignoreIndex(k));
            if (k.params().contains("smooth") && k.hasValue("smooth")) {
                loss.smooth(k.getDouble("smooth"));
            }
            if (k.params().contains("weight") && k.hasValue("weight")) {
                loss.weight(tensor(k, "weight"));
            }
            return loss;
        }, keys.toArray(String[]::new));
    }

    /**
     * A loss from a spec string such as {@code "CrossEntropyLoss(label_smoothing=0.1)"} or
     * {@code "DiceLoss(mode='multiclass', ignore_index=255)"}: PyTorch's class and keyword names.
     * Positional arguments follow PyTorch's constructor order where PyTorch has one
     * ({@code CrossEntropyLoss(weight, size_average, ignore_index, reduce, reduction, label_smoothing)});
     * the deprecated {@code size_average} and {@code reduce} keep their positions but must be
     * {@code None}. Losses that are not {@code torch.nn} classes (segmentation losses,
     * {@code DiceBCELoss}, {@code SobolevLoss}) and {@code GaussianNLLLoss} (keyword-only in
     * PyTorch) take keywords only. List values of {@code weight} and {@code pos_weight} become
     * float32 tensors.
     *
     * @throws SpecException for a malformed spec, an unknown name or keyword (listing the valid
     *     ones), a positional argument where there is none, or a value of the wrong type
     * @throws IllegalArgumentException for a value the loss refuses
     */
    public static Loss create(String spec) {
        SpecCall call = SpecParser.parse(spec);
        Factory f = FACTORIES.get(call.name());
        if (f == null) {
            throw new SpecException("unknown loss '" + call.name() + "'"
                    + NameSuggester.didYouMean(call.name(), FACTORIES.keySet()) + "; valid losses: " + FACTORIES.keySet());
        }
        TreeSet<String> keywords = f.keywords();
        for (String k : call.kwargs().keySet()) {
            if (!keywords.contains(k) && !DEPRECATED.contains(k)) {
                throw new SpecException(call.name() + ": unknown keyword '" + k + "'"
                        + NameSuggester.didYouMean(k, keywords) + "; valid keywords: " + keywords);
            }
        }
        SpecArgs args = SpecArgs.bind(call, f.positional(), f.keywordOnly());
        for (String d : DEPRECATED) {
            if (args.params().contains(d) && args.hasValue(d)) {
                throw new SpecException(call.name() + ": '" + d + "' is deprecated in PyTorch and not supported"
                        + " (got " + args.get(d) + "); pass None in its position and use reduction='mean', 'sum' or 'none'");
            }
        }
        return f.build().apply(args);
    }

    /** The names {@link #create(String)} accepts. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    private static Reduction reduction(SpecArgs k) {
        return Reduction.of(k.getString(R, "mean"));
    }

    private static Mode mode(SpecArgs k) {
        return Mode.of(k.getString("mode", "binary"));
    }

    private static Long ignoreIndex(SpecArgs k) {
        return k.hasValue("ignore_index") ? k.getLong("ignore_index") : null;
    }

    /** A float32 tensor from a list (or tuple) of numbers, or a single number; null if absent or None. */
    private static Tensor tensor(SpecArgs k, String name) {
        List<Double> v = k.getDoubleList(name);
        if (v == null) {
            return null;
        }
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i).floatValue();
        }
        return Torch.tensor(f, f.length);
    }

    /** {@code w1·l1} as one loss. */
    public static Loss sum(double w1, LossFunction l1) {
        return new WeightedSumLoss().add(w1, l1);
    }

    /** {@code w1·l1 + w2·l2} as one loss ({@code 0.5 * dice + bce}). */
    public static Loss sum(double w1, LossFunction l1, double w2, LossFunction l2) {
        return new WeightedSumLoss().add(w1, l1).add(w2, l2);
    }

    /** {@code w1·l1 + w2·l2 + w3·l3} as one loss. */
    public static Loss sum(double w1, LossFunction l1, double w2, LossFunction l2, double w3, LossFunction l3) {
        return new WeightedSumLoss().add(w1, l1).add(w2, l2).add(w3, l3);
    }
}
