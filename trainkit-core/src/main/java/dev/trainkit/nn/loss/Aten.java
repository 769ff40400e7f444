package dev.trainkit.nn.loss;

import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import java.util.function.Supplier;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Package-internal access to the ATen ops the losses need and {@link Tensor} does not wrap. */
final class Aten {
    private Aten() {
    }

    static org.bytedeco.pytorch.Tensor h(Tensor t) {
        return NativeInterop.handle(t);
    }

    static TensorOptional opt(Tensor t) {
        return t == null ? new TensorOptional() : new TensorOptional(h(t));
    }

    static Tensor call(String op, Supplier<org.bytedeco.pytorch.Tensor> f, Tensor... operands) {
        return NativeInterop.call(op, f, operands);
    }

    /** {@code torch.sort(t, dim, descending)}: values (differentiable) and int64 indices. */
    static Tensor[] sort(Tensor t, int dim, boolean descending) {
        return NativeInterop.pair("sort", () -> torch.sort(h(t), dim, descending), t);
    }

    /** {@code torch.cumsum(t, dim)}. */
    static Tensor cumsum(Tensor t, int dim) {
        return call("cumsum", () -> torch.cumsum(h(t), dim), t);
    }

    /** {@code F.logsigmoid(t)}. */
    static Tensor logSigmoid(Tensor t) {
        return call("log_sigmoid", () -> torch.log_sigmoid(h(t)), t);
    }

    /** {@code F.binary_cross_entropy_with_logits(x, t, reduction='none')}. */
    static Tensor bceWithLogitsNone(Tensor x, Tensor t) {
        return call("binary_cross_entropy_with_logits", () -> torch.binary_cross_entropy_with_logits(h(x), h(t),
                new TensorOptional(), new TensorOptional(), Reduction.NONE.atenCode()), x, t);
    }

    /** {@code F.binary_cross_entropy(p, t, reduction='none')}. */
    static Tensor bceNone(Tensor p, Tensor t) {
        return call("binary_cross_entropy", () -> torch.binary_cross_entropy(h(p), h(t), new TensorOptional(),
                Reduction.NONE.atenCode()), p, t);
    }
}
