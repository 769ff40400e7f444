package dev.trainkit.nn;

import java.util.Iterator;
import java.util.List;

/**
 * A list of submodules registered as "0", "1", ..., as {@code torch.nn.ModuleList}: their
 * parameters belong to the owner; it has no {@code forward} of its own.
 *
 * <pre>{@code
 * ModuleList blocks = registerModule("blocks", new ModuleList(List.of(new Linear(8, 8), new Linear(8, 8))));
 * for (Module b : blocks) x = b.forward(x);          // for b in self.blocks: x = b(x)
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {

    /** An empty list. */
    public ModuleList() {
    }

    /** A list of {@code modules}. */
    public ModuleList(List<? extends Module> modules) {
        extend(modules);
    }

    /** Appends {@code m} under the next index ({@code append}). */
    public ModuleList append(Module m) {
        if (m == null) {
            throw new IllegalArgumentException("ModuleList.append: expected a module, got null");
        }
        registerModule(Integer.toString(size()), m);
        return this;
    }

    /** Appends all of {@code modules} ({@code extend}). */
    public ModuleList extend(List<? extends Module> modules) {
        for (Module m : modules) {
            append(m);
        }
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
            throw new IndexOutOfBoundsException("ModuleList index " + index + " out of range for size " + n);
        }
        return child(Integer.toString(i));
    }

    /** Replaces the module at {@code index}. */
    public void set(int index, Module m) {
        get(index);
        setSubmodule(Integer.toString(index < 0 ? size() + index : index), m);
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
