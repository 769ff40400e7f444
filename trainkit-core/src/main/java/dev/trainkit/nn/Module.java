package dev.trainkit.nn;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Base class of all layers and models, as {@code torch.nn.Module}: a tree of named children,
 * parameters and buffers with PyTorch's dotted names ({@code layer1.0.conv1.weight}), so a
 * torchvision state dict loads by name.
 *
 * <p>A subclass registers its state in the constructor and implements {@link #forward(Tensor)}:
 * <pre>{@code
 * class TwoLayer extends Module {
 *     final Linear fc1 = registerModule("fc1", new Linear(4, 8));
 *     final Linear fc2 = registerModule("fc2", new Linear(8, 2));
 *     public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * }</pre>
 *
 * <p>Children that may be replaced later ({@link #setSubmodule}, e.g. a classifier head) should
 * be read with {@link #child(String)} in {@code forward}, not cached in a field.
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new LinkedHashSet<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private boolean evalLocked;

    /** Applies the module to one input. Modules taking other inputs (losses) define their own. */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a single tensor input");
    }

    // ---------------------------------------------------------------- registration

    private static String checkName(String kind, String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(kind + " name: expected a non-empty name without '.', got '" + name + "'");
        }
        return name;
    }

    private void checkFree(String name, Map<String, ?> own) {
        if ((params.containsKey(name) && own != params) || (buffers.containsKey(name) && own != buffers)
                || (children.containsKey(name) && own != children)) {
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName()
                    + " as another kind (parameter, buffer or module)");
        }
    }

    /**
     * Registers a parameter ({@code register_parameter}); {@code null} records an absent one
     * (e.g. {@code bias=False}). A plain tensor is wrapped in a {@link Parameter}.
     *
     * @return the registered parameter, or {@code null}
     */
    protected Parameter registerParameter(String name, Tensor data) {
        checkName("parameter", name);
        checkFree(name, params);
        Parameter p = data == null ? null : data instanceof Parameter pp ? pp : new Parameter(data);
        params.put(name, p);
        return p;
    }

    /** Registers a persistent buffer (saved in the state dict), as {@code register_buffer}. */
    protected Tensor registerBuffer(String name, Tensor t) {
        return registerBuffer(name, t, true);
    }

    /** Registers a buffer; non-persistent buffers are not part of the state dict. */
    protected Tensor registerBuffer(String name, Tensor t, boolean persistent) {
        checkName("buffer", name);
        checkFree(name, buffers);
        Tensor b = t == null ? null : TensorScope.escape(t.detach());
        buffers.put(name, b);
        if (!persistent) {
            nonPersistent.add(name);
        }
        return b;
    }

    /** Registers a child module ({@code add_module}); registering again under a name replaces it. */
    protected <M extends Module> M registerModule(String name, M module) {
        checkName("module", name);
        checkFree(name, children);
        children.put(name, module);
        return module;
    }

    /** The direct child {@code name}. */
    public Module child(String name) {
        Module m = children.get(name);
        if (m == null && !children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no child '" + name
                    + "'; children: " + children.keySet());
        }
        return m;
    }

    /** The submodule at dotted path {@code target} ({@code get_submodule}); "" is this module. */
    public Module getSubmodule(String target) {
        Module m = this;
        if (target.isEmpty()) {
            return m;
        }
        for (String part : target.split("\\.")) {
            m = m.child(part);
        }
        return m;
    }

    /**
     * Replaces the submodule at dotted path {@code target}, e.g. {@code "fc"} or
     * {@code "classifier.6"} ({@code set_submodule}); how a classifier head is replaced.
     */
    public void setSubmodule(String target, Module module) {
        int dot = target.lastIndexOf('.');
        Module parent = dot < 0 ? this : getSubmodule(target.substring(0, dot));
        String name = target.substring(dot + 1);
        parent.child(name);
        parent.children.put(name, module);
    }

    // ---------------------------------------------------------------- traversal

    /** This module's own parameters (absent ones omitted), not recursing. */
    protected Map<String, Parameter> ownParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** All parameters with dotted names, each once, in registration order ({@code named_parameters}). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((prefix, m) -> m.ownParameters().forEach((k, p) -> {
            if (seen.add(p)) {
                out.put(prefix.isEmpty() ? k : prefix + "." + k, p);
            }
        }));
        return out;
    }

    /** All parameters ({@code parameters()}). */
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All buffers with dotted names ({@code named_buffers}). */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.buffers.forEach((k, b) -> {
            if (b != null) {
                out.put(prefix.isEmpty() ? k : prefix + "." + k, b);
            }
        }));
        return out;
    }

    /** All buffers. */
    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /** Direct children by name ({@code named_children}). */
    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        children.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Direct children ({@code children()}). */
    public List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    /** This module ("") and all descendants with dotted names, pre-order ({@code named_modules}). */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect("", out, seen);
        return out;
    }

    private void collect(String prefix, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) {
            return;
        }
        out.put(prefix, this);
        children.forEach((k, m) -> {
            if (m != null) {
                m.collect(prefix.isEmpty() ? k : prefix + "." + k, out, seen);
            }
        });
    }

    /** This module and all descendants ({@code modules()}). */
    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    // ---------------------------------------------------------------- modes

    /**
     * Sets training mode recursively ({@code train(mode)}); modules locked in eval mode
     * ({@link #lockEval}) stay in eval mode.
     */
    public Module train(boolean mode) {
        for (Module m : modules()) {
            m.training = mode && !m.evalLocked;
        }
        return this;
    }

    /**
     * Locks this module (not its children) in eval mode: {@link #train(boolean)} leaves it in eval
     * mode until unlocked. Fine-tuning uses it to keep frozen BatchNorm statistics frozen, which
     * PyTorch users get by overriding {@code train()} to call {@code bn.eval()} again. Unlocking
     * does not change the current mode; the next {@code train()} call does.
     *
     * @return this module
     */
    public Module lockEval(boolean locked) {
        evalLocked = locked;
        if (locked) {
            training = false;
        }
        return this;
    }

    /** Whether this module is locked in eval mode ({@link #lockEval}). */
    public boolean isEvalLocked() {
        return evalLocked;
    }

    /** Training mode ({@code train()}). */
    public Module train() {
        return train(true);
    }

    /** Evaluation mode ({@code eval()}): dropout off, batch norm uses running statistics. */
    public Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Sets {@code requires_grad} on every parameter ({@code requires_grad_(flag)}). */
    public Module requiresGrad(boolean flag) {
        for (Parameter p : parameters()) {
            p.requiresGrad_(flag);
        }
        return this;
    }

    /** Applies {@code fn} to every child (recursively) and then to this module ({@code apply}). */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Clears the gradients of all parameters (set to none, as PyTorch 2's default). */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.setGrad(null);
        }
    }

    /** Moves all parameters and buffers to {@code device}, in place ({@code to(device)}). */
    public Module to(Device device) {
        return convertState(t -> true, t -> t.to(device));
    }

    /** Converts floating-point parameters and buffers to {@code dtype}, in place ({@code to(dtype)}). */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("Module.to: expected a floating-point dtype, got " + dtype);
        }
        return convertState(t -> t.dtype().isFloatingPoint(), t -> t.to(dtype));
    }

    /** Replaces the data of the selected parameters and buffers in place, keeping their identity. */
    private Module convertState(Predicate<Tensor> selected, UnaryOperator<Tensor> convert) {
        List<Tensor> state = new ArrayList<>(parameters());
        state.addAll(buffers());
        try (NoGrad ng = NoGrad.enter()) {
            for (Tensor t : state) {
                if (selected.test(t)) {
                    t.setData_(convert.apply(t));
                }
            }
        }
        return this;
    }

    /** Total number of parameter elements; {@code trainableOnly} counts those requiring grad. */
    public long parameterCount(boolean trainableOnly) {
        long n = 0;
        for (Parameter p : parameters()) {
            if (!trainableOnly || p.requiresGrad()) {
                n += p.numel();
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Parameters and persistent buffers by dotted name, in PyTorch's order (each module's own
     * parameters, then its buffers, then its children). The tensors are the live ones; clone to
     * snapshot.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        saveTo("", out);
        return out;
    }

    private void saveTo(String prefix, Map<String, Tensor> out) {
        params.forEach((k, p) -> {
            if (p != null) {
                out.put(prefix + k, p);
            }
        });
        buffers.forEach((k, b) -> {
            if (b != null && !nonPersistent.contains(k)) {
                out.put(prefix + k, b);
            }
        });
        children.forEach((k, m) -> {
            if (m != null) {
                m.saveTo(prefix + k + ".", out);
            }
        });
    }

    /**
     * Copies tensors from {@code checkpoint} into this module's parameters and buffers by name
     * ({@code load_state_dict}). Shape mismatches always fail, listing every one by name; with
     * {@code strict}, missing or unexpected keys fail too. Values are converted to each target's
     * dtype.
     *
     * @return the keys that did not match (empty lists when strict succeeded)
     */
    public LoadResult loadStateDict(Map<String, Tensor> checkpoint, boolean strict) {
        Map<String, Tensor> state = new LinkedHashMap<>(checkpoint);
        namedModules().forEach((prefix, m) -> m.upgradeStateDict(prefix.isEmpty() ? "" : prefix + ".", state));
        return ModuleStateLoader.load(getClass().getSimpleName(), stateDict(), state, strict);
    }

    /**
     * Lets a module fill in keys that older checkpoints lack before loading, as PyTorch's
     * versioned {@code _load_from_state_dict} does (BatchNorm adds {@code num_batches_tracked},
     * absent from torchvision's original weight files). The default does nothing.
     *
     * @param prefix this module's dotted prefix including the trailing dot ("" at the root)
     * @param state the incoming state dict, modifiable
     */
    protected void upgradeStateDict(String prefix, Map<String, Tensor> state) {
    }

    /**
     * Names of this module's own parameters that fine-tuning recipes exempt from weight decay
     * beyond biases and norms: embeddings such as a ViT's {@code class_token} and
     * {@code pos_embedding} (timm's {@code no_weight_decay()}, torchvision's
     * {@code --transformer-embedding-decay}). The default is none.
     */
    public Set<String> noWeightDecay() {
        return Set.of();
    }

    // ---------------------------------------------------------------- printing

    /** Extra text inside this module's parentheses, e.g. {@code in_features=3, out_features=2}. */
    protected String extraRepr() {
        return "";
    }

    @Override
    public String toString() {
        return PyRepr.module(getClass().getSimpleName(), extraRepr(), children);
    }
}
