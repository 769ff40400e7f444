package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Base class of all optimizers, as {@code torch.optim.Optimizer}: parameter groups with
 * options, per-parameter state, {@link #step()}, {@link #zeroGrad()} and a state dict in
 * PyTorch's structure.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), Map.of("lr", 1e-3));  // Adam(model.parameters(), lr=1e-3)
 * for (...) {
 *     try (TensorScope scope = TensorScope.open()) {
 *         opt.zeroGrad();                                          // opt.zero_grad()
 *         lossFn.forward(model.forward(x), y).backward();
 *         opt.step();                                              // opt.step()
 *     }
 * }
 * }</pre>
 *
 * <p>Options are read from the groups at every step, so a learning-rate scheduler (or a direct
 * {@code paramGroups().get(i).setLr(...)}) takes effect on the next step. Numbers are stored as
 * {@link Double}, {@code betas} as {@code double[2]}.
 *
 * <p>State tensors are owned by the garbage collector, not by the {@link TensorScope} that is
 * open when they are created, so they survive per-step scopes. {@code step()} runs under
 * {@link NoGrad} in a scope of its own: its temporaries are freed before it returns.
 */
public abstract class Optimizer implements HasParamGroups {
    private final Registration<OptimizerFactory> type;
    /** Every option with its signature default (None as null): the types given values convert to. */
    private final Map<String, Object> template;
    private final Map<String, Object> defaults;
    private final List<ParamGroup<Tensor>> groups = new ArrayList<>();
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
    /** The multi-tensor buckets of each group, built on the first foreach step. */
    private final Map<ParamGroup<Tensor>, List<FlatBucket>> buckets = new IdentityHashMap<>();
    /** {@link #scratchLike} buffers by dtype and device (not state: never saved). */
    private final Map<String, Tensor> scratch = new LinkedHashMap<>();

    /**
     * Builds the groups: each option missing from a group is taken from {@code kwargs}, then from
     * the defaults of {@code type}'s signature; every set of options passes {@code type}'s checks.
     *
     * @param type the optimizer's registration (its PyTorch name, signature and checks)
     * @throws IllegalArgumentException for an empty list, a parameter in two groups, a non-leaf
     *     tensor, an unknown option or an invalid value
     */
    protected Optimizer(Registration<OptimizerFactory> type, List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        this.type = Objects.requireNonNull(type, "type");
        Objects.requireNonNull(groups, "groups");
        this.template = OptimizerOptions.template(type.signature());
        Map<String, Object> d = OptimizerOptions.copy(template);
        d.putAll(OptimizerOptions.normalize(type.name(), kwargs == null ? Map.of() : kwargs, template));
        checkOptions(type.name(), d);
        OptimizerOptions.dropUnsetSelectors(d);
        this.defaults = d;
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(type.name() + ": optimizer got an empty parameter list");
        }
        for (ParamGroupSpec g : groups) {
            addParamGroup(g);
        }
    }

    /** Wraps a plain parameter list as one group; PyTorch's error for an empty list. */
    protected static List<ParamGroupSpec> singleGroup(String name, Collection<? extends Tensor> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        }
        return List.of(ParamGroupSpec.of(params));
    }

    /**
     * Checks a complete set of options (the defaults, or one group's) with the registration's
     * checks (PyTorch's argument checks).
     *
     * @param where the message prefix
     */
    protected void checkOptions(String where, Map<String, Object> options) {
        type.factory().check(where, options);
    }

    /** Updates the parameters of one group; runs under {@link NoGrad} inside a scope. */
    protected abstract void stepGroup(ParamGroup<Tensor> group);

    /** The optimizer's PyTorch name ({@code "Adam"}). */
    public String name() {
        return type.name();
    }

    /** The registration this optimizer was built from: its signature with PyTorch's defaults. */
    public Registration<OptimizerFactory> registration() {
        return type;
    }

    /** The options groups inherit, PyTorch's {@code optimizer.defaults} (a copy). */
    public Map<String, Object> defaults() {
        return OptimizerOptions.copy(defaults);
    }

    @Override
    public List<ParamGroup<Tensor>> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /**
     * Adds a group ({@code add_param_group}), e.g. to unfreeze layers while fine-tuning.
     *
     * @throws IllegalArgumentException if a parameter is already optimized, is not a leaf, or an
     *     option is unknown or invalid
     */
    public void addParamGroup(ParamGroupSpec spec) {
        String name = name();
        String where = name + " param group " + groups.size();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < spec.params().size(); i++) {
            Tensor p = spec.params().get(i);
            if (p == null) {
                throw new IllegalArgumentException(where + ": params[" + i + "] is null");
            }
            if (!p.isLeaf() && !NativeInterop.handle(p).retains_grad()) {
                throw new IllegalArgumentException(where + ": params[" + i + "] " + p.describe()
                        + ": can't optimize a non-leaf Tensor (pass parameters, or detach() it)");
            }
            if (!seen.add(p)) {
                // PyTorch only warns here; a duplicate would be stepped twice per step
                throw new IllegalArgumentException(where + ": params[" + i + "] " + p.describe()
                        + " appears twice in the same parameter group");
            }
        }
        for (ParamGroup<Tensor> g : groups) {
            for (Tensor p : g.params()) {
                if (seen.contains(p)) {
                    throw new IllegalArgumentException(name
                            + ": some parameters appear in more than one parameter group (" + p.describe() + ")");
                }
            }
        }
        Map<String, Object> options = OptimizerOptions.copy(defaults);
        options.putAll(OptimizerOptions.normalize(where, spec.options(), template));
        checkOptions(where, options);
        OptimizerOptions.dropUnsetSelectors(options);
        groups.add(new ParamGroup<>(spec.params(), options));
    }

    /** Sets every gradient to none, as PyTorch 2's {@code zero_grad()}. */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears gradients ({@code zero_grad(set_to_none)}): with {@code setToNone} they become
     * {@code null}, otherwise they are zeroed in place (keeping their storage).
     */
    public void zeroGrad(boolean setToNone) {
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            for (ParamGroup<Tensor> g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) {
                        continue;
                    }
                    if (setToNone) {
                        p.setGrad(null);
                    } else {
                        grad.zero_();
                    }
                }
            }
        }
    }

    /**
     * Performs one optimization step; parameters without a gradient are skipped.
     *
     * @throws IllegalArgumentException if a gradient is sparse and this optimizer does not accept
     *     sparse gradients (PyTorch's "... does not support sparse gradients"); nothing is changed
     */
    public void step() {
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            refuseSparseGrads();
            for (ParamGroup<Tensor> g : groups) {
                stepGroup(g);
            }
        }
    }

    /**
     * Re-evaluates the loss with gradients enabled, then steps ({@code step(closure)}).
     *
     * @return the closure's loss
     */
    public double step(DoubleSupplier closure) {
        double loss;
        try (NoGrad eg = NoGrad.enableGrad()) {
            loss = closure.getAsDouble();
        }
        step();
        return loss;
    }

    /**
     * Whether the tensors under state key {@code key} have their parameter's shape and dtype
     * (checked and cast by {@link #loadStateDict}); true for every key but {@code "step"}.
     */
    protected boolean stateShapedLikeParam(String key) {
        return !key.equals("step");
    }

    /**
     * What follows "X does not support sparse gradients" when a gradient is sparse (PyTorch's
     * message, e.g. Adam's {@code ", please consider SparseAdam instead"}), or {@code null} if this
     * optimizer accepts sparse gradients ({@code SparseAdam}, {@code SGD}, {@code Adagrad}).
     */
    protected String sparseGradHint() {
        return "";
    }

    /**
     * Throws PyTorch's error if a gradient is sparse and this optimizer does not accept sparse
     * gradients ({@link #sparseGradHint()}); called by {@link #step()} before anything changes.
     */
    protected void refuseSparseGrads() {
        String hint = sparseGradHint();
        if (hint != null) {
            SparseGrads.refuse(this, hint);
        }
    }

    /** The state of {@code param}, created empty on first use ({@code optimizer.state[p]}). */
    protected Map<String, Object> state(Tensor param) {
        return state.computeIfAbsent(param, k -> new LinkedHashMap<>());
    }

    /**
     * The state of {@code param} in the layout PyTorch's optimizers share: created on first use
     * with a {@code step} counter at 0 followed by a zero tensor like {@code param} for each of
     * {@code buffers}.
     */
    protected Map<String, Object> stepState(Tensor param, String... buffers) {
        Map<String, Object> st = state(param);
        if (st.isEmpty()) {
            st.put("step", keep(Torch.scalar(0.0)));
            for (String b : buffers) {
                st.put(b, keep(Torch.zerosLike(param)));
            }
        }
        return st;
    }

    /** Adds one to the {@code step} counter of {@code state} and returns the new count. */
    protected static double nextStep(Map<String, Object> state) {
        return ((Tensor) state.get("step")).add_(1).item();
    }

    /** Every parameter's state, for the multi-tensor path ({@link FlatBucket#bind}). */
    Map<Tensor, Map<String, Object>> stateMap() {
        return state;
    }

    /**
     * Whether {@code g} steps multi-tensor: its {@code foreach} option when set, else the
     * optimizer's default ({@link #foreachByDefault()}).
     */
    protected boolean foreach(ParamGroup<Tensor> g) {
        Object f = g.get(OptimizerOptions.FOREACH);
        return f instanceof Boolean b ? b : foreachByDefault();
    }

    /** The choice for {@code foreach=None}: per tensor, as PyTorch on the CPU. */
    protected boolean foreachByDefault() {
        return false;
    }

    /** The multi-tensor buckets of {@code g}: its parameters by dtype and device. */
    List<FlatBucket> buckets(ParamGroup<Tensor> g) {
        return buckets.computeIfAbsent(g, k -> FlatBucket.of(k.params()));
    }

    /**
     * A temporary shaped like {@code p} (contents undefined) in a buffer this optimizer reuses
     * across parameters and steps, one per dtype and device, grown to the largest parameter: a
     * step's per-parameter temporaries (e.g. Adam's denominator) then cost no allocation. Valid
     * until the next call.
     */
    protected Tensor scratchLike(Tensor p) {
        String key = p.dtype() + "@" + p.device();
        Tensor buf = scratch.get(key);
        if (buf == null || buf.numel() < p.numel()) {
            buf = keep(Torch.zeros(p.dtype(), p.numel()).to(p.device()));
            scratch.put(key, buf);
        }
        return buf.narrow(0, 0, p.numel()).view(p.shape());
    }

    /** A state tensor owned by the garbage collector, whatever scope is open (see class doc). */
    protected static Tensor keep(Tensor t) {
        return TensorScope.escape(t);
    }

    /**
     * {@code p}'s gradient, negated for {@code maximize}; {@code null} when it has none (PyTorch's
     * optimizers skip such parameters).
     */
    protected static Tensor grad(Tensor p, boolean maximize) {
        Tensor g = p.grad();
        return g == null || !maximize ? g : g.neg();
    }

    /**
     * PyTorch's weight decay of the Adam family: decoupled ({@code param *= 1 - lr * weight_decay},
     * AdamW-style) or L2 ({@code grad + weight_decay * param}, returned as a new tensor).
     *
     * @return the gradient to use
     */
    protected static Tensor weightDecay(Tensor p, Tensor grad, double lr, double weightDecay, boolean decoupled) {
        if (weightDecay == 0) {
            return grad;
        }
        if (decoupled) {
            p.mul_(1 - lr * weightDecay);
            return grad;
        }
        return grad.add(p, weightDecay);
    }

    /** {@code 1 / t} elementwise (ATen's {@code reciprocal}, which Python's {@code scalar / tensor} uses). */
    protected static Tensor reciprocal(Tensor t) {
        return NativeInterop.call("reciprocal", () -> NativeInterop.handle(t).reciprocal(), t);
    }

    /** Option {@code key} of {@code g} as a boolean. */
    protected static boolean flag(ParamGroup<Tensor> g, String key) {
        Object v = g.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("param group option '" + key + "': expected true or false, got " + v);
    }

    // ---------------------------------------------------------------- state dict

    /**
     * The state in PyTorch's structure ({@code state_dict()}): {@code "state"} maps a parameter's
     * index (counted across groups in order) to its state ({@code "step"}, {@code "exp_avg"},
     * ...), {@code "param_groups"} is a list of option maps whose {@code "params"} lists those
     * indices. Tensors are the live state tensors (clone to snapshot); options are copies.
     */
    public Map<String, Object> stateDict() {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        List<Map<String, Object>> packed = new ArrayList<>();
        for (ParamGroup<Tensor> g : groups) {
            Map<String, Object> pg = OptimizerOptions.copy(g.options());
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                index.putIfAbsent(p, index.size());
                ids.add(index.get(p));
            }
            pg.put("params", ids);
            packed.add(pg);
        }
        Map<Integer, Map<String, Object>> st = new LinkedHashMap<>();
        for (ParamGroup<Tensor> g : groups) {
            for (Tensor p : g.params()) {
                Map<String, Object> s = state.get(p);
                if (s != null && !s.isEmpty()) {
                    st.put(index.get(p), new LinkedHashMap<>(s));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", st);
        out.put("param_groups", packed);
        return out;
    }

    /**
     * Loads a state dict produced by {@link #stateDict()} (or read from a PyTorch checkpoint)
     * ({@code load_state_dict}). State tensors are copied (floating ones cast to the parameter's
     * dtype, except {@code "step"}); group options are replaced by the saved ones. Nothing is
     * changed if the dict does not fit.
     *
     * @throws IllegalArgumentException if the number or sizes of groups differ, or an entry is
     *     malformed
     */
    public void loadStateDict(Map<String, ?> stateDict) {
        OptimizerStateLoader.Loaded loaded = OptimizerStateLoader.load(name(), groups, template, stateDict,
                this::stateShapedLikeParam);
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup<Tensor> g = groups.get(i);
            for (String k : new ArrayList<>(g.options().keySet())) {
                g.remove(k);
            }
            Map<String, Object> opts = loaded.options().get(i);
            opts.forEach(g::set);
        }
        state.clear();
        state.putAll(loaded.state());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append(" (");
        for (int i = 0; i < groups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            groups.get(i).options().forEach((k, v) -> sb.append("\n    ").append(k).append(": ")
                    .append(v instanceof double[] a ? java.util.Arrays.toString(a) : v));
        }
        return sb.append("\n)").toString();
    }
}
