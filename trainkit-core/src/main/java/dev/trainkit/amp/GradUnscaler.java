package dev.trainkit.amp;

import dev.trainkit.optim.GradGroups;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ATen's {@code _amp_foreach_non_finite_check_and_unscale_} composed from public ops (the
 * {@code _amp_*} ops are not bound by the Java presets): every gradient is checked for inf/NaN
 * with {@code isfinite(g).all()} and multiplied in place by {@code invScale} unless it is 1, as
 * the kernel does; the flags are stacked per device and read with one sync per device. Gradients
 * that are views of one flat buffer (see {@link GradGroups#flat()}) are checked and scaled with
 * one op each.
 */
final class GradUnscaler {
    private GradUnscaler() {
    }

    /**
     * Unscales the gradients of {@code params} (those without one are skipped). All gradients are
     * checked before any is modified, so a refused one leaves everything untouched.
     *
     * @return per device ({@code "cpu"}, {@code "cuda:0"}): whether an inf/NaN was found; empty
     *     if no parameter has a gradient
     * @throws IllegalArgumentException for a float16 gradient unless {@code allowFp16}, or a
     *     non-floating gradient
     */
    static Map<String, Boolean> unscale_(List<? extends Tensor> params, float invScale, boolean allowFp16) {
        return unscale_(params, invScale, allowFp16, null);
    }

    /**
     * {@link #unscale_(List, float, boolean)} with the implementation chosen: {@code false} checks
     * and scales tensor by tensor; {@code true} or {@code null} works on the gradients grouped by
     * dtype and device ({@link GradGroups}), one check and one multiply for a group whose
     * gradients are views of one flat buffer. The result and the gradients are the same.
     */
    static Map<String, Boolean> unscale_(List<? extends Tensor> params, float invScale, boolean allowFp16,
            Boolean foreach) {
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                if (!allowFp16 && grad.dtype() == DType.FLOAT16) {
                    throw new IllegalArgumentException("GradScaler: Attempting to unscale FP16 gradients. (gradient of "
                            + p.describe() + "; keep parameters in float32 and use Autocast, or use HalfPrecision"
                            + " for fp32 master weights)");
                }
                if (!grad.dtype().isFloatingPoint()) {
                    throw new IllegalArgumentException("GradScaler: expected floating-point gradients, got "
                            + grad.describe() + " for " + p.describe());
                }
            }
            Map<String, List<Tensor>> finitePerDevice = new LinkedHashMap<>();
            for (GradGroups group : GradGroups.of(params, foreach)) {
                // checked on the input, before scaling, like the kernel; one check for a flat group
                List<Tensor> checked = group.flat() != null ? List.of(group.flat()) : group.grads();
                for (Tensor g : checked) {
                    Tensor finite = NativeInterop.call("isfinite.all", () -> NativeInterop.handle(g).isfinite().all(), g);
                    finitePerDevice.computeIfAbsent(group.device().toString(), k -> new ArrayList<>()).add(finite);
                }
                if (invScale != 1f) {
                    group.mul_(invScale);
                }
            }
            Map<String, Boolean> found = new LinkedHashMap<>();
            for (Map.Entry<String, List<Tensor>> e : finitePerDevice.entrySet()) {
                Tensor all = Torch.stack(e.getValue(), 0).to(Device.CPU);
                found.put(e.getKey(), !NativeInterop.handle(all).all().item_bool());
            }
            return found;
        }
    }
}
