package dev.trainkit.nn.finetune;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Freezes and unfreezes parts of a model by module or parameter name, exact or glob
 * ({@link ModuleGlob}): the fine-tuning idiom {@code param.requires_grad = False}, plus, on
 * request, BatchNorm statistics. A frozen parameter gets no gradient, so optimizers skip it (as
 * PyTorch's skip parameters whose {@code grad} is None) and it stays bitwise unchanged.
 *
 * <p>Freezing BatchNorm statistics locks the selected {@link BatchNormBase} modules in eval mode
 * ({@link Module#lockEval}): they normalise with their running statistics and no longer update
 * them, even after a later {@code model.train()}. Freezing only the parameters of a BatchNorm
 * layer does not stop its running statistics from moving in training mode, which is why the
 * option exists.
 *
 * <pre>{@code
 * Freezer.freeze(model, true, "*");      // backbone: parameters and BatchNorm statistics
 * Freezer.unfreeze(model, "fc");         // the new head trains
 * System.out.println(Freezer.counts(model));
 * // PyTorch:
 * // for p in model.parameters(): p.requires_grad = False
 * // for p in model.fc.parameters(): p.requires_grad = True
 * // ... and model.train() overridden to put the BatchNorm layers back in eval mode
 * }</pre>
 *
 * <p>This is Module-level and knows nothing of vision models; it lives in {@code nn.finetune}.
 */
public final class Freezer {
    private Freezer() {
    }

    /**
     * Sets {@code requires_grad=False} on every parameter selected by {@code patterns}.
     *
     * @return the names of the selected parameters
     * @throws IllegalArgumentException if a pattern matches no module or parameter
     */
    public static List<String> freeze(Module model, String... patterns) {
        return freeze(model, BatchNormStats.UPDATING, patterns);
    }

    /**
     * Freezes the selected parameters and, with {@link BatchNormStats#LOCKED}, locks every
     * selected BatchNorm module in eval mode so its running statistics stay as loaded.
     *
     * @return the names of the selected parameters
     */
    public static List<String> freeze(Module model, BatchNormStats batchNormStats, String... patterns) {
        List<String> names = setRequiresGrad(model, "Freezer.freeze", false, patterns);
        if (batchNormStats == BatchNormStats.LOCKED) {
            lockBatchNorm(model, "Freezer.freeze", true, patterns);
        }
        return names;
    }

    /**
     * Sets {@code requires_grad=True} on the selected parameters and unlocks the selected
     * BatchNorm modules (their statistics update again from the next {@code model.train()}).
     *
     * @return the names of the selected parameters
     */
    public static List<String> unfreeze(Module model, String... patterns) {
        List<String> names = setRequiresGrad(model, "Freezer.unfreeze", true, patterns);
        lockBatchNorm(model, "Freezer.unfreeze", false, patterns);
        return names;
    }

    /**
     * Freezes everything except the modules or parameters selected by {@code trainable}, the
     * usual "frozen backbone, new head" setup.
     *
     * @param batchNormStats {@link BatchNormStats#LOCKED}: also lock the BatchNorm modules outside
     *     {@code trainable} in eval mode
     * @return the names of the parameters left trainable
     */
    public static List<String> freezeAllExcept(Module model, BatchNormStats batchNormStats, String... trainable) {
        List<Pattern> keep = ModuleGlob.compileAll(model, "Freezer.freezeAllExcept", Arrays.asList(trainable));
        List<String> left = new ArrayList<>();
        model.namedParameters().forEach((name, p) -> {
            boolean train = ModuleGlob.selectsParameter(keep, name);
            p.requiresGrad_(train);
            if (train) {
                left.add(name);
            }
        });
        if (batchNormStats == BatchNormStats.LOCKED) {
            model.namedModules().forEach((name, m) -> {
                if (m instanceof BatchNormBase) {
                    m.lockEval(!ModuleGlob.selectsModule(keep, name));
                }
            });
        }
        return left;
    }

    /**
     * Locks ({@code frozen=true}) or unlocks the BatchNorm modules selected by {@code patterns},
     * leaving {@code requires_grad} alone.
     *
     * @return the names of the BatchNorm modules changed
     */
    public static List<String> freezeBatchNormStats(Module model, boolean frozen, String... patterns) {
        return lockBatchNorm(model, "Freezer.freezeBatchNormStats", frozen, patterns);
    }

    /** Parameter counts, total and trainable, overall and per top-level child. */
    public static TrainableParameters counts(Module model) {
        return TrainableParameters.of(model);
    }

    private static List<String> setRequiresGrad(Module model, String where, boolean flag, String... patterns) {
        Map<String, Parameter> ps = ModuleGlob.parameters(model, where, Arrays.asList(patterns));
        for (Parameter p : ps.values()) {
            p.requiresGrad_(flag);
        }
        return new ArrayList<>(ps.keySet());
    }

    private static List<String> lockBatchNorm(Module model, String where, boolean lock, String... patterns) {
        List<String> out = new ArrayList<>();
        ModuleGlob.modules(model, where, Arrays.asList(patterns)).forEach((name, m) -> {
            if (m instanceof BatchNormBase) {
                m.lockEval(lock);
                out.add(name);
            }
        });
        // a parameter pattern such as 'layer1.0.bn1.weight' selects its BatchNorm module too
        List<Pattern> ps = ModuleGlob.compileAll(model, where, Arrays.asList(patterns));
        model.namedModules().forEach((name, m) -> {
            if (m instanceof BatchNormBase && !out.contains(name)) {
                String prefix = name.isEmpty() ? "" : name + ".";
                for (String param : m.namedParameters().keySet()) {
                    if (ModuleGlob.selectsParameter(ps, prefix + param)) {
                        m.lockEval(lock);
                        out.add(name);
                        break;
                    }
                }
            }
        });
        return out;
    }
}
