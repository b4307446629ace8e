package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Crossentropy for one-hot (or soft) targets along {@code axis}. From probabilities each row is
 * renormalised to sum 1 and clipped to [1e-7, 1 - 1e-7]; from logits a fused log-softmax is used.
 */
public class CategoricalCrossentropy extends Loss {
    private boolean fromLogits;
    private double labelSmoothing;
    private int axis = -1;

    public CategoricalCrossentropy() {
        super("categorical_crossentropy");
    }

    public CategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** In [0, 1]: t -> t (1 - ls) + ls / num_classes. */
    public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = LossSupport.labelSmoothing(labelSmoothing);
        return this;
    }

    public CategoricalCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    public boolean fromLogits() { return fromLogits; }
    public double labelSmoothing() { return labelSmoothing; }
    public int axis() { return axis; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.categoricalCrossentropy(a[0], a[1], fromLogits, labelSmoothing, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "from_logits", fromLogits, "label_smoothing", labelSmoothing, "axis", axis);
    }

    public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("CategoricalCrossentropy", config);
        CategoricalCrossentropy loss = new CategoricalCrossentropy().fromLogits(r.getBoolean("from_logits", false))
                .labelSmoothing(r.getDouble("label_smoothing", 0.0)).axis(r.getInt("axis", -1));
        return fromBaseConfig(loss, config, r);
    }
}
