package dev.trainkit.nn.loss;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A weighted sum of losses as one loss object: {@code Σ wᵢ·lossᵢ(input, target)}, what
 * {@code 0.5 * dice(x, y) + bce(x, y)} computes in Python. Loss objects among the terms are
 * registered as children {@code "0"}, {@code "1"}, ..., so their weight buffers move with it.
 *
 * <pre>{@code
 * Loss combo = Losses.sum(0.5, new DiceLoss(Mode.BINARY), 1.0, new BCEWithLogitsLoss());
 * Loss same = new DiceLoss(Mode.BINARY).times(0.5).plus(new BCEWithLogitsLoss());
 * }</pre>
 */
public final class WeightedSumLoss extends Loss {
    private final List<Double> factors = new ArrayList<>();
    private final List<LossFunction> terms = new ArrayList<>();

    /** An empty sum (adds up to zero terms; add terms with {@link #add}). */
    public WeightedSumLoss() {
    }

    /**
     * Adds {@code factor * loss}; a nested {@link WeightedSumLoss} is flattened into this one.
     *
     * @return this, for chaining
     */
    public WeightedSumLoss add(double factor, LossFunction loss) {
        if (loss == null) {
            throw new IllegalArgumentException("WeightedSumLoss: loss must not be null");
        }
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("WeightedSumLoss: factor must be finite, got " + factor);
        }
        if (loss instanceof WeightedSumLoss w) {
            for (int i = 0; i < w.terms.size(); i++) {
                add(factor * w.factors.get(i), w.terms.get(i));
            }
            return this;
        }
        if (loss instanceof Module m) {
            registerModule(Integer.toString(terms.size()), m);
        }
        factors.add(factor);
        terms.add(loss);
        return this;
    }

    /** The factors, in order. */
    public List<Double> factors() {
        return List.copyOf(factors);
    }

    /** The terms, in order. */
    public List<LossFunction> terms() {
        return List.copyOf(terms);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        if (terms.isEmpty()) {
            throw new IllegalStateException("WeightedSumLoss: no terms; add losses with add(factor, loss)");
        }
        Tensor total = null;
        for (int i = 0; i < terms.size(); i++) {
            Tensor t = terms.get(i).apply(input, target).mul(factors.get(i));
            total = total == null ? t : total.add(t);
        }
        return total;
    }

    @Override
    public Loss times(double factor) {
        return new WeightedSumLoss().add(factor, this);
    }

    @Override
    public Loss plus(double factor, LossFunction other) {
        return new WeightedSumLoss().add(1.0, this).add(factor, other);
    }

    @Override
    protected String extraRepr() {
        return "factors=" + factors;
    }
}
