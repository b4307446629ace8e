package dev.gradus.losses;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Categorical crossentropy with integer class labels. With {@code ignoreClass}, labels of that class
 * (e.g. -1 or 255 for "void" pixels) give 0 and are left out of the reduction: the default reduction
 * divides by the number of labels that are not ignored.
 */
public class SparseCategoricalCrossentropy extends FluentLoss<SparseCategoricalCrossentropy> {
    private boolean fromLogits;
    private Integer ignoreClass;
    private int axis = -1;

    public SparseCategoricalCrossentropy() {
        super("sparse_categorical_crossentropy");
    }

    public SparseCategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** A label to ignore, or null for none. */
    public SparseCategoricalCrossentropy ignoreClass(Integer ignoreClass) {
        this.ignoreClass = ignoreClass;
        return this;
    }

    public SparseCategoricalCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    public boolean fromLogits() { return fromLogits; }
    public Integer ignoreClass() { return ignoreClass; }
    public int axis() { return axis; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.sparseCategoricalCrossentropy(a[0], a[1], fromLogits, ignoreClass, axis);
    }

    @Override
    protected Tensor valuesMask(Tensor yTrue, Tensor yPred, Tensor values) {
        if (ignoreClass == null) return null;
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Ops.reshape(Losses.validMask(Losses.squeezeLabels(a[0], a[1]), ignoreClass), values.shape());
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "from_logits", fromLogits, "ignore_class", ignoreClass, "axis", axis);
    }

    public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("SparseCategoricalCrossentropy", config);
        SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy()
                .fromLogits(r.getBoolean("from_logits", false)).ignoreClass(r.getIntOrNull("ignore_class"))
                .axis(r.getInt("axis", -1));
        return fromBaseConfig(loss, config, r);
    }
}
