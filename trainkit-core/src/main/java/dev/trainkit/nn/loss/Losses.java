package dev.trainkit.nn.loss;

import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Registry;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Factories for losses: weighted sums, and {@link #create(String)} from a spec string with
 * PyTorch's class and keyword names. Each loss class declares its {@link Registration}
 * (signature with PyTorch's defaults, description, {@link LossFactory}); this class registers
 * them, one line each.
 *
 * <pre>{@code
 * Loss ce = Losses.create("CrossEntropyLoss(label_smoothing=0.1)");   // nn.CrossEntropyLoss(label_smoothing=0.1)
 * Loss w = Losses.create("CrossEntropyLoss([1.0, 2.0], None, 0)");     // weight, size_average, ignore_index
 * Loss combo = Losses.sum(0.5, new DiceLoss(), 1.0, new BCEWithLogitsLoss());  // 0.5 * dice + bce
 * }</pre>
 */
public final class Losses {
    /** PyTorch's deprecated parameters: they keep their positions in signatures but must be None. */
    private static final Set<String> DEPRECATED = Set.of("size_average", "reduce");
    private static final Registry<LossFactory> REGISTRY = new Registry<LossFactory>("loss")
            .register(L1Loss.REGISTRATION)
            .register(MSELoss.REGISTRATION)
            .register(CrossEntropyLoss.REGISTRATION)
            .register(NLLLoss.REGISTRATION)
            .register(BCELoss.REGISTRATION)
            .register(BCEWithLogitsLoss.REGISTRATION)
            .register(HuberLoss.REGISTRATION)
            .register(SmoothL1Loss.REGISTRATION)
            .register(KLDivLoss.REGISTRATION)
            .register(PoissonNLLLoss.REGISTRATION)
            .register(GaussianNLLLoss.REGISTRATION)
            .register(CosineEmbeddingLoss.REGISTRATION)
            .register(MarginRankingLoss.REGISTRATION)
            .register(HingeEmbeddingLoss.REGISTRATION)
            .register(SoftMarginLoss.REGISTRATION)
            .register(MultiLabelSoftMarginLoss.REGISTRATION)
            .register(MultiMarginLoss.REGISTRATION)
            .register(TripletMarginLoss.REGISTRATION)
            .register(CTCLoss.REGISTRATION)
            .register(DiceLoss.REGISTRATION)
            .register(IoULoss.REGISTRATION)
            .register(JaccardLoss.REGISTRATION)
            .register(TverskyLoss.REGISTRATION)
            .register(FocalTverskyLoss.REGISTRATION)
            .register(FocalLoss.REGISTRATION)
            .register(LovaszLoss.REGISTRATION)
            .register(DiceBCELoss.REGISTRATION)
            .register(SobolevLoss.REGISTRATION);

    private Losses() {
    }

    /** The loss registry: signatures, descriptions and factories, for listings. */
    public static Registry<LossFactory> registry() {
        return REGISTRY;
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
        if (!REGISTRY.contains(call.name())) {
            throw new SpecException("unknown loss '" + call.name() + "'"
                    + NameSuggester.didYouMean(call.name(), REGISTRY.names()) + "; valid losses: " + REGISTRY.names());
        }
        Registration<LossFactory> entry = REGISTRY.get(call.name());
        // the deprecated parameters are accepted (as None) but not advertised
        TreeSet<String> keywords = new TreeSet<>(entry.signature().parameters());
        keywords.removeAll(DEPRECATED);
        for (String k : call.kwargs().keySet()) {
            if (!keywords.contains(k) && !DEPRECATED.contains(k)) {
                throw new SpecException(call.name() + ": unknown keyword '" + k + "'"
                        + NameSuggester.didYouMean(k, keywords) + "; valid keywords: " + keywords);
            }
        }
        SpecArgs args = REGISTRY.bind(call);
        for (String d : DEPRECATED) {
            if (args.params().contains(d) && args.hasValue(d)) {
                throw new SpecException(call.name() + ": '" + d + "' is deprecated in PyTorch and not supported"
                        + " (got " + args.get(d) + "); pass None in its position and use reduction='mean', 'sum' or 'none'");
            }
        }
        return entry.factory().create(args);
    }

    /** The names {@link #create(String)} accepts. */
    public static List<String> names() {
        return REGISTRY.names();
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
