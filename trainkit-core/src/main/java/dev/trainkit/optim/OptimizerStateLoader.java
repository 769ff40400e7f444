package dev.trainkit.optim;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Validates and converts an optimizer state dict before {@link Optimizer#loadStateDict} applies it. */
final class OptimizerStateLoader {
    private OptimizerStateLoader() {
    }

    record Loaded(List<Map<String, Object>> options, Map<Tensor, Map<String, Object>> state) {
    }

    /**
     * @param shapedLikeParam whether a state key's tensors must have their parameter's shape
     *     (PyTorch's per-parameter buffers; not {@code "step"}, nor LBFGS's flat history)
     */
    static Loaded load(String name, List<ParamGroup<Tensor>> groups, Map<String, Object> defaults,
            Map<String, ?> sd, Predicate<String> shapedLikeParam) {
        String where = name + ".loadStateDict";
        if (sd == null || !(sd.get("param_groups") instanceof List<?> saved) || !(sd.get("state") instanceof Map<?, ?> st)) {
            throw new IllegalArgumentException(where + ": expected a map with 'state' (a map) and 'param_groups'"
                    + " (a list), got " + (sd == null ? "null" : "keys " + sd.keySet()));
        }
        if (saved.size() != groups.size()) {
            throw new IllegalArgumentException(where + ": loaded state dict has a different number of parameter"
                    + " groups: expected " + groups.size() + ", got " + saved.size());
        }
        Map<Object, Tensor> idMap = new LinkedHashMap<>();
        List<Map<String, Object>> options = new ArrayList<>();
        for (int i = 0; i < saved.size(); i++) {
            if (!(saved.get(i) instanceof Map<?, ?> sg) || !(sg.get("params") instanceof List<?> ids)) {
                throw new IllegalArgumentException(where + ": param_groups[" + i + "] must be a map with a 'params' list");
            }
            List<Tensor> own = groups.get(i).params();
            if (ids.size() != own.size()) {
                throw new IllegalArgumentException(where + ": loaded state dict contains a parameter group that"
                        + " doesn't match the size of optimizer's group: group " + i + " has " + own.size()
                        + " params, the state dict " + ids.size());
            }
            for (int j = 0; j < ids.size(); j++) {
                idMap.put(key(ids.get(j)), own.get(j));
            }
            Map<String, Object> opts = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : sg.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (k.equals("params")) {
                    continue;
                }
                Object v = e.getValue();
                // known options get their stored types (a pickled tuple of betas becomes double[2]);
                // others (e.g. PyTorch's 'foreach', or a scheduler's 'initial_lr') are kept as they are
                opts.put(k, defaults.containsKey(k) ? OptimizerOptions.convert(where + " param_groups[" + i + "]", k, v,
                        defaults.get(k)) : v instanceof Number n && !(v instanceof Boolean) ? (Object) n.doubleValue() : v);
            }
            options.add(opts);
        }
        Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
        try (NoGrad ng = NoGrad.enter()) {
            for (Map.Entry<?, ?> e : st.entrySet()) {
                Tensor p = idMap.get(key(e.getKey()));
                if (p == null) {
                    throw new IllegalArgumentException(where + ": state entry " + e.getKey()
                            + " does not name a parameter of param_groups (ids " + idMap.keySet() + ")");
                }
                if (!(e.getValue() instanceof Map<?, ?> ps)) {
                    throw new IllegalArgumentException(where + ": state[" + e.getKey() + "] must be a map");
                }
                Map<String, Object> copy = new LinkedHashMap<>();
                for (Map.Entry<?, ?> se : ps.entrySet()) {
                    String k = String.valueOf(se.getKey());
                    copy.put(k, castValue(where + " state[" + e.getKey() + "]['" + k + "']", p,
                            shapedLikeParam.test(k), se.getValue()));
                }
                state.put(p, copy);
            }
        }
        return new Loaded(options, state);
    }

    private static Object key(Object id) {
        return id instanceof Number n ? (Object) n.longValue() : id;
    }

    private static Object castValue(String where, Tensor p, boolean shapedLikeParam, Object v) {
        if (v instanceof Tensor t) {
            Tensor c = t.detach().clone();
            if (shapedLikeParam) {
                if (!Arrays.equals(t.shape(), p.shape())) {
                    throw new IllegalArgumentException(where + ": expected shape " + Arrays.toString(p.shape())
                            + " like its parameter, got " + t.describe());
                }
            }
            if (shapedLikeParam || t.dtype().isFloatingPoint() && t.dim() > 0) {
                if (p.dtype().isFloatingPoint() && t.dtype().isFloatingPoint()) {
                    c = c.to(p.dtype());
                }
                c = c.to(p.device());
            }
            return TensorScope.escape(c);
        }
        if (v instanceof List<?> l) {
            // LBFGS's history (old_dirs, old_stps, ro): a list of flat tensors or numbers
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(castValue(where + "[" + i + "]", p, false, l.get(i)));
            }
            return out;
        }
        return v instanceof Number n && !(v instanceof Boolean) ? n.doubleValue() : v;
    }
}
