package dev.trainkit.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Components of one kind by name (losses, optimizers, schedulers, model builders): the one
 * shape every TrainKit registry has. Each entry states its signature once; spec strings are
 * looked up and bound here, the CLI lists {@link #registrations()}, and an unknown name is an
 * error listing the valid ones with the closest first.
 *
 * <pre>{@code
 * Registry<LossFactory> losses = new Registry<>("loss");
 * losses.register(MSELoss.REGISTRATION);             // one line per component
 * SpecCall call = SpecParser.parse("MSELoss(reduction='sum')");
 * Loss l = losses.get(call.name()).factory().create(losses.bind(call));
 * }</pre>
 *
 * <p>Registration happens in static initialisers; lookups are read-only and thread-safe after that.
 *
 * @param <F> the factory type of the entries
 */
public final class Registry<F> {
    private final String kind;
    private final Map<String, Registration<F>> entries = new LinkedHashMap<>();

    /**
     * An empty registry.
     *
     * @param kind what its entries are, for messages: {@code "optimizer"}, {@code "loss"}, ...
     */
    public Registry(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** What this registry's entries are ({@code "optimizer"}, ...). */
    public String kind() {
        return kind;
    }

    /**
     * Adds {@code registration}.
     *
     * @throws IllegalStateException when the name is registered already
     */
    public synchronized Registry<F> register(Registration<F> registration) {
        String n = registration.name();
        if (entries.containsKey(n)) {
            throw new IllegalStateException(kind + " '" + n + "' is registered twice");
        }
        entries.put(n, registration);
        return this;
    }

    /** Whether {@code name} (exact spelling) is registered. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The entry named {@code name} (exact PyTorch spelling).
     *
     * @throws SpecException for an unknown name, with the closest valid name and the full list
     */
    public Registration<F> get(String name) {
        Registration<F> r = entries.get(name);
        if (r == null) {
            throw new SpecException(kind + ": unknown " + kind + " '" + name + "'"
                    + NameSuggester.didYouMean(String.valueOf(name), entries.keySet()) + "; valid: "
                    + String.join(", ", entries.keySet()));
        }
        return r;
    }

    /**
     * The entry whose name equals {@code name} ignoring case (for the name-plus-options APIs).
     *
     * @throws SpecException for an unknown name, as {@link #get(String)}
     */
    public Registration<F> getIgnoringCase(String name) {
        for (Registration<F> r : entries.values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        return get(name);
    }

    /**
     * Binds {@code call} to the signature of the entry it names.
     *
     * @throws SpecException for an unknown name or arguments the signature refuses
     */
    public SpecArgs bind(SpecCall call) {
        return get(call.name()).signature().bind(call);
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** Every entry, in registration order. */
    public List<Registration<F>> registrations() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }
}
