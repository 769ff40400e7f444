package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint tree of a fit (Lightning's {@code .ckpt} layout): {@code state_dict},
 * {@code optimizer_states}, {@code lr_schedulers}, loop counters, {@code rng_state}, callback
 * states, and what callbacks add in {@code onSaveCheckpoint} (e.g. {@code ema_state_dict}). Building reads live tensors; the store writes them
 * before training continues.
 */
final class CheckpointState {
    static final String FORMAT_KEY = "trainkit_checkpoint";

    private CheckpointState() {
    }

    static Map<String, Object> build(Module model, Optimizer opt, List<LRScheduler> schedulers,
            List<Callback> callbacks, int epoch, int batchInEpoch, long globalStep, double epochLossSum,
            double epochLossCount, Long seed, Map<String, Object> config) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(FORMAT_KEY, 1);
        c.put("epoch", epoch);
        c.put("batch_in_epoch", batchInEpoch);
        c.put("global_step", globalStep);
        c.put("epoch_loss_sum", epochLossSum);
        c.put("epoch_loss_count", epochLossCount);
        c.put("seed", seed);
        c.put("state_dict", model.stateDict());
        c.put("optimizer_states", List.of(opt.stateDict()));
        c.put("lr_schedulers", schedulers.stream().map(LRScheduler::stateDict).toList());
        c.put("rng_state", RngState.get());
        Map<String, Object> cb = new LinkedHashMap<>();
        for (Callback k : callbacks) {
            Map<String, Object> s = k.stateDict();
            if (!s.isEmpty()) {
                cb.put(k.stateKey(), s);
            }
        }
        c.put("callbacks", cb);
        c.put("hyper_parameters", config);
        return c;
    }

    /** The model weights of a checkpoint tree. */
    static Map<String, Tensor> stateDict(Map<String, ?> ckpt, String where) {
        Object sd = ckpt.containsKey(FORMAT_KEY) ? ckpt.get("state_dict") : ckpt;
        if (!(sd instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": no 'state_dict' in the checkpoint");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v instanceof Tensor t) {
                out.put(String.valueOf(k), t);
            }
        });
        return out;
    }

    /** Restores everything but the loop counters, which the caller reads from the tree. */
    @SuppressWarnings("unchecked")
    static void restore(Map<String, Object> ckpt, String where, Module model, Optimizer opt,
            List<LRScheduler> schedulers, List<Callback> callbacks) {
        if (!ckpt.containsKey(FORMAT_KEY)) {
            throw new IllegalArgumentException(where + " is a weights file, not a training checkpoint (no '"
                    + FORMAT_KEY + "' key); load it as weights instead of resuming");
        }
        model.loadStateDict(stateDict(ckpt, where), true);
        List<Object> opts = (List<Object>) ckpt.get("optimizer_states");
        opt.loadStateDict((Map<String, ?>) opts.get(0));
        List<Object> sch = (List<Object>) ckpt.get("lr_schedulers");
        if (sch.size() != schedulers.size()) {
            throw new IllegalArgumentException(where + ": the checkpoint has " + sch.size()
                    + " schedulers, the trainer " + schedulers.size());
        }
        for (int i = 0; i < sch.size(); i++) {
            schedulers.get(i).loadStateDict((Map<String, ?>) sch.get(i));
        }
        if (ckpt.get(ModelEmaCallback.CHECKPOINT_KEY) != null
                && callbacks.stream().noneMatch(k -> k instanceof ModelEmaCallback)) {
            throw new IllegalArgumentException(where + ": EMA in the checkpoint but disabled in the trainer");
        }
        Map<String, Object> cb = (Map<String, Object>) ckpt.getOrDefault("callbacks", Map.of());
        for (Callback k : callbacks) {
            Object s = cb.get(k.stateKey());
            if (s instanceof Map<?, ?> m) {
                k.loadStateDict((Map<String, ?>) m);
            }
        }
        RngState.set((Tensor) ckpt.get("rng_state"));
    }

    /** {@code o} as a string-keyed map, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, ?>) m : null;
    }

    static int getInt(Map<String, ?> ckpt, String key) {
        return ((Number) ckpt.get(key)).intValue();
    }
}
