package dev.trainkit.nn;

import java.util.Map;
import java.util.Set;

/**
 * Submodules by name in insertion order, as {@code torch.nn.ModuleDict}: their parameters belong
 * to the owner under {@code dictName.key.*}; it has no {@code forward} of its own.
 *
 * <pre>{@code
 * ModuleDict heads = new ModuleDict();
 * heads.put("cls", new Linear(512, 10));                  // heads["cls"] = nn.Linear(512, 10)
 * Tensor y = heads.get("cls").forward(features);
 * }</pre>
 */
public class ModuleDict extends Module {

    /** An empty dict. */
    public ModuleDict() {
    }

    /** A dict of {@code modules} in the map's iteration order. */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /** Adds or replaces the module under {@code key}. */
    public ModuleDict put(String key, Module m) {
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict.put: expected a module for key '" + key + "', got null");
        }
        registerModule(key, m);
        return this;
    }

    /** The module under {@code key}; unknown keys fail listing the known ones. */
    public Module get(String key) {
        return child(key);
    }

    /** Whether {@code key} is present. */
    public boolean containsKey(String key) {
        return namedChildren().containsKey(key);
    }

    /** The keys in insertion order. */
    public Set<String> keys() {
        return namedChildren().keySet();
    }

    /** Number of modules. */
    public int size() {
        return namedChildren().size();
    }
}
