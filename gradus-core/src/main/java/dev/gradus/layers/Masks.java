package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.WeakIdentityMap;

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
    private static final WeakIdentityMap<Tensor, Tensor> MASKS = new WeakIdentityMap<>();

    private Masks() {}

    /** The mask attached to {@code x}, or null when it has none (Keras's {@code get_keras_mask}). */
    public static Tensor get(Tensor x) {
        return MASKS.get(x);
    }

    /** Attaches {@code mask} to {@code x}; null removes it (Keras's {@code set_keras_mask}). Returns {@code x}. */
    public static Tensor set(Tensor x, Tensor mask) {
        if (x == null) throw new IllegalArgumentException("Masks.set: the tensor must not be null");
        MASKS.put(x, mask);
        return x;
    }
}
