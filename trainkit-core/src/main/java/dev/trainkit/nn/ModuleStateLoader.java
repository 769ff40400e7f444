package dev.trainkit.nn;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The matching and copying behind {@link Module#loadStateDict}: keys and shapes are compared
 * first, every mismatch is reported by name in one message, and only then are values copied in
 * place (converted to each target's dtype), so a failed load leaves the module untouched.
 */
final class ModuleStateLoader {
    private ModuleStateLoader() {
    }

    /**
     * Copies {@code state} into the module's live tensors {@code own}.
     *
     * @param moduleName the module's class name, for the message
     */
    static LoadResult load(String moduleName, Map<String, Tensor> own, Map<String, Tensor> state, boolean strict) {
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": checkpoint " + Arrays.toString(src.shape()) + " vs model "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String k : state.keySet()) {
            if (!own.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("loadStateDict into " + moduleName + " failed:");
            if (!mismatched.isEmpty()) {
                sb.append(" size mismatch for ").append(String.join("; ", mismatched)).append('.');
            }
            if (strict && !missing.isEmpty()) {
                sb.append(" missing keys ").append(abbreviate(missing)).append('.');
            }
            if (strict && !unexpected.isEmpty()) {
                sb.append(" unexpected keys ").append(abbreviate(unexpected)).append('.');
            }
            throw new IllegalArgumentException(sb.toString());
        }
        try (NoGrad ng = NoGrad.enter()) {
            own.forEach((k, t) -> {
                Tensor src = state.get(k);
                if (src != null) {
                    t.copy_(src);
                }
            });
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static String abbreviate(List<String> keys) {
        return keys.size() <= 12 ? keys.toString()
                : keys.subList(0, 12) + " and " + (keys.size() - 12) + " more";
    }
}
