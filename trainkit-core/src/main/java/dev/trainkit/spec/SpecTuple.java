package dev.trainkit.spec;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A parenthesised tuple value in a spec string, e.g. {@code betas=(0.9, 0.999)}. Kept distinct
 * from a list ({@code [...]}) so a factory can tell them apart as Python does; the
 * {@link SpecArgs} list getters accept either.
 *
 * <pre>{@code
 * SpecTuple t = (SpecTuple) SpecParser.parse("Adam(betas=(0.9, 0.999))").kwargs().get("betas");
 * t.items(); // [0.9, 0.999]
 * }</pre>
 *
 * <p>PyTorch equivalent: a Python {@code tuple}.
 *
 * @param items the elements, read-only
 */
public record SpecTuple(List<Object> items) {
    /** Freezes the elements. */
    public SpecTuple {
        items = Collections.unmodifiableList(new java.util.ArrayList<>(Objects.requireNonNull(items, "items")));
    }

    @Override
    public String toString() {
        return SpecValues.render(this);
    }
}
