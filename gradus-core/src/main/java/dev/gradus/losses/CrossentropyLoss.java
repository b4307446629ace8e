package dev.gradus.losses;

import dev.gradus.util.KerasArgs;

/**
 * The arguments shared by the crossentropy losses ({@link BinaryCrossentropy},
 * {@link CategoricalCrossentropy} and their focal variants): {@code from_logits},
 * {@code label_smoothing} and {@code axis}, with their setters, getters and config. A subclass
 * writes its formula in {@link #values} and adds its own arguments after these in the config.
 */
abstract class CrossentropyLoss<L extends CrossentropyLoss<L>> extends FluentLoss<L> {
    /** The three arguments every crossentropy has, declared once for all of them. */
    @SuppressWarnings("rawtypes")
    static final KerasArgs<CrossentropyLoss> ARGS = KerasArgs.shared(CrossentropyLoss.class)
            .bool("from_logits", CrossentropyLoss::fromLogits, CrossentropyLoss::fromLogits)
            .real("label_smoothing", CrossentropyLoss::labelSmoothing, CrossentropyLoss::labelSmoothing)
            .integer("axis", CrossentropyLoss::axis, CrossentropyLoss::axis);

    boolean fromLogits;
    double labelSmoothing;
    int axis = -1;

    CrossentropyLoss(String name) {
        super(name);
    }


    /** True when the model outputs logits rather than probabilities. */
    public L fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return self();
    }

    /**
     * In [0, 1]: targets move towards uniform, {@code t -> t (1 - ls) + ls / 2} for binary targets,
     * {@code t -> t (1 - ls) + ls / num_classes} for categorical ones.
     */
    public L labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = LossSupport.labelSmoothing(labelSmoothing);
        return self();
    }

    public L axis(int axis) {
        this.axis = axis;
        return self();
    }

    public boolean fromLogits() { return fromLogits; }
    public double labelSmoothing() { return labelSmoothing; }
    public int axis() { return axis; }
}
