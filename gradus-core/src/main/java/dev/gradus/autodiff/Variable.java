package dev.gradus.autodiff;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Binary;
import dev.gradus.tensor.kernels.Elementwise;
import dev.gradus.tensor.kernels.StepBuffers;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A named, mutable holder of a tensor value: weights, optimizer slots, metric state. A
 * {@link Tensor} read earlier keeps its values: assignments replace the value, and in-place
 * updates ({@link #writableStorage()}) copy the storage first when a tensor over it has been handed
 * out. Reads of a trainable variable inside a {@link GradientTape} are watched automatically, as
 * Keras does.
 */
public class Variable {
    private final String name;
    private final boolean trainable;
    private final Shape shape;
    private volatile Tensor value;
    /** True when a tensor over the current storage may be held outside this variable. */
    private volatile boolean shared;
    /** Where this thread's assignments go while {@link #holdingAssignments} runs. */
    private static final ThreadLocal<Map<Variable, Tensor>> HELD = new ThreadLocal<>();

    public Variable(Tensor initial) {
        this(initial, "variable", true);
    }

    public Variable(Tensor initial, String name) {
        this(initial, name, true);
    }

    public Variable(Tensor initial, String name, boolean trainable) {
        this.value = detach(Objects.requireNonNull(initial, "Variable: initial value must not be null"));
        this.name = Objects.requireNonNull(name, "Variable: name must not be null");
        this.trainable = trainable;
        this.shape = initial.shape();
        this.shared = true; // the caller still holds the initial tensor
    }

    public String name() {
        return name;
    }

    public boolean trainable() {
        return trainable;
    }

    public Shape shape() {
        return shape;
    }

    /** The current value; inside a tape, a read that the tape can differentiate with respect to. */
    public Tensor value() {
        Tensor v = value;
        shared = true;
        GradientTape.onRead(this, v);
        return v;
    }

    /** The current value without telling any tape (the tape's own bookkeeping). */
    Tensor peek() {
        shared = true;
        return value;
    }

    /**
     * The variable's own float array, for an update written in place (optimizers, metric state).
     * If a tensor over the current storage has been handed out ({@link #value()}, a tape, an
     * {@link #assign} argument), the storage is copied once first, so that tensor keeps its
     * values; otherwise nothing is allocated. The caller must not keep the array or let it escape:
     * it is only valid until the next read or assignment.
     */
    public float[] writableStorage() {
        if (shared) {
            value = Tensor.wrap(value.toFloatArray(), shape);
            shared = false;
        }
        return value.unsafeBuffer();
    }

    /** True when a tensor over the current storage may be held outside this variable (an in-place update would copy first). */
    public boolean storageHandedOut() {
        return shared;
    }

    /**
     * The caller's guarantee that no tensor over the current storage is held any more, except those
     * in {@code kept}: the next in-place update then writes without copying. The training step calls
     * it once its tape is done, for variables that had not been handed out before the step (design
     * notes, "copy-on-write"). With a {@code kept} tensor over the storage, nothing changes.
     */
    public void releaseReads(Iterable<Tensor> kept) {
        Objects.requireNonNull(kept, "releaseReads: kept must not be null (pass an empty list)");
        float[] storage = value.unsafeBuffer();
        for (Tensor t : kept) if (t != null && t.unsafeBuffer() == storage) return;
        shared = false;
    }

    public void assign(Tensor newValue) {
        Objects.requireNonNull(newValue, "assign: value must not be null");
        if (!newValue.shape().equals(shape)) throw new IllegalArgumentException(
                "assign: variable '" + name + "' has shape " + shape + ", got a value of shape " + newValue.shape());
        Map<Variable, Tensor> held = HELD.get();
        if (held != null) {
            held.put(this, detach(newValue));
            return;
        }
        value = detach(newValue);
        shared = true; // the caller still holds newValue
    }

    /**
     * Runs {@code body} with the {@link #assign} calls it makes on this thread held back in
     * {@code held} (the last value per variable) instead of applied. A data-parallel replica runs its
     * forward pass this way: BatchNormalization's moving statistics from each replica are merged
     * (averaged in replica order) once all replicas are done, rather than raced over.
     */
    public static <T> T holdingAssignments(Map<Variable, Tensor> held, Supplier<T> body) {
        Objects.requireNonNull(held, "holdingAssignments: held must not be null");
        Map<Variable, Tensor> outer = HELD.get();
        HELD.set(held);
        try {
            return body.get();
        } finally {
            if (outer == null) HELD.remove();
            else HELD.set(outer);
        }
    }

    public void assignAdd(Tensor delta) {
        value = combine("assignAdd", delta, 1);
        shared = false;
    }

    public void assignSub(Tensor delta) {
        value = combine("assignSub", delta, -1);
        shared = false;
    }

    private Tensor combine(String op, Tensor delta, float sign) {
        Objects.requireNonNull(delta, op + ": delta must not be null");
        if (!delta.shape().broadcastsTo(shape)) throw new IllegalArgumentException(
                op + ": variable '" + name + "' has shape " + shape + ", delta of shape " + delta.shape() + " does not broadcast to it");
        return detach(Tensor.wrap(Elementwise.binary(sign > 0 ? Binary.ADD : Binary.SUB, value.unsafeBuffer(), shape.dims(),
                delta.unsafeBuffer(), delta.shape().dims(), shape.dims()), shape));
    }

    /** A variable outlives the step: a value in a compiled step's reused buffers is copied out. */
    private static Tensor detach(Tensor t) {
        float[] data = t.unsafeBuffer();
        float[] own = StepBuffers.detach(data);
        return own == data ? t : Tensor.wrap(own, t.shape());
    }

    @Override
    public String toString() {
        return "Variable(name=" + name + ", shape=" + shape + ", trainable=" + trainable + ")";
    }
}
