package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The learning rate of stochastic weight averaging: anneals each group's lr to its
 * {@code swa_lr} over {@code anneal_epochs} steps (cosine or linear), then holds it. Each group
 * gets a {@code swa_lr} option.
 *
 * <pre>{@code
 * LRScheduler swa = new SWALR(opt, List.of(0.05), 5, "cos", -1);   // or Schedulers.create("SWALR(swa_lr=0.05, anneal_epochs=5)", opt)
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     trainOneEpoch();
 *     if (epoch >= swaStart) { averaged.updateParameters(model); swa.step(); } else { scheduler.step(); }
 * }
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.optim.swa_utils.SWALR(optimizer, swa_lr=0.05, anneal_epochs=5,
 * anneal_strategy="cos")}, with PyTorch's formula: at step {@code s} with
 * {@code t = clamp(s / max(1, anneal_epochs), 0, 1)} and {@code alpha = anneal(t)}, the lr is
 * {@code swa_lr * alpha + lr0 * (1 - alpha)} where {@code lr0} is recovered from the group's
 * current lr and the previous step's alpha.
 */
public class SWALR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("SWALR").required("swa_lr").param("anneal_epochs", 10).param("anneal_strategy", "cos")
                    .param("last_epoch", -1).build(),
            "anneals the lr to swa_lr over anneal_epochs (cos or linear), then holds it: stochastic weight averaging",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH, (a, opt) -> new SWALR(opt, SchedulerArgs.doubles(a, "swa_lr"),
                    a.getInt("anneal_epochs"), a.getString("anneal_strategy"), a.getInt("last_epoch"))));

    private int annealEpochs;
    private String annealStrategy;

    /** Cosine annealing to {@code swaLr} over 10 steps (PyTorch's defaults). */
    public SWALR(HasParamGroups optimizer, double swaLr) {
        this(optimizer, List.of(swaLr), 10, "cos", -1);
    }

    /**
     * All options.
     *
     * @param swaLr          one value for every group, or one per group
     * @param annealEpochs   steps of the annealing, at least 0
     * @param annealStrategy {@code "cos"} or {@code "linear"}
     * @param lastEpoch      -1 to start
     * @throws IllegalArgumentException for a wrong number of swa_lr values, an unknown strategy
     *                                  or negative anneal_epochs (PyTorch's messages)
     */
    public SWALR(HasParamGroups optimizer, List<Double> swaLr, int annealEpochs, String annealStrategy, int lastEpoch) {
        super(optimizer);
        List<Double> swaLrs = MomentumOption.format("swa_lr", optimizer, swaLr);
        for (int i = 0; i < swaLrs.size(); i++) {
            groups().get(i).set("swa_lr", swaLrs.get(i));
        }
        if (!"cos".equals(annealStrategy) && !"linear".equals(annealStrategy)) {
            throw new IllegalArgumentException("anneal_strategy: anneal_strategy must by one of 'cos' or 'linear', "
                    + "instead got " + annealStrategy);
        }
        if (annealEpochs < 0) {
            throw new IllegalArgumentException("anneal_epochs: anneal_epochs must be equal or greater than 0, got "
                    + annealEpochs);
        }
        this.annealEpochs = annealEpochs;
        this.annealStrategy = annealStrategy;
        initBase(lastEpoch);
        initialStep();
    }

    private double anneal(double t) {
        return "cos".equals(annealStrategy) ? (1 - Math.cos(Math.PI * t)) / 2 : t;
    }

    private static double initialLr(double lr, double swaLr, double alpha) {
        return alpha == 1 ? swaLr : (lr - alpha * swaLr) / (1 - alpha);
    }

    @Override
    protected List<Double> getLr() {
        int step = stepCount - 1;
        if (annealEpochs == 0) {
            step = Math.max(1, step);
        }
        double prevAlpha = anneal(Math.max(0, Math.min(1, (step - 1) / (double) Math.max(1, annealEpochs))));
        double alpha = anneal(Math.max(0, Math.min(1, step / (double) Math.max(1, annealEpochs))));
        List<Double> out = new ArrayList<>();
        for (ParamGroup<?> g : groups()) {
            double swaLr = g.getDouble("swa_lr");
            double lr0 = initialLr(g.lr(), swaLr, prevAlpha);
            out.add(swaLr * alpha + lr0 * (1 - alpha));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("anneal_epochs", annealEpochs);
        out.put("anneal_strategy", annealStrategy);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        annealEpochs = StateValues.getInt(in, "anneal_epochs");
        annealStrategy = StateValues.getString(in, "anneal_strategy");
    }
}
