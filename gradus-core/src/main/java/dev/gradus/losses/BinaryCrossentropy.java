package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Crossentropy for 0/1 targets, meaned over {@code axis}. Give {@code fromLogits(true)} when the
 * model outputs logits: that path is exact for any logit, where probabilities are clipped to
 * [1e-7, 1 - 1e-7] in float32.
 */
public class BinaryCrossentropy extends Loss {
    private boolean fromLogits;
    private double labelSmoothing;
    private int axis = -1;

    public BinaryCrossentropy() {
        super("binary_crossentropy");
    }

    public BinaryCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** In [0, 1]: targets move towards 0.5, t -> t (1 - ls) + ls / 2. */
    public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = LossSupport.labelSmoothing(labelSmoothing);
        return this;
    }

    public BinaryCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    public boolean fromLogits() { return fromLogits; }
    public double labelSmoothing() { return labelSmoothing; }
    public int axis() { return axis; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.binaryCrossentropy(a[0], a[1], fromLogits, labelSmoothing, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "from_logits", fromLogits, "label_smoothing", labelSmoothing, "axis", axis);
    }

    public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("BinaryCrossentropy", config);
        BinaryCrossentropy loss = new BinaryCrossentropy().fromLogits(r.getBoolean("from_logits", false))
                .labelSmoothing(r.getDouble("label_smoothing", 0.0)).axis(r.getInt("axis", -1));
        return fromBaseConfig(loss, config, r);
    }
}
