package dev.trainkit.optim;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * What an optimizer registers besides its signature: PyTorch's option checks (pure Java, run by
 * spec parsing without loading libtorch) and its constructor. The factory type of
 * {@link Optimizers#REGISTRY}.
 *
 * <pre>{@code
 * public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
 *         Signature.of("SGD").param("lr", 1e-3).param("momentum", 0.0).keywordOnly("maximize", false).build(),
 *         "stochastic gradient descent", OptimizerFactory.of(SGD::check, SGD::new));
 * }</pre>
 *
 * <p>PyTorch equivalent: the argument checks at the top of {@code torch.optim.SGD.__init__}, and
 * the class itself.
 */
public interface OptimizerFactory {
    /** Builds the optimizer over {@code groups}; {@code kwargs} are the defaults of every group. */
    Optimizer create(List<ParamGroupSpec> groups, Map<String, ?> kwargs);

    /**
     * Checks a complete set of options (the signature's defaults with overrides) as PyTorch's
     * constructor does; the learning rate and {@code foreach} are checked for every optimizer.
     *
     * @param where the message prefix ({@code "Adam"}, {@code "Adam param group 1"})
     * @throws IllegalArgumentException naming the invalid option, what was expected and what came
     */
    void check(String where, Map<String, Object> options);

    /** A factory from a check and a constructor (usually {@code Foo::check, Foo::new}). */
    static OptimizerFactory of(BiConsumer<String, Map<String, Object>> check,
            BiFunction<List<ParamGroupSpec>, Map<String, ?>, Optimizer> constructor) {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(constructor, "constructor");
        return new OptimizerFactory() {
            @Override
            public Optimizer create(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
                return constructor.apply(groups, kwargs);
            }

            @Override
            public void check(String where, Map<String, Object> options) {
                OptimizerOptions.checkCommon(where, options);
                check.accept(where, options);
            }
        };
    }
}
