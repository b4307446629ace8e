package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * The Keras mask attached to a tensor, as Keras's {@code backend.get_keras_mask} /
 * {@code set_keras_mask}: a 0/1 tensor (1 = a valid entry) over the leading axes of the tensor, such
 * as {@code (batch, timesteps)} for a {@code (batch, timesteps, features)} sequence.
 *
 * <p>Why a side table: a {@link Tensor} is an immutable value with no slot for it, and Keras's JAX
 * backend does the same (a dictionary keyed by the array's identity, cleared when the array dies).
 * The table holds its tensors weakly and by identity (two equal tensors are different keys), so a
 * mask lives exactly as long as the tensor it describes. Layers attach masks when they are called
 * ({@link Layer#computeMask}); the training step reads the mask of each model output to weight the
 * loss and the metrics. It is shared by all threads: data-parallel replicas work on different tensors.
 */
public final class Masks {
    private static final Map<Key, Tensor> MASKS = new HashMap<>();
    private static final ReferenceQueue<Tensor> DEAD = new ReferenceQueue<>();
    /** The table's size, readable without the lock: the mask-free common case costs one volatile read per layer input. */
    private static volatile int size;

    private Masks() {}

    /** The mask attached to {@code x}, or null when it has none (Keras's {@code get_keras_mask}). */
    public static Tensor get(Tensor x) {
        if (x == null || size == 0) return null;
        synchronized (MASKS) {
            expunge();
            return MASKS.get(new Key(x, null));
        }
    }

    /** Attaches {@code mask} to {@code x}; null removes it (Keras's {@code set_keras_mask}). Returns {@code x}. */
    public static Tensor set(Tensor x, Tensor mask) {
        if (x == null) throw new IllegalArgumentException("Masks.set: the tensor must not be null");
        synchronized (MASKS) {
            expunge();
            if (mask == null) MASKS.remove(new Key(x, null));
            else MASKS.put(new Key(x, DEAD), mask);
            size = MASKS.size();
        }
        return x;
    }

    private static void expunge() {
        for (Reference<? extends Tensor> r; (r = DEAD.poll()) != null; ) MASKS.remove(r);
        size = MASKS.size();
    }

    /** A weak reference compared by the identity of its referent. */
    private static final class Key extends WeakReference<Tensor> {
        private final int hash;

        Key(Tensor t, ReferenceQueue<Tensor> queue) {
            super(t, queue);
            hash = System.identityHashCode(t);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) return true;
            if (!(o instanceof Key k) || k.hash != hash) return false;
            Tensor t = get();
            return t != null && t == k.get();
        }
    }
}
