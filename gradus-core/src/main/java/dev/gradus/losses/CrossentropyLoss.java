package dev.gradus.losses;

import dev.gradus.util.Config;
import java.util.Map;

/**
 * The arguments shared by the crossentropy losses ({@link BinaryCrossentropy},
 * {@link CategoricalCrossentropy} and their focal variants): {@code from_logits},
 * {@code label_smoothing} and {@code axis}, with their setters, getters and config. A subclass
 * writes its formula in {@link #values} and adds its own arguments after these in the config.
 */
abstract class CrossentropyLoss<L extends CrossentropyLoss<L>> extends FluentLoss<L> {
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

    /** The base config, then {@code from_logits}, {@code label_smoothing} and {@code axis}. */
    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "from_logits", fromLogits, "label_smoothing", labelSmoothing, "axis", axis);
    }

    /** Reads {@code from_logits}, {@code label_smoothing} and {@code axis} (Keras's defaults false, 0, -1). */
    L readCrossentropy(Config.Reader r) {
        return fromLogits(r.getBoolean("from_logits", false))
                .labelSmoothing(r.getDouble("label_smoothing", 0.0)).axis(r.getInt("axis", -1));
    }
}
