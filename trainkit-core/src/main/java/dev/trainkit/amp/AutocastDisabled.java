package dev.trainkit.amp;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Tensor;
import java.util.Objects;

/**
 * Runs a submodule in float32 inside an autocast region, PyTorch's documented pattern for the
 * parts of a model that should not run in lower precision:
 *
 * <pre>{@code
 * // with torch.autocast("cpu", enabled=False):
 * //     out = model.layer4(x.float())
 * AutocastDisabled.wrap(model, "layer4", Device.CPU);
 * }</pre>
 *
 * <p>The input is cast to float32 if it is floating point, the wrapped module runs with autocast
 * disabled on {@code device} (so its convolutions and matmuls, forward and backward, stay in
 * float32), and the float32 output goes on to the next layer, which autocast casts again. Outside an
 * autocast region the wrapper changes nothing but the cast. The wrapped module is this module's
 * child {@code module}, so parameter names gain a {@code .module} segment: wrap before building
 * the optimizer and after loading weights.
 */
public final class AutocastDisabled extends Module {
    private final Device device;

    /**
     * Wraps {@code module}.
     *
     * @param module the module to run in float32
     * @param device the device whose autocast is disabled
     */
    public AutocastDisabled(Module module, Device device) {
        Objects.requireNonNull(module, "module");
        this.device = Objects.requireNonNull(device, "device");
        registerModule("module", module);
    }

    /**
     * Replaces the submodule at dotted path {@code target} of {@code model} with an
     * {@link AutocastDisabled} around it.
     *
     * @return the wrapper
     * @throws IllegalArgumentException if {@code model} has no submodule {@code target}
     */
    public static AutocastDisabled wrap(Module model, String target, Device device) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(target, "target");
        AutocastDisabled w = new AutocastDisabled(model.getSubmodule(target), device);
        model.setSubmodule(target, w);
        return w;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input.dtype().isFloatingPoint() && input.dtype() != DType.FLOAT32 ? input.to(DType.FLOAT32) : input;
        try (Autocast off = Autocast.disable(device)) {
            return child("module").forward(x);
        }
    }
}
