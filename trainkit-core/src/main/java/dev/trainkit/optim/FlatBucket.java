package dev.trainkit.optim;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The multi-tensor ({@code foreach=True}) machinery: the parameters of one group that share a
 * dtype and device, with their optimizer state kept in ONE contiguous buffer per state key.
 * Each parameter's state entry ({@code state[p]["exp_avg"]}) is a view of its slice, shaped like
 * the parameter, so the state dict keeps PyTorch's per-parameter layout and the per-tensor path
 * updates the same memory. A step then runs the optimizer's math as a few whole-buffer ops;
 * only gathering the gradients and applying the update touch each parameter. PyTorch's
 * {@code _foreach_*} kernels are not bound by the presets, so this is the same idea built from
 * public ops.
 *
 * <p>Also kept: a gradient buffer (the gradients are copied into it each step) and a scratch
 * buffer, both with shaped views.
 */
final class FlatBucket {
    /** A flat buffer and its per-parameter views (shaped like the parameters). */
    record Flat(Tensor flat, List<Tensor> views) {
    }

    private final List<Tensor> params;
    private final long[] offsets;
    private final long numel;
    private final DType dtype;
    private final Device device;
    private final Map<String, Flat> state = new LinkedHashMap<>();
    private Flat grads;
    private Flat scratch;
    private Flat steps;

    private FlatBucket(List<Tensor> params) {
        this.params = List.copyOf(params);
        this.offsets = new long[params.size() + 1];
        for (int i = 0; i < params.size(); i++) {
            offsets[i + 1] = offsets[i] + params.get(i).numel();
        }
        this.numel = offsets[params.size()];
        this.dtype = params.get(0).dtype();
        this.device = params.get(0).device();
    }

    /** The group's parameters split by dtype and device, in first-seen order (PyTorch's grouping). */
    static List<FlatBucket> of(List<Tensor> params) {
        List<FlatBucket> out = new ArrayList<>();
        for (List<Tensor> ps : byDtypeAndDevice(params)) {
            out.add(new FlatBucket(ps));
        }
        return out;
    }

    /**
     * {@code tensors} split by dtype and device, each part in the given order and the parts in
     * first-seen order: PyTorch's {@code _group_tensors_by_device_and_dtype}.
     */
    static List<List<Tensor>> byDtypeAndDevice(Iterable<Tensor> tensors) {
        Map<String, List<Tensor>> byKind = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            byKind.computeIfAbsent(t.dtype() + "@" + t.device(), k -> new ArrayList<>()).add(t);
        }
        return new ArrayList<>(byKind.values());
    }

    List<Tensor> params() {
        return params;
    }

    /** Whether every parameter has a gradient (otherwise the group steps per tensor, skipping them). */
    boolean allHaveGrads() {
        for (Tensor p : params) {
            if (p.grad() == null) {
                return false;
            }
        }
        return true;
    }

    private Flat newFlat(DType dt, boolean scalarViews) {
        long n = scalarViews ? params.size() : numel;
        Tensor flat = TensorScope.escape(Torch.zeros(dt, n).to(device));
        List<Tensor> views = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            views.add(TensorScope.escape(scalarViews ? flat.select(0, i)
                    : flat.narrow(0, offsets[i], offsets[i + 1] - offsets[i]).view(params.get(i).shape())));
        }
        return new Flat(flat, views);
    }

    /** The gradients, copied into the gradient buffer (negated for {@code maximize}). */
    Flat gatherGrads(boolean maximize) {
        if (grads == null) {
            grads = newFlat(dtype, false);
        }
        for (int i = 0; i < params.size(); i++) {
            grads.views().get(i).copy_(params.get(i).grad());
        }
        if (maximize) {
            grads.flat().mul_(-1.0); // exact negation, as neg()
        }
        return grads;
    }

    /** The scratch buffer (contents undefined). */
    Flat scratch() {
        if (scratch == null) {
            scratch = newFlat(dtype, false);
        }
        return scratch;
    }

    /** {@link #bind} results. */
    static final int UNBOUND = -1;
    static final int BOUND = 0;
    static final int FRESH = 1;

    /**
     * Binds {@code keys} of the optimizer state (plus {@code "step"} when {@code withStep}) to flat
     * buffers and returns whether the bucket can step as one: either no parameter has state yet
     * (fresh zero buffers are bound), or every parameter has every key with the same step count
     * (state created elsewhere, e.g. by the per-tensor path or {@code loadStateDict}, is copied in
     * once and rebound). Mixed histories give {@link #UNBOUND}: the per-tensor path handles them.
     *
     * @return {@link #FRESH} (new zero state), {@link #BOUND} or {@link #UNBOUND}
     */
    int bind(Map<Tensor, Map<String, Object>> allState, List<String> keys, boolean withStep) {
        int fresh = 0;
        for (Tensor p : params) {
            Map<String, Object> st = allState.get(p);
            if (st == null || st.isEmpty()) {
                fresh++;
            } else if (!st.keySet().containsAll(keys) || (withStep && !(st.get("step") instanceof Tensor))) {
                return UNBOUND;
            }
        }
        if (fresh != 0 && fresh != params.size()) {
            return UNBOUND;
        }
        if (fresh == params.size()) {
            for (String k : keys) {
                state.put(k, newFlat(dtype, false));
            }
            if (withStep) {
                steps = newFlat(DType.FLOAT32, true);
            }
            publish(allState, keys, withStep);
            return FRESH;
        }
        boolean bound = withStep ? steps != null && sameObjects(allState, "step", steps) : true;
        for (String k : keys) {
            bound &= state.containsKey(k) && sameObjects(allState, k, state.get(k));
        }
        if (!bound) {
            if (withStep && !equalSteps(allState)) {
                return UNBOUND;
            }
            try (NoGrad ng = NoGrad.enter()) {
                for (String k : keys) {
                    Flat f = state.containsKey(k) ? state.get(k) : newFlat(dtype, false);
                    for (int i = 0; i < params.size(); i++) {
                        f.views().get(i).copy_((Tensor) allState.get(params.get(i)).get(k));
                    }
                    state.put(k, f);
                }
                if (withStep) {
                    Flat s = steps != null ? steps : newFlat(DType.FLOAT32, true);
                    s.flat().fill_(((Tensor) allState.get(params.get(0)).get("step")).item());
                    steps = s;
                }
            }
            publish(allState, keys, withStep);
        }
        return !withStep || steps.flat().min().item() == steps.flat().max().item() ? BOUND : UNBOUND;
    }

    private boolean equalSteps(Map<Tensor, Map<String, Object>> allState) {
        double first = ((Tensor) allState.get(params.get(0)).get("step")).item();
        for (Tensor p : params) {
            if (((Tensor) allState.get(p).get("step")).item() != first) {
                return false;
            }
        }
        return true;
    }

    private boolean sameObjects(Map<Tensor, Map<String, Object>> allState, String key, Flat f) {
        for (int i = 0; i < params.size(); i++) {
            Map<String, Object> st = allState.get(params.get(i));
            if (st == null || st.get(key) != f.views().get(i)) {
                return false;
            }
        }
        return true;
    }

    private void publish(Map<Tensor, Map<String, Object>> allState, List<String> keys, boolean withStep) {
        for (int i = 0; i < params.size(); i++) {
            Map<String, Object> st = allState.computeIfAbsent(params.get(i), k -> new LinkedHashMap<>());
            if (withStep) {
                st.put("step", steps.views().get(i));
            }
            for (String k : keys) {
                st.put(k, state.get(k).views().get(i));
            }
        }
    }

    /** The flat buffer bound to state key {@code key} by {@link #bind}. */
    Flat state(String key) {
        return Objects.requireNonNull(state.get(key), key);
    }

    /** Adds 1 to every step count and returns the (common) new count. */
    double incrementSteps() {
        return steps.flat().add_(1).max().item();
    }
}
