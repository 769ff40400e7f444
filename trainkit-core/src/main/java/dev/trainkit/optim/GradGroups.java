package dev.trainkit.optim;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The gradients of some parameters grouped by dtype and device, in first-seen order (PyTorch's
 * {@code _group_tensors_by_device_and_dtype}), for the grouped ({@code foreach}) paths of
 * gradient clipping and {@code GradScaler} unscaling.
 *
 * <p>PyTorch's {@code _foreach_norm}, {@code _foreach_mul_} and
 * {@code _amp_foreach_non_finite_check_and_unscale_} are not bound by the Java presets, so a
 * group works with the same per-tensor ATen ops where a reduction per tensor is needed (the
 * numbers are those of the per-tensor path), and with ONE op for an elementwise update when its
 * gradients are consecutive views of one buffer (as the multi-tensor optimizer step lays them
 * out, see {@link #flat()}).
 *
 * <pre>{@code
 * for (GradGroups g : GradGroups.of(model.parameters(), null)) {
 *     g.mul_(factor);            // one op if the gradients share a flat buffer, else one per tensor
 * }
 * }</pre>
 */
public final class GradGroups {
    private final DType dtype;
    private final Device device;
    private final List<Tensor> grads;
    private final Tensor flat;

    private GradGroups(List<Tensor> grads, boolean foreach) {
        this.grads = List.copyOf(grads);
        this.dtype = grads.get(0).dtype();
        this.device = grads.get(0).device();
        this.flat = foreach ? flatView(grads) : null;
    }

    /**
     * The gradients of {@code params} (parameters without one are skipped) grouped by dtype and
     * device; empty if none has a gradient.
     *
     * @param foreach PyTorch's {@code foreach} flag: {@code false} works tensor by tensor;
     *     {@code true} or {@code null} uses one op per group where the gradients share a flat
     *     buffer ({@link #flat()})
     */
    public static List<GradGroups> of(Collection<? extends Tensor> params, Boolean foreach) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                grads.add(g);
            }
        }
        List<GradGroups> out = new ArrayList<>();
        for (List<Tensor> gs : FlatBucket.byDtypeAndDevice(grads)) {
            out.add(new GradGroups(gs, foreach == null || foreach));
        }
        return out;
    }

    /** The group's dtype. */
    public DType dtype() {
        return dtype;
    }

    /** The group's device. */
    public Device device() {
        return device;
    }

    /** The gradients, in parameter order. */
    public List<Tensor> grads() {
        return grads;
    }

    /**
     * One 1-D tensor over every gradient of the group when they are contiguous, dense views of
     * one buffer laid end to end in order (so an elementwise op on it is the same as on each
     * gradient); {@code null} otherwise, and always with {@code foreach=false}.
     */
    public Tensor flat() {
        return flat;
    }

    /** Multiplies every gradient in place by {@code factor} (a number or a 0-d tensor). */
    public void mul_(Tensor factor) {
        if (flat != null) {
            flat.mul_(factor);
            return;
        }
        for (Tensor g : grads) {
            g.mul_(factor);
        }
    }

    /** Multiplies every gradient in place by {@code factor}. */
    public void mul_(double factor) {
        if (flat != null) {
            flat.mul_(factor);
            return;
        }
        for (Tensor g : grads) {
            g.mul_(factor);
        }
    }

    /** Clamps every gradient element to {@code [min, max]} in place. */
    public void clamp_(double min, double max) {
        if (flat != null) {
            flat.clamp_(min, max);
            return;
        }
        for (Tensor g : grads) {
            g.clamp_(min, max);
        }
    }

    /**
     * Each gradient's {@code normType}-norm (the per-tensor ATen op, so the numbers are the
     * per-tensor path's); for the max-norm, NaN if the gradient has a NaN.
     */
    public List<Tensor> norms(double normType) {
        List<Tensor> out = new ArrayList<>(grads.size());
        for (Tensor g : grads) {
            out.add(normType == Double.POSITIVE_INFINITY ? g.abs().max() : g.norm(normType));
        }
        return out;
    }

    private static Tensor flatView(List<Tensor> grads) {
        org.bytedeco.pytorch.Tensor first = NativeInterop.handle(grads.get(0));
        if (!first.is_view() || first.is_sparse()) {
            return null;
        }
        org.bytedeco.pytorch.Tensor base = new org.bytedeco.pytorch.Tensor(first._base());
        if (base.dim() != 1 || !base.is_contiguous()) {
            return null;
        }
        long elem = first.element_size();
        long start = first.storage_offset();
        long expected = start;
        long baseAddress = base.data_ptr().address();
        long baseOffset = base.storage_offset();
        for (Tensor g : grads) {
            org.bytedeco.pytorch.Tensor h = NativeInterop.handle(g);
            if (h.is_sparse() || !h.is_contiguous() || h.storage_offset() != expected
                    || h.data_ptr().address() != baseAddress + (expected - baseOffset) * elem) {
                return null;
            }
            expected += h.numel();
        }
        if (start < baseOffset || expected > baseOffset + base.numel()) {
            return null;
        }
        long from = start - baseOffset;
        long length = expected - start;
        return NativeInterop.wrap(base).narrow(0, from, length);
    }
}
