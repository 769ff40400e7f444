package dev.trainkit.amp;

import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Dynamic loss scaling for float16 mixed-precision training, with the semantics of PyTorch 2.x's
 * {@code torch.amp.GradScaler}: the loss is multiplied by a scale before {@code backward()} so
 * that small fp16 gradients do not underflow; {@link #step} unscales the gradients, skips the
 * optimizer step when any of them is inf or NaN, and {@link #update} halves the scale after a
 * skipped step or doubles it after {@code growthInterval} clean steps in a row.
 *
 * <pre>{@code
 * GradScaler scaler = new GradScaler();                          // scaler = torch.amp.GradScaler("cpu")
 * for (...) {
 *     try (TensorScope s = TensorScope.open()) {
 *         opt.zeroGrad();                                         // opt.zero_grad()
 *         Tensor loss;
 *         try (Autocast ac = Autocast.enable(Device.CPU, DType.FLOAT16)) {
 *             loss = lossFn.forward(model.forward(x), y);         // with torch.autocast("cpu", torch.float16): ...
 *         }
 *         scaler.scale(loss).backward();                          // scaler.scale(loss).backward()
 *         scaler.unscale_(opt);                                   // scaler.unscale_(opt)   (optional, for clipping)
 *         ClipGrad.clipGradNorm_(model.parameters(), 1.0);        // clip_grad_norm_(model.parameters(), 1.0)
 *         scaler.step(opt);                                       // scaler.step(opt)
 *         scaler.update();                                        // scaler.update()
 *     }
 * }
 * }</pre>
 *
 * <p>Exactly as PyTorch: the scale is a float32 value created by the first {@link #scale} call
 * (before it, {@link #getScale()} returns {@code initScale}); {@code unscale_} multiplies every
 * gradient by {@code float32(1 / double(scale))} after checking it for inf/NaN; the update is the
 * algorithm of ATen's {@code _amp_update_scale_} (growth only if the grown scale is finite in
 * float32); the per-optimizer stage (ready, unscaled, stepped) enforces the call order with
 * PyTorch's messages; fp16 gradients are refused when unscaling (PyTorch's
 * {@code allow_fp16=False}: keep parameters in fp32 and let autocast make fp16 activations, or
 * use {@link HalfPrecision} for fp16 parameters).
 *
 * <p>ATen's {@code _amp_*} kernels are not bound by the Java presets, so the check-and-unscale is
 * composed from public ops ({@code isfinite(g).all()} and {@code g.mul_(invScale)} per gradient,
 * one host sync per {@code unscale_}); the scale and growth tracker are kept on the JVM as a
 * {@code float} and an {@code int}, which is what the float32/int32 tensors of PyTorch hold.
 * Differences from PyTorch: {@link #step} returns whether the optimizer stepped (PyTorch returns
 * {@code optimizer.step()}'s value); wrong call orders throw {@link IllegalStateException}
 * (PyTorch: {@code RuntimeError}/{@code AssertionError}); bad arguments throw
 * {@link IllegalArgumentException}. Not thread-safe; use one scaler per training loop.
 */
public final class GradScaler {
    static {
        NativeInterop.ensureLoaded();
    }

    /** The stage of one optimizer within the current iteration ({@code OptState}). */
    private enum Stage { READY, UNSCALED, STEPPED }

    /** Per-optimizer state of the current iteration ({@code _per_optimizer_states[id(opt)]}). */
    private static final class OptimizerState {
        Stage stage = Stage.READY;
        /** Device → whether an inf/NaN was found there; empty until unscale_ saw a gradient. */
        final Map<String, Boolean> foundInfPerDevice = new LinkedHashMap<>();
    }

    private final boolean enabled;
    private double initScale;
    private double growthFactor;
    private double backoffFactor;
    private int growthInterval;
    private int initGrowthTracker;
    /** The float32 scale; null until the first {@link #scale} call (PyTorch's lazy init). */
    private Float scale;
    private int growthTracker;
    private Map<Optimizer, OptimizerState> perOptimizer = new IdentityHashMap<>();

    /** PyTorch's defaults: {@code init_scale=65536, growth_factor=2, backoff_factor=0.5, growth_interval=2000}. */
    public GradScaler() {
        this(65536.0, 2.0, 0.5, 2000, true);
    }

    /** The defaults, enabled or not ({@code GradScaler(enabled=...)}); disabled, every method is a pass-through. */
    public GradScaler(boolean enabled) {
        this(65536.0, 2.0, 0.5, 2000, enabled);
    }

    /**
     * A scaler with explicit options ({@code GradScaler(device, init_scale, growth_factor,
     * backoff_factor, growth_interval, enabled)}; the device is that of the scaled tensors).
     *
     * @throws IllegalArgumentException if enabled and {@code growthFactor <= 1},
     *     {@code backoffFactor >= 1} (PyTorch's two checks), or {@code initScale} is not a positive
     *     finite number, {@code backoffFactor <= 0} or {@code growthInterval < 1} (checked here
     *     only: PyTorch would silently misbehave)
     */
    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval,
            boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            ScalerOptions.growthFactor("GradScaler", growthFactor);
            ScalerOptions.backoffFactor("GradScaler", backoffFactor);
            ScalerOptions.scale("GradScaler", "init_scale", initScale);
            ScalerOptions.growthInterval("GradScaler", growthInterval);
        }
        this.initScale = initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
    }

    /** Whether scaling is enabled ({@code is_enabled()}). */
    public boolean isEnabled() {
        return enabled;
    }

    // ---------------------------------------------------------------- scale

    /**
     * The scaled loss {@code outputs * scale} ({@code scaler.scale(outputs)}); {@code outputs}
     * itself when disabled. The first call fixes the scale (float32 of {@code initScale}).
     */
    public Tensor scale(Tensor outputs) {
        Objects.requireNonNull(outputs, "GradScaler.scale: outputs");
        if (!enabled) {
            return outputs;
        }
        lazyInit();
        return outputs.mul(scale);
    }

    /** Scales each tensor of {@code outputs} ({@code scaler.scale([l1, l2])}), keeping their order. */
    public List<Tensor> scale(List<Tensor> outputs) {
        Objects.requireNonNull(outputs, "GradScaler.scale: outputs");
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Tensor t = outputs.get(i);
            if (t == null) {
                throw new IllegalArgumentException("GradScaler.scale: outputs must be Tensors, got null at index " + i);
            }
            out.add(scale(t));
        }
        return out;
    }

    private void lazyInit() {
        if (scale == null) {
            scale = (float) initScale;
            growthTracker = initGrowthTracker;
        }
    }

    private float checkScaleInitialized(String funcname) {
        if (scale == null) {
            throw new IllegalStateException("GradScaler: Attempted " + funcname + " but _scale is None.  This may"
                    + " indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.");
        }
        return scale;
    }

    // ---------------------------------------------------------------- unscale_ / step

    /**
     * Divides the gradients of {@code optimizer}'s parameters by the scale in place and records
     * whether any was inf or NaN ({@code scaler.unscale_(optimizer)}); call it before clipping or
     * inspecting gradients. Parameters without a gradient are skipped. No-op when disabled.
     *
     * @throws IllegalStateException if called twice for this optimizer since the last
     *     {@link #update}, after {@link #step}, or before any {@link #scale}
     * @throws IllegalArgumentException if a gradient is float16 ("Attempting to unscale FP16
     *     gradients.") or not a floating-point tensor
     */
    public void unscale_(Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "GradScaler.unscale_: optimizer");
        if (!enabled) {
            return;
        }
        float s = checkScaleInitialized("unscale_");
        OptimizerState st = perOptimizer.computeIfAbsent(optimizer, k -> new OptimizerState());
        if (st.stage == Stage.UNSCALED) {
            throw new IllegalStateException(
                    "unscale_() has already been called on this optimizer since the last update().");
        } else if (st.stage == Stage.STEPPED) {
            throw new IllegalStateException("unscale_() is being called after step().");
        }
        // PyTorch: self._scale.double().reciprocal().float() (the reciprocal in FP64)
        float invScale = (float) (1.0 / (double) s);
        st.foundInfPerDevice.putAll(GradUnscaler.unscale_(params(optimizer), invScale, false));
        st.stage = Stage.UNSCALED;
    }

    private static List<Tensor> params(Optimizer optimizer) {
        List<Tensor> out = new ArrayList<>();
        for (ParamGroup<Tensor> g : optimizer.paramGroups()) {
            out.addAll(g.params());
        }
        return out;
    }

    /**
     * Unscales the gradients (unless {@link #unscale_} was already called for this optimizer),
     * then runs {@code optimizer.step()} unless a gradient was inf or NaN
     * ({@code scaler.step(optimizer)}). When disabled it just steps.
     *
     * @return whether the optimizer stepped (false: skipped because of inf/NaN gradients)
     * @throws IllegalStateException if {@code step} was already called for this optimizer since
     *     the last {@link #update}, before any {@link #scale}, or if no parameter of the optimizer
     *     has a gradient ("No inf checks were recorded for this optimizer.")
     */
    public boolean step(Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "GradScaler.step: optimizer");
        if (!enabled) {
            optimizer.step();
            return true;
        }
        checkScaleInitialized("step");
        OptimizerState st = perOptimizer.computeIfAbsent(optimizer, k -> new OptimizerState());
        if (st.stage == Stage.STEPPED) {
            throw new IllegalStateException("step() has already been called since the last update().");
        }
        if (st.stage == Stage.READY) {
            unscale_(optimizer);
        }
        if (st.foundInfPerDevice.isEmpty()) {
            throw new IllegalStateException("No inf checks were recorded for this optimizer."
                    + " (none of its parameters has a gradient: call backward() on the scaled loss first)");
        }
        boolean foundInf = st.foundInfPerDevice.containsValue(Boolean.TRUE);
        if (!foundInf) {
            optimizer.step();
        }
        st.stage = Stage.STEPPED;
        return !foundInf;
    }

    /**
     * Whether an inf/NaN gradient was found for {@code optimizer} in this iteration (after
     * {@link #unscale_} or {@link #step}); false if none was checked yet.
     */
    public boolean foundInf(Optimizer optimizer) {
        OptimizerState st = perOptimizer.get(optimizer);
        return st != null && st.foundInfPerDevice.containsValue(Boolean.TRUE);
    }

    // ---------------------------------------------------------------- update

    /**
     * Updates the scale from this iteration's inf checks over all optimizers
     * ({@code scaler.update()}), as ATen's {@code _amp_update_scale_}: if any gradient was inf or
     * NaN, {@code scale *= backoffFactor} and the growth tracker is reset; otherwise the tracker
     * is incremented and, on reaching {@code growthInterval}, {@code scale *= growthFactor} (kept
     * only if finite in float32) and the tracker is reset. Then every optimizer is ready again.
     *
     * @throws IllegalStateException before any {@link #scale}, or if no optimizer was unscaled
     *     or stepped since the last update ("No inf checks were recorded prior to update.")
     */
    public void update() {
        if (!enabled) {
            return;
        }
        float s = checkScaleInitialized("update");
        boolean any = false;
        boolean foundInf = false;
        for (OptimizerState st : perOptimizer.values()) {
            any |= !st.foundInfPerDevice.isEmpty();
            foundInf |= st.foundInfPerDevice.containsValue(Boolean.TRUE);
        }
        if (!any) {
            throw new IllegalStateException("No inf checks were recorded prior to update."
                    + " (call scaler.step(optimizer) before scaler.update())");
        }
        ScalerState next = new ScalerState(s, growthFactor, backoffFactor, growthInterval, growthTracker)
                .afterIteration(foundInf);
        scale = (float) next.scale();
        growthTracker = next.growthTracker();
        perOptimizer = new IdentityHashMap<>();
    }

    /**
     * Sets the scale to {@code newScale} (rounded to float32) instead of the dynamic update
     * ({@code scaler.update(new_scale)}); the growth tracker is left as it is.
     *
     * @throws IllegalArgumentException if {@code newScale} is not positive and finite in float32
     * @throws IllegalStateException before any {@link #scale}
     */
    public void update(double newScale) {
        if (!enabled) {
            return;
        }
        checkScaleInitialized("update");
        ScalerOptions.scale("GradScaler.update", "new_scale", newScale);
        scale = (float) newScale;
        perOptimizer = new IdentityHashMap<>();
    }

    /**
     * {@link #update(double)} from a one-element floating tensor without {@code requires_grad}
     * ({@code scaler.update(torch.tensor([s]))}); later changes to the tensor do not affect the scaler.
     */
    public void update(Tensor newScale) {
        Objects.requireNonNull(newScale, "GradScaler.update: newScale");
        if (!enabled) {
            return;
        }
        if (newScale.numel() != 1 || !newScale.dtype().isFloatingPoint() || newScale.requiresGrad()) {
            throw new IllegalArgumentException("GradScaler.update: new_scale should be a float or a 1-element"
                    + " floating tensor with requires_grad=False, got " + newScale.describe()
                    + (newScale.requiresGrad() ? " requiring grad" : ""));
        }
        update(newScale.item());
    }

    // ---------------------------------------------------------------- getters, setters, state

    /** The current scale ({@code get_scale()}): {@code initScale} before the first {@link #scale}, 1.0 when disabled. */
    public double getScale() {
        if (!enabled) {
            return 1.0;
        }
        return scale == null ? initScale : scale.doubleValue();
    }

    /** Consecutive unskipped steps since the last growth or backoff; 0 when disabled. */
    public int getGrowthTracker() {
        if (!enabled) {
            return 0;
        }
        return scale == null ? initGrowthTracker : growthTracker;
    }

    /** The growth factor ({@code get_growth_factor()}). */
    public double getGrowthFactor() {
        return growthFactor;
    }

    /** Sets the growth factor ({@code set_growth_factor}); must be > 1 and finite. */
    public void setGrowthFactor(double f) {
        growthFactor = ScalerOptions.growthFactor("GradScaler.setGrowthFactor", f);
    }

    /** The backoff factor ({@code get_backoff_factor()}). */
    public double getBackoffFactor() {
        return backoffFactor;
    }

    /** Sets the backoff factor ({@code set_backoff_factor}); must be in (0, 1). */
    public void setBackoffFactor(double f) {
        backoffFactor = ScalerOptions.backoffFactor("GradScaler.setBackoffFactor", f);
    }

    /** The growth interval ({@code get_growth_interval()}). */
    public int getGrowthInterval() {
        return growthInterval;
    }

    /** Sets the growth interval ({@code set_growth_interval}); must be >= 1. */
    public void setGrowthInterval(int n) {
        growthInterval = ScalerOptions.growthInterval("GradScaler.setGrowthInterval", n);
    }

    /**
     * The scaler's state with PyTorch's keys ({@code state_dict()}): {@code scale} (Double),
     * {@code growth_factor} (Double), {@code backoff_factor} (Double), {@code growth_interval}
     * (Integer), {@code _growth_tracker} (Integer); empty when disabled. Take it after {@link #update}.
     */
    public Map<String, Object> stateDict() {
        return enabled ? new ScalerState(getScale(), growthFactor, backoffFactor, growthInterval, getGrowthTracker())
                .toMap() : new LinkedHashMap<>();
    }

    /**
     * Restores a state produced by {@link #stateDict()} or PyTorch's {@code scaler.state_dict()}
     * ({@code load_state_dict}); a no-op when disabled. Nothing changes if the dict is invalid.
     *
     * @throws IllegalArgumentException if the dict is empty (saved from a disabled scaler), a key is
     *     missing, or a value is not a number or out of range
     */
    public void loadStateDict(Map<String, ?> stateDict) {
        Objects.requireNonNull(stateDict, "GradScaler.loadStateDict: stateDict");
        if (!enabled) {
            return;
        }
        if (stateDict.isEmpty()) {
            throw new IllegalArgumentException("GradScaler.loadStateDict: The source state dict is empty, possibly"
                    + " because it was saved from a disabled instance of GradScaler.");
        }
        ScalerState st = ScalerState.of(stateDict);
        this.initScale = st.scale();
        this.growthFactor = st.growthFactor();
        this.backoffFactor = st.backoffFactor();
        this.growthInterval = st.growthInterval();
        this.initGrowthTracker = st.growthTracker();
        if (scale != null) {
            scale = (float) st.scale();
            growthTracker = st.growthTracker();
        }
    }

    @Override
    public String toString() {
        return "GradScaler(enabled=" + enabled + ", scale=" + getScale() + ", growth_factor=" + growthFactor
                + ", backoff_factor=" + backoffFactor + ", growth_interval=" + growthInterval
                + ", growth_tracker=" + getGrowthTracker() + ")";
    }
}
