package dev.trainkit.optim.finetune;

import dev.trainkit.nn.GroupNorm;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.finetune.ModuleGlob;
import dev.trainkit.optim.ParamGroupSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds optimizer parameter groups for fine-tuning: the model split into named blocks (by
 * module or parameter patterns, see {@link ModuleGlob}), each with its own learning rate —
 * explicit, as multipliers of a base rate (discriminative learning rates), or decaying
 * geometrically from the head (layer-wise lr decay: block at depth d from the last block gets
 * {@code lr·decay^d}) — and, optionally, biases and normalisation weights in groups of their own
 * with {@code weight_decay=0}. The options combine; every parameter must fall in a block.
 *
 * <pre>{@code
 * List<ParamGroupSpec> groups = ParamGroups.of(model)
 *         .block("stem", "conv1", "bn1").block("layer1", "layer1").block("layer2", "layer2")
 *         .block("layer3", "layer3").block("layer4", "layer4").block("head", "fc")
 *         .layerDecay(1e-3, 0.5)          // head 1e-3, layer4 5e-4, layer3 2.5e-4, ...
 *         .noWeightDecayOnBiasAndNorm()
 *         .build();
 * Optimizer opt = new AdamW(groups, Map.of("lr", 1e-3, "weight_decay", 0.05));
 * // PyTorch: AdamW([{'params': stem_decay, 'lr': 1e-3 * 0.5**5}, {'params': stem_no_decay, 'lr': ...,
 * //                  'weight_decay': 0.0}, ...], lr=1e-3, weight_decay=0.05)
 * }</pre>
 *
 * <p>Blocks are matched in the order given; a parameter goes to the first block that selects it.
 * With {@link #trainableOnly()} parameters with {@code requires_grad=False} are left out
 * (and empty groups dropped), as {@code filter(lambda p: p.requires_grad, ...)} does.
 */
public final class ParamGroups {
    /** Starts a builder over {@code model}'s parameters. */
    public static ParamGroups of(Module model) {
        return new ParamGroups(model);
    }

    /**
     * Whether a parameter gets no weight decay under {@link #noWeightDecayOnBiasAndNorm()}:
     * a bias, any parameter of a BatchNorm, LayerNorm or GroupNorm module, or one its module
     * names in {@link Module#noWeightDecay()} (a ViT's class token and position embedding).
     */
    public static boolean isBiasOrNorm(Module owner, String parameterName) {
        return parameterName.equals("bias") || parameterName.endsWith(".bias") || owner instanceof BatchNormBase
                || owner instanceof LayerNorm || owner instanceof GroupNorm
                || (owner != null && owner.noWeightDecay().contains(parameterName));
    }

    private final Module model;
    private final Map<String, List<String>> blocks = new LinkedHashMap<>();
    private Double baseLr;
    private double[] multipliers;
    private double[] lrs;
    private Double decay;
    private boolean noDecay;
    private boolean trainableOnly;

    private ParamGroups(Module model) {
        this.model = model;
    }

    /** Adds block {@code name} of the modules or parameters selected by {@code patterns}. */
    public ParamGroups block(String name, String... patterns) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("ParamGroups.block: expected a block name, got '" + name + "'");
        }
        if (blocks.containsKey(name)) {
            throw new IllegalArgumentException("ParamGroups.block: block '" + name + "' is already defined; blocks: "
                    + blocks.keySet());
        }
        ModuleGlob.compileAll(model, "ParamGroups.block '" + name + "'", Arrays.asList(patterns));
        blocks.put(name, List.of(patterns));
        return this;
    }

    /** Adds blocks in order from a name → patterns map (e.g. a vision model's blocks). */
    public ParamGroups blocks(Map<String, List<String>> named) {
        named.forEach((k, v) -> block(k, v.toArray(new String[0])));
        return this;
    }

    /** One block per top-level child that holds parameters, in registration order. */
    public ParamGroups blocksFromChildren() {
        model.namedChildren().forEach((name, m) -> {
            if (!m.parameters().isEmpty()) {
                block(name, name);
            }
        });
        return this;
    }

    /** Learning rate per block, in block order ({@code [{'params': ..., 'lr': lr_i}, ...]}). */
    public ParamGroups lrs(double... lrs) {
        this.lrs = lrs.clone();
        return this;
    }

    /** Discriminative learning rates: block i gets {@code baseLr·multipliers[i]}. */
    public ParamGroups lrMultipliers(double baseLr, double... multipliers) {
        this.baseLr = baseLr;
        this.multipliers = multipliers.clone();
        return this;
    }

    /** Layer-wise lr decay: the last block (the head) gets {@code headLr}, the one before {@code headLr·decay}, ... */
    public ParamGroups layerDecay(double headLr, double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("ParamGroups.layerDecay: decay must be in (0, 1], got " + decay);
        }
        this.baseLr = headLr;
        this.decay = decay;
        return this;
    }

    /**
     * Splits each block: biases, norm-layer parameters and declared embeddings
     * ({@link Module#noWeightDecay()}) go to a group with {@code weight_decay=0}.
     */
    public ParamGroups noWeightDecayOnBiasAndNorm() {
        this.noDecay = true;
        return this;
    }

    /** Leaves out parameters with {@code requires_grad=False}. */
    public ParamGroups trainableOnly() {
        this.trainableOnly = true;
        return this;
    }

    /** The groups, in block order (each block's decayed group before its no-decay group). */
    public List<ParamGroupSpec> build() {
        return new ArrayList<>(buildNamed().values());
    }

    /** The groups by name: the block's name, or {@code name/no_decay} for its no-weight-decay half. */
    public Map<String, ParamGroupSpec> buildNamed() {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("ParamGroups: no blocks; add block(name, patterns...) or"
                    + " blocksFromChildren()");
        }
        double[] blockLrs = blockLrs();
        Map<String, Module> owners = owners();
        List<String> names = new ArrayList<>(blocks.keySet());
        Map<String, List<Parameter>> decayed = new LinkedHashMap<>();
        Map<String, List<Parameter>> undecayed = new LinkedHashMap<>();
        List<Pattern>[] compiled = compile(names);
        List<String> unassigned = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            if (trainableOnly && !e.getValue().requiresGrad()) {
                continue;
            }
            int b = -1;
            for (int i = 0; i < compiled.length && b < 0; i++) {
                if (ModuleGlob.selectsParameter(compiled[i], e.getKey())) {
                    b = i;
                }
            }
            if (b < 0) {
                unassigned.add(e.getKey());
                continue;
            }
            String name = e.getKey();
            int dot = name.lastIndexOf('.');
            boolean nd = noDecay && isBiasOrNorm(owners.get(dot < 0 ? "" : name.substring(0, dot)),
                    name.substring(dot + 1));
            (nd ? undecayed : decayed).computeIfAbsent(names.get(b), k -> new ArrayList<>()).add(e.getValue());
        }
        if (!unassigned.isEmpty()) {
            throw new IllegalArgumentException("ParamGroups: " + unassigned.size() + " parameters are in no block: "
                    + (unassigned.size() > 10 ? unassigned.subList(0, 10) + " ..." : unassigned)
                    + "; blocks: " + blocks + " (add a block, e.g. block(\"rest\", \"*\") last)");
        }
        Map<String, ParamGroupSpec> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            for (boolean nd : new boolean[] {false, true}) {
                List<Parameter> ps = (nd ? undecayed : decayed).get(n);
                if (ps == null || ps.isEmpty()) {
                    continue;
                }
                ParamGroupSpec g = ParamGroupSpec.of(ps);
                if (blockLrs != null) {
                    g = g.with("lr", blockLrs[i]);
                }
                if (nd) {
                    g = g.with("weight_decay", 0.0);
                }
                out.put(nd ? n + "/no_decay" : n, g);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("ParamGroups: no parameters to optimize"
                    + (trainableOnly ? " (all are frozen: requires_grad=False)" : ""));
        }
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private List<Pattern>[] compile(List<String> names) {
        List<Pattern>[] out = new List[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ModuleGlob.compileAll(model, "ParamGroups", blocks.get(names.get(i)));
        }
        return out;
    }

    private Map<String, Module> owners() {
        Map<String, Module> m = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        model.namedModules().forEach((k, v) -> {
            if (seen.add(v)) {
                m.put(k, v);
            }
        });
        return m;
    }

    private double[] blockLrs() {
        int set = (lrs != null ? 1 : 0) + (multipliers != null ? 1 : 0) + (decay != null ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException("ParamGroups: choose one of lrs(...), lrMultipliers(...) and"
                    + " layerDecay(...)");
        }
        int n = blocks.size();
        if (lrs != null || multipliers != null) {
            double[] v = lrs != null ? lrs : multipliers;
            if (v.length != n) {
                throw new IllegalArgumentException("ParamGroups." + (lrs != null ? "lrs" : "lrMultipliers")
                        + ": expected one value per block (" + n + ": " + blocks.keySet() + "), got " + v.length);
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (lrs != null) {
                out[i] = lrs[i];
            } else if (multipliers != null) {
                out[i] = baseLr * multipliers[i];
            } else if (decay != null) {
                out[i] = baseLr * Math.pow(decay, n - 1 - i);
            } else {
                return null;
            }
            if (!(out[i] >= 0) || Double.isInfinite(out[i])) {
                throw new IllegalArgumentException("ParamGroups: invalid learning rate " + out[i] + " for block '"
                        + new ArrayList<>(blocks.keySet()).get(i) + "'");
            }
        }
        return out;
    }
}
