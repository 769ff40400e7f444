package dev.trainkit.tensor;

import java.util.ArrayDeque;
import java.util.Deque;
import org.bytedeco.javacpp.PointerScope;

/**
 * Deterministic release of native memory: every tensor created on this thread while the scope
 * is open is released when it closes, except those {@linkplain #keep kept}.
 *
 * <p>The rule of the library (docs/ARCHITECTURE.md): one scope per training or evaluation step;
 * parameters, buffers and optimizer state live outside it (they are created outside, and
 * in-place updates of them inside a scope do not move them into it); only primitives, or tensors
 * explicitly kept, escape.
 *
 * <pre>{@code
 * for (int step = 0; step < n; step++) {
 *     try (TensorScope scope = TensorScope.open()) {
 *         Tensor loss = F.mseLoss(model.forward(x), y);
 *         loss.backward();
 *         optimizer.step();
 *         lossValue = loss.item();            // a primitive escapes
 *     }                                       // every temporary is freed here
 * }
 * }</pre>
 *
 * <p>Scopes nest; {@link #keep} moves a tensor to the enclosing scope (or, at the outermost
 * level, hands it to the garbage collector). Using a tensor after its scope closed raises an
 * {@link IllegalStateException}; it never crashes the JVM. Scopes are per thread and must be
 * closed on the thread that opened them, in reverse order of opening.
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<Deque<TensorScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final PointerScope pointerScope;
    private final Thread owner;
    private boolean closed;

    private TensorScope() {
        Natives.ensureLoaded();
        this.pointerScope = new PointerScope();
        this.owner = Thread.currentThread();
        STACK.get().push(this);
    }

    /** Opens a scope on the current thread. */
    public static TensorScope open() {
        return new TensorScope();
    }

    /** The innermost open scope of the current thread, or {@code null}. */
    static TensorScope current() {
        return STACK.get().peek();
    }

    /**
     * Keeps {@code t} alive past this scope: it moves to the enclosing scope if there is one,
     * else it is released by the garbage collector when unreachable. A tensor that no scope owns
     * (created outside every scope, or {@linkplain #escape escaped}) is left as it is.
     *
     * @return {@code t}, for chaining
     */
    public <T extends Tensor> T keep(T t) {
        checkOpen();
        org.bytedeco.pytorch.Tensor h = t.handle();
        if (t.ownedByCollector()) {
            // it outlives this scope anyway; moving it would hand it to a scope, or free it at once
            return t;
        }
        // detach() releases the scope's reference (freeing at zero): hold one across the move
        h.retainReference();
        pointerScope.detach(h);
        Deque<TensorScope> stack = STACK.get();
        TensorScope outer = null;
        boolean seenSelf = false;
        for (TensorScope s : stack) {
            if (seenSelf) {
                outer = s;
                break;
            }
            seenSelf = s == this;
        }
        if (outer != null) {
            outer.pointerScope.attach(h);
            h.releaseReference();
        }
        return t;
    }

    /**
     * A handle on {@code t}'s storage (same values, same autograd identity) owned by the garbage
     * collector, whatever scopes are open: for state that outlives training steps, such as module
     * buffers, optimizer state, EMA shadows or gradient buckets (docs/ARCHITECTURE.md). Returns {@code t}
     * itself if it already is such a handle.
     */
    public static Tensor escape(Tensor t) {
        return t instanceof GcOwnedTensor ? t : new GcOwnedTensor(t);
    }

    /** Releases every tensor created in this scope and not kept. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("TensorScope: must be closed on the thread that opened it ("
                    + owner.getName() + "), not " + Thread.currentThread().getName());
        }
        Deque<TensorScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("TensorScope: scopes must close in reverse order of opening;"
                    + " an inner scope is still open");
        }
        stack.pop();
        closed = true;
        pointerScope.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TensorScope: already closed");
        }
    }
}
