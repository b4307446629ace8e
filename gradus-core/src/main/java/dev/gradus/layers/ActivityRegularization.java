package dev.gradus.layers;

import dev.gradus.regularizers.L1L2;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's ActivityRegularization: passes its input through and adds {@code l1 * sum(|x|) + l2 * sum(x^2)}
 * of it to the model's losses (the activity regularizer {@code L1L2(l1, l2)}), to keep activations small or sparse.
 */
public final class ActivityRegularization extends ShapePreservingLayer<ActivityRegularization> {
    private final double l1;
    private final double l2;

    public ActivityRegularization(double l1, double l2) {
        this.l1 = Check.nonNegative("l1", l1);
        this.l2 = Check.nonNegative("l2", l2);
        activityRegularizer(new L1L2(l1, l2));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return inputs;
    }

    /** Keras writes {@code l1} and {@code l2}, not the regularizer they make. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.remove("activity_regularizer");
        return Config.with(config, "l1", l1, "l2", l2);
    }

    public static ActivityRegularization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("ActivityRegularization", config);
        ActivityRegularization layer = new ActivityRegularization(r.getDouble("l1", 0), r.getDouble("l2", 0));
        r.ignore("activity_regularizer");
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
