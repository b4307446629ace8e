package dev.gradus.autodiff;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Binary;
import dev.gradus.tensor.kernels.Elementwise;
import java.util.Objects;

/**
 * A named, mutable holder of a tensor value: weights, optimizer slots, metric state. Assignments
 * replace the value; a {@link Tensor} read earlier keeps its values. Reads of a trainable variable
 * inside a {@link GradientTape} are watched automatically, as Keras does.
 */
public class Variable {
    private final String name;
    private final boolean trainable;
    private final Shape shape;
    private volatile Tensor value;

    public Variable(Tensor initial) {
        this(initial, "variable", true);
    }

    public Variable(Tensor initial, String name) {
        this(initial, name, true);
    }

    public Variable(Tensor initial, String name, boolean trainable) {
        this.value = Objects.requireNonNull(initial, "Variable: initial value must not be null");
        this.name = Objects.requireNonNull(name, "Variable: name must not be null");
        this.trainable = trainable;
        this.shape = initial.shape();
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
        GradientTape.onRead(this, v);
        return v;
    }

    /** The current value without telling any tape (for optimizers and metrics updating state). */
    Tensor peek() {
        return value;
    }

    public void assign(Tensor newValue) {
        Objects.requireNonNull(newValue, "assign: value must not be null");
        if (!newValue.shape().equals(shape)) throw new IllegalArgumentException(
                "assign: variable '" + name + "' has shape " + shape + ", got a value of shape " + newValue.shape());
        value = newValue;
    }

    public void assignAdd(Tensor delta) {
        assign(combine("assignAdd", delta, 1));
    }

    public void assignSub(Tensor delta) {
        assign(combine("assignSub", delta, -1));
    }

    private Tensor combine(String op, Tensor delta, float sign) {
        Objects.requireNonNull(delta, op + ": delta must not be null");
        if (!delta.shape().broadcastsTo(shape)) throw new IllegalArgumentException(
                op + ": variable '" + name + "' has shape " + shape + ", delta of shape " + delta.shape() + " does not broadcast to it");
        return Tensor.wrap(Elementwise.binary(sign > 0 ? Binary.ADD : Binary.SUB, value.unsafeBuffer(), shape.dims(),
                delta.unsafeBuffer(), delta.shape().dims(), shape.dims()), shape);
    }

    @Override
    public String toString() {
        return "Variable(name=" + name + ", shape=" + shape + ", trainable=" + trainable + ")";
    }
}
