package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.constraints.Constraint;
import dev.gradus.constraints.Constraints;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.ops.Ops;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's PReLU: a leaky ReLU whose slope {@code alpha} is learned, {@code relu(x) - alpha * relu(-x)}.
 * Alpha has the input's shape without the batch axis, with size 1 along {@code shared_axes} (for
 * images, {@code sharedAxes(1, 2)} gives one slope per channel).
 */
public final class PReLU extends FluentLayer<PReLU> {
    private Initializer alphaInitializer = Initializers.get("zeros");
    private Regularizer alphaRegularizer;
    private Constraint alphaConstraint;
    private int[] sharedAxes;
    private Variable alpha;

    public PReLU() {}

    public PReLU alphaInitializer(String initializer) {
        return alphaInitializerFrom(initializer);
    }

    public PReLU alphaInitializer(dev.gradus.initializers.Initializer initializer) {
        return alphaInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public PReLU alphaInitializer(java.util.Map<String, ?> initializer) {
        return alphaInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    PReLU alphaInitializerFrom(Object initializer) {
        this.alphaInitializer = Check.notNull("alpha_initializer", Initializers.get(initializer));
        return this;
    }

    public PReLU alphaRegularizer(String regularizer) {
        return alphaRegularizerFrom(regularizer);
    }

    public PReLU alphaRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return alphaRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public PReLU alphaRegularizer(java.util.Map<String, ?> regularizer) {
        return alphaRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    PReLU alphaRegularizerFrom(Object regularizer) {
        this.alphaRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public PReLU alphaConstraint(String constraint) {
        return alphaConstraintFrom(constraint);
    }

    public PReLU alphaConstraint(dev.gradus.constraints.Constraint constraint) {
        return alphaConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public PReLU alphaConstraint(java.util.Map<String, ?> constraint) {
        return alphaConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    PReLU alphaConstraintFrom(Object constraint) {
        this.alphaConstraint = Constraints.get(constraint);
        return this;
    }

    /** The input axes (1 = the first after the batch) that share one slope. */
    public PReLU sharedAxes(int... sharedAxes) {
        if (sharedAxes != null) for (int a : sharedAxes) Check.argument(a >= 1,
                "shared_axes must name axes after the batch axis (>= 1), got " + java.util.Arrays.toString(sharedAxes));
        this.sharedAxes = sharedAxes == null ? null : sharedAxes.clone();
        return this;
    }

    /** The learned slopes; null before the layer is built. */
    public Variable alpha() {
        return alpha;
    }

    @Override
    protected void build(int[] inputShape) {
        int[] shape = java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length);
        if (sharedAxes != null) for (int a : sharedAxes) {
            if (a >= inputShape.length) throw new IllegalArgumentException("layer '" + name() + "': shared_axes "
                    + LayerArgs.list(sharedAxes) + " name an axis beyond the input shape " + formatShape(inputShape));
            shape[a - 1] = 1;
        }
        for (int d : shape) if (d == NONE) throw new IllegalArgumentException("layer '" + name() + "': every axis without "
                + "shared_axes must have a known size, got input shape " + formatShape(inputShape) + " and shared_axes "
                + (sharedAxes == null ? "None" : LayerArgs.list(sharedAxes)));
        alpha = addWeight("alpha", shape, alphaInitializer, alphaRegularizer, alphaConstraint, true);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return Ops.sub(Ops.relu(inputs), Ops.mul(alpha.value(), Ops.relu(Ops.neg(inputs))));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "alpha_initializer", LayerArgs.serialize(alphaInitializer),
                "alpha_regularizer", LayerArgs.serialize(alphaRegularizer), "alpha_constraint", LayerArgs.serialize(alphaConstraint),
                "shared_axes", sharedAxes == null ? null : LayerArgs.list(sharedAxes));
    }

    public static PReLU fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("PReLU", config);
        PReLU layer = new PReLU().alphaInitializerFrom(r.has("alpha_initializer") ? r.get("alpha_initializer") : "zeros")
                .alphaRegularizerFrom(r.get("alpha_regularizer")).alphaConstraintFrom(r.get("alpha_constraint"));
        Object shared = r.get("shared_axes");
        if (shared instanceof Number n) layer.sharedAxes(n.intValue());
        else if (shared instanceof List<?>) layer.sharedAxes(LayerArgs.ints(r, "shared_axes", null));
        else if (shared != null) throw new IllegalArgumentException("PReLU config: shared_axes must be an int, a list or null, got " + shared);
        readBase(layer, r);
        r.done();
        return layer;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
