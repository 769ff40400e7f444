package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;
import java.util.List;

/**
 * Modules applied in order, as {@code torch.nn.Sequential}; children are named {@code "0"},
 * {@code "1"}, ... so state-dict keys match PyTorch's ({@code classifier.6.weight}).
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
 * mlp.setSubmodule("2", new Linear(8, 5));      // replace the head
 * }</pre>
 */
public class Sequential extends Module {

    /** A sequence of {@code modules}, named by position. */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** A sequence of {@code modules}, named by position. */
    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** Appends a module under the next index. */
    public Sequential append(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    /** Number of modules. */
    public int size() {
        return namedChildren().size();
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int n = size();
        int i = index < 0 ? n + index : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("Sequential index " + index + " out of range for size " + n);
        }
        return child(Integer.toString(i));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : children()) {
            x = m.forward(x);
        }
        return x;
    }
}
