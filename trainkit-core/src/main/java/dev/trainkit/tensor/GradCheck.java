package dev.trainkit.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compares autograd's gradients with central finite differences in float64, as
 * {@code torch.autograd.gradcheck}. For tests of losses and layers built from tensor ops.
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(xs -> xs.get(0).pow(3).sum(), List.of(Torch.randn(DType.FLOAT64, 4)));
 * assertTrue(r.passed(), r.message());
 * }</pre>
 *
 * <p>Non-scalar outputs are reduced with fixed random weights, so every output element
 * contributes. Inputs must be float64; integer inputs (e.g. class indices) are passed through
 * with {@link #check(Function, List, List)}'s constant list.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * The outcome of a check.
     *
     * @param passed whether every gradient element agreed within tolerance
     * @param maxAbsError the largest |analytical - numerical|
     * @param message a description of the worst element
     */
    public record Result(boolean passed, double maxAbsError, String message) {
    }

    /** Checks {@code f} at {@code inputs} with eps=1e-6, atol=1e-5, rtol=1e-3 (gradcheck's defaults). */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(f, inputs, List.of(), 1e-6, 1e-5, 1e-3);
    }

    /** Checks {@code f} at {@code inputs}, with non-differentiable {@code constants} appended to its arguments. */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> constants) {
        return check(f, inputs, constants, 1e-6, 1e-5, 1e-3);
    }

    /**
     * Checks {@code f} at {@code inputs}.
     *
     * @param f the function; receives the inputs followed by the constants
     * @param inputs float64 tensors to differentiate with respect to
     * @param constants extra arguments that are not differentiated
     * @param eps finite-difference step
     * @param atol absolute tolerance
     * @param rtol relative tolerance (of the numerical value)
     */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> constants,
            double eps, double atol, double rtol) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("GradCheck: input " + i + " must be float64, got "
                        + inputs.get(i).describe());
            }
        }
        double[][] values = new double[inputs.size()][];
        long[][] shapes = new long[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            values[i] = inputs.get(i).toDoubleArray();
            shapes[i] = inputs.get(i).shape();
        }
        Tensor weights = null;
        // analytical
        List<Tensor> leaves = leaves(values, shapes);
        Tensor out = f.apply(concat(leaves, constants));
        if (out.numel() != 1) {
            weights = Torch.rand(out.shape()).to(DType.FLOAT64).add(0.5);
        }
        scalarize(out, weights).backward();
        double worst = 0;
        String worstMsg = "all gradients agree";
        boolean passed = true;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = leaves.get(i).grad();
            double[] analytical = g == null ? new double[values[i].length] : g.toDoubleArray();
            for (int j = 0; j < values[i].length; j++) {
                double orig = values[i][j];
                values[i][j] = orig + eps;
                double plus = evaluate(f, values, shapes, constants, weights);
                values[i][j] = orig - eps;
                double minus = evaluate(f, values, shapes, constants, weights);
                values[i][j] = orig;
                double numerical = (plus - minus) / (2 * eps);
                double err = Math.abs(analytical[j] - numerical);
                if (err > worst) {
                    worst = err;
                    worstMsg = "input " + i + " element " + j + ": analytical " + analytical[j] + " vs numerical " + numerical;
                }
                if (!(err <= atol + rtol * Math.abs(numerical))) {
                    passed = false;
                }
            }
        }
        return new Result(passed, worst, worstMsg);
    }

    private static List<Tensor> leaves(double[][] values, long[][] shapes) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(Torch.tensor(values[i], shapes[i]).requiresGrad_(true));
        }
        return out;
    }

    private static List<Tensor> concat(List<Tensor> a, List<Tensor> b) {
        List<Tensor> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Tensor scalarize(Tensor out, Tensor weights) {
        return weights == null ? out.sum() : out.mul(weights).sum();
    }

    private static double evaluate(Function<List<Tensor>, Tensor> f, double[][] values, long[][] shapes,
            List<Tensor> constants, Tensor weights) {
        try (NoGrad ng = NoGrad.enter(); TensorScope scope = TensorScope.open()) {
            List<Tensor> xs = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                xs.add(Torch.tensor(values[i], shapes[i]));
            }
            return scalarize(f.apply(concat(xs, constants)), weights).item();
        }
    }
}
