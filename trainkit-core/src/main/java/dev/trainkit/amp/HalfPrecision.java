package dev.trainkit.amp;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * True half-precision training ({@code bf16-true}, {@code 16-true}) with fp32 master weights:
 * the model's parameters are bfloat16/float16 (forward and backward run in half precision), the
 * optimizer updates a float32 copy of every trainable parameter ("master weights", with fp32
 * optimizer state), and after each step the masters are rounded back into the model.
 *
 * <pre>{@code
 * HalfPrecision hp = HalfPrecision.wrap(model, DType.FLOAT16,
 *         masters -> new Adam(masters, 1e-3));            // model.half(); Adam over fp32 copies
 * for (...) {
 *     try (TensorScope s = TensorScope.open()) {
 *         hp.zeroGrad();
 *         hp.backward(lossFn.forward(model.forward(x.to(DType.FLOAT16)), y));
 *         hp.step();                                      // false if skipped (inf/NaN gradients)
 *     }
 * }
 * }</pre>
 *
 * <p>PyTorch has no single equivalent: this is the scheme of NVIDIA Apex's {@code O2} level
 * ({@code amp.initialize(model, opt, opt_level="O2")}) and of Lightning's half-precision plugins,
 * written out by hand in PyTorch as {@code model.half()}, {@code masters = [p.detach().float()
 * for p in model.parameters()]}, {@code opt = Adam(masters)} and, per step,
 * {@code m.grad = p.grad.float(); opt.step(); p.data.copy_(m)}. It avoids the two failures of
 * training half parameters directly: updates smaller than half an ulp of the weight vanish
 * (bf16 has 8 bits of mantissa), and fp16 Adam divides by zero because {@code eps=1e-8}
 * rounds to 0 in fp16.
 *
 * <p>For float16 the loss is cast to float32 and multiplied by a {@link GradScaler}'s scale
 * before {@code backward()} (fp16 gradients would underflow), the fp16 gradients are copied to
 * the masters, unscaled and checked for inf/NaN there, and the step is skipped (and the scale
 * backed off) when one is found; {@link #step()} calls {@code scaler.update()} itself. bfloat16
 * has float32's range, so its scaler is disabled. Frozen parameters ({@code requires_grad=false})
 * are converted but get no master. LR schedulers drive {@link #optimizer()}.
 */
public final class HalfPrecision {
    private final Module model;
    private final DType dtype;
    private final List<Parameter> params = new ArrayList<>();
    private final List<Parameter> masters = new ArrayList<>();
    private final Optimizer optimizer;
    private final GradScaler scaler;

    private HalfPrecision(Module model, DType dtype, Function<List<Tensor>, Optimizer> optimizerFactory,
            GradScaler scaler) {
        this.model = model;
        this.dtype = dtype;
        this.scaler = scaler;
        try (NoGrad ng = NoGrad.enter()) {
            for (Parameter p : model.parameters()) {
                if (p.requiresGrad() && p.dtype().isFloatingPoint()) {
                    params.add(p);
                    // copied before the model is converted: the masters keep the full fp32 values
                    masters.add(new Parameter(p.to(DType.FLOAT32).clone(), true));
                }
            }
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("HalfPrecision.wrap: the model has no trainable floating-point parameters");
        }
        Optimizer opt = optimizerFactory.apply(Collections.unmodifiableList(new ArrayList<Tensor>(masters)));
        if (opt == null) {
            throw new IllegalArgumentException("HalfPrecision.wrap: optimizerFactory returned null");
        }
        for (var g : opt.paramGroups()) {
            for (Tensor t : g.params()) {
                if (masters.stream().noneMatch(m -> m == t)) {
                    throw new IllegalArgumentException("HalfPrecision.wrap: the optimizer must be built over the master"
                            + " parameters passed to optimizerFactory, got " + t.describe());
                }
            }
        }
        this.optimizer = opt;
        model.to(dtype);
    }

    /**
     * Converts {@code model} to {@code dtype} in place and builds the optimizer over fp32 masters;
     * float16 gets a {@link GradScaler} with PyTorch's defaults, bfloat16 none.
     *
     * @param optimizerFactory builds the optimizer from the master parameters, e.g.
     *     {@code masters -> new AdamW(masters, Map.of("lr", 1e-3))}
     * @throws IllegalArgumentException if {@code dtype} is not bfloat16/float16, the model has no
     *     trainable parameter, or the optimizer is not over the given masters
     */
    public static HalfPrecision wrap(Module model, DType dtype, Function<List<Tensor>, Optimizer> optimizerFactory) {
        Objects.requireNonNull(dtype, "HalfPrecision.wrap: dtype");
        return wrap(model, dtype, optimizerFactory, new GradScaler(dtype == DType.FLOAT16));
    }

    /** As {@link #wrap(Module, DType, Function)} with {@code precision}'s dtype ({@code bf16-true} or {@code 16-true}). */
    public static HalfPrecision wrap(Module model, Precision precision, Function<List<Tensor>, Optimizer> optimizerFactory) {
        Objects.requireNonNull(precision, "HalfPrecision.wrap: precision");
        if (!precision.isTrueHalf()) {
            throw new IllegalArgumentException("HalfPrecision.wrap: expected precision bf16-true or 16-true, got '"
                    + precision + "' (use Autocast for the -mixed modes)");
        }
        return wrap(model, precision.paramDtype(), optimizerFactory);
    }

    /** As {@link #wrap(Module, DType, Function)} with a given scaler (e.g. other growth options, or disabled). */
    public static HalfPrecision wrap(Module model, DType dtype, Function<List<Tensor>, Optimizer> optimizerFactory,
            GradScaler scaler) {
        Objects.requireNonNull(model, "HalfPrecision.wrap: model");
        Objects.requireNonNull(optimizerFactory, "HalfPrecision.wrap: optimizerFactory");
        Objects.requireNonNull(scaler, "HalfPrecision.wrap: scaler");
        if (dtype != DType.BFLOAT16 && dtype != DType.FLOAT16) {
            throw new IllegalArgumentException("HalfPrecision.wrap: dtype: expected bfloat16 or float16, got " + dtype);
        }
        return new HalfPrecision(model, dtype, optimizerFactory, scaler);
    }

    /**
     * Backpropagates {@code loss}: cast to float32, multiplied by the scaler's scale (float16),
     * then {@code backward()}. Gradients accumulate until {@link #zeroGrad()}.
     *
     * @throws IllegalArgumentException if {@code loss} is not a scalar
     */
    public void backward(Tensor loss) {
        Objects.requireNonNull(loss, "HalfPrecision.backward: loss");
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("HalfPrecision.backward: loss must be a scalar, got " + loss.describe());
        }
        scaler.scale(loss.to(DType.FLOAT32)).backward();
    }

    /**
     * Copies the half gradients into the masters' fp32 gradients, unscales and checks them, steps
     * the optimizer unless one is inf/NaN, rounds the masters back into the model and updates the
     * scale ({@code scaler.step(opt); scaler.update()} on the masters).
     *
     * @return whether the optimizer stepped
     * @throws IllegalStateException if no parameter has a gradient (call {@link #backward} first)
     */
    public boolean step() {
        boolean any = false;
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor g = params.get(i).grad();
                Parameter m = masters.get(i);
                if (g == null) {
                    m.setGrad(null);
                    continue;
                }
                any = true;
                Tensor mg = m.grad();
                if (mg == null) {
                    m.setGrad(g.to(DType.FLOAT32).clone());   // the grad field keeps it past the scope
                } else {
                    mg.copy_(g);
                }
            }
            if (!any) {
                throw new IllegalStateException("HalfPrecision.step: no parameter has a gradient;"
                        + " call backward(loss) before step()");
            }
            boolean stepped = scaler.step(optimizer);
            scaler.update();
            if (stepped) {
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).copy_(masters.get(i));     // rounds to the half dtype
                }
            }
            return stepped;
        }
    }

    /** Clears the gradients of the model's parameters and of the masters (set to none). */
    public void zeroGrad() {
        try (NoGrad ng = NoGrad.enter()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).setGrad(null);
                masters.get(i).setGrad(null);
            }
        }
    }

    /** The wrapped model (its parameters are in {@link #dtype()}). */
    public Module model() {
        return model;
    }

    /** The half dtype of the model's parameters. */
    public DType dtype() {
        return dtype;
    }

    /** The optimizer over the fp32 masters (for LR schedulers and checkpoints). */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The loss scaler (disabled for bfloat16). */
    public GradScaler scaler() {
        return scaler;
    }

    /** The fp32 master copies, in the order of the model's trainable parameters (read-only). */
    public List<Tensor> masterParams() {
        return Collections.unmodifiableList(new ArrayList<Tensor>(masters));
    }
}
