package dev.trainkit.nn.loss;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Factories for losses: weighted sums, and {@link #create(String)} from a spec string
 * (DESIGN.md §5) with PyTorch's class and keyword names.
 *
 * <pre>{@code
 * Loss ce = Losses.create("CrossEntropyLoss(label_smoothing=0.1)");   // nn.CrossEntropyLoss(label_smoothing=0.1)
 * Loss combo = Losses.sum(0.5, new DiceLoss(), 1.0, new BCEWithLogitsLoss());  // 0.5 * dice + bce
 * }</pre>
 */
public final class Losses {
    private static final String R = "reduction";
    private static final Map<String, Function<LossSpec, Loss>> FACTORIES = new LinkedHashMap<>();

    static {
        reg("L1Loss", k -> new L1Loss(k.reduction()), R);
        reg("MSELoss", k -> new MSELoss(k.reduction()), R);
        reg("CrossEntropyLoss", k -> new CrossEntropyLoss(k.reduction()).weight(k.tensor("weight"))
                .ignoreIndex(k.lng("ignore_index", -100)).labelSmoothing(k.dbl("label_smoothing", 0)),
                R, "weight", "ignore_index", "label_smoothing");
        reg("NLLLoss", k -> new NLLLoss(k.reduction()).weight(k.tensor("weight"))
                .ignoreIndex(k.lng("ignore_index", -100)), R, "weight", "ignore_index");
        reg("BCELoss", k -> new BCELoss(k.reduction()).weight(k.tensor("weight")), R, "weight");
        reg("BCEWithLogitsLoss", k -> new BCEWithLogitsLoss(k.reduction()).weight(k.tensor("weight"))
                .posWeight(k.tensor("pos_weight")), R, "weight", "pos_weight");
        reg("HuberLoss", k -> new HuberLoss(k.reduction()).delta(k.dbl("delta", 1.0)), R, "delta");
        reg("SmoothL1Loss", k -> new SmoothL1Loss(k.reduction()).beta(k.dbl("beta", 1.0)), R, "beta");
        reg("KLDivLoss", k -> new KLDivLoss(k.str(R, "mean")).logTarget(k.bool("log_target", false)),
                R, "log_target");
        reg("PoissonNLLLoss", k -> new PoissonNLLLoss(k.reduction()).logInput(k.bool("log_input", true))
                .full(k.bool("full", false)).eps(k.dbl("eps", 1e-8)), R, "log_input", "full", "eps");
        reg("GaussianNLLLoss", k -> new GaussianNLLLoss(k.reduction()).full(k.bool("full", false))
                .eps(k.dbl("eps", 1e-6)), R, "full", "eps");
        reg("CosineEmbeddingLoss", k -> new CosineEmbeddingLoss(k.reduction()).margin(k.dbl("margin", 0)),
                R, "margin");
        reg("MarginRankingLoss", k -> new MarginRankingLoss(k.reduction()).margin(k.dbl("margin", 0)), R, "margin");
        reg("HingeEmbeddingLoss", k -> new HingeEmbeddingLoss(k.reduction()).margin(k.dbl("margin", 1.0)),
                R, "margin");
        reg("SoftMarginLoss", k -> new SoftMarginLoss(k.reduction()), R);
        reg("MultiLabelSoftMarginLoss", k -> new MultiLabelSoftMarginLoss(k.reduction())
                .weight(k.tensor("weight")), R, "weight");
        reg("MultiMarginLoss", k -> new MultiMarginLoss(k.reduction()).p(k.lng("p", 1))
                .margin(k.dbl("margin", 1.0)).weight(k.tensor("weight")), R, "p", "margin", "weight");
        reg("TripletMarginLoss", k -> new TripletMarginLoss(k.reduction()).margin(k.dbl("margin", 1.0))
                .p(k.dbl("p", 2.0)).eps(k.dbl("eps", 1e-6)).swap(k.bool("swap", false)),
                R, "margin", "p", "eps", "swap");
        reg("CTCLoss", k -> new CTCLoss(k.reduction()).blank(k.lng("blank", 0))
                .zeroInfinity(k.bool("zero_infinity", false)), R, "blank", "zero_infinity");
        seg("DiceLoss", k -> new DiceLoss(k.mode("binary")));
        seg("IoULoss", k -> new IoULoss(k.mode("binary")));
        seg("JaccardLoss", k -> new JaccardLoss(k.mode("binary")));
        seg("TverskyLoss", k -> new TverskyLoss(k.mode("binary")).alpha(k.dbl("alpha", 0.5))
                .beta(k.dbl("beta", 0.5)), "alpha", "beta");
        seg("FocalTverskyLoss", k -> ((FocalTverskyLoss) new FocalTverskyLoss(k.mode("binary"))
                .alpha(k.dbl("alpha", 0.5)).beta(k.dbl("beta", 0.5))).gamma(k.dbl("gamma", 0.75)),
                "alpha", "beta", "gamma");
        seg("FocalLoss", k -> new FocalLoss(k.mode("binary"), k.reduction()).alpha(k.dbl("alpha", 0.25))
                .gamma(k.dbl("gamma", 2.0)), "alpha", "gamma", R);
        seg("LovaszLoss", k -> new LovaszLoss(k.mode("binary")));
        reg("DiceBCELoss", k -> (Loss) new DiceBCELoss().fromLogits(k.bool("from_logits", true))
                .smooth(k.dbl("smooth", 1.0)).ignoreIndex(k.has("ignore_index") ? k.lng("ignore_index", 0) : null),
                "from_logits", "smooth", "ignore_index");
        reg("SobolevLoss", k -> new SobolevLoss().gradWeight(k.dbl("grad_weight", 1.0)), "grad_weight");
    }

    private Losses() {
    }

    private static void reg(String name, Function<SpecKwargs, Loss> f, String... keys) {
        Set<String> valid = Set.of(keys);
        FACTORIES.put(name, spec -> f.apply(new SpecKwargs(name, spec.kwargs, valid)));
    }

    private static void seg(String name, Function<SpecKwargs, SegmentationLoss> f, String... extra) {
        Set<String> valid = new TreeSet<>(List.of("mode", "from_logits", "smooth", "ignore_index", "weight"));
        valid.addAll(List.of(extra));
        if (name.equals("LovaszLoss")) {
            valid.remove("weight");
            valid.remove("smooth");
        }
        FACTORIES.put(name, spec -> {
            SpecKwargs k = new SpecKwargs(name, spec.kwargs, valid);
            SegmentationLoss loss = f.apply(k).fromLogits(k.bool("from_logits", true))
                    .ignoreIndex(k.has("ignore_index") ? k.lng("ignore_index", 0) : null);
            if (k.has("smooth")) {
                loss.smooth(k.dbl("smooth", 1.0));
            }
            if (k.has("weight")) {
                loss.weight(k.tensor("weight"));
            }
            return loss;
        });
    }

    /**
     * A loss from a spec string such as {@code "CrossEntropyLoss(label_smoothing=0.1)"} or
     * {@code "DiceLoss(mode='multiclass', ignore_index=255)"}: PyTorch's class and keyword names,
     * keyword arguments only (list-valued weights become float32 tensors).
     *
     * @throws IllegalArgumentException for an unknown name or keyword, listing the valid ones
     */
    public static Loss create(String spec) {
        LossSpec s = LossSpec.parse(spec);
        Function<LossSpec, Loss> f = FACTORIES.get(s.name);
        if (f == null) {
            throw new IllegalArgumentException("unknown loss '" + s.name + "'" + closest(s.name) + "; valid losses: "
                    + FACTORIES.keySet());
        }
        return f.apply(s);
    }

    /** The names {@link #create(String)} accepts. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    private static String closest(String name) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String n : FACTORIES.keySet()) {
            int d = distance(name.toLowerCase(), n.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = n;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
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
