package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * {@code tp / (tp + other)} at each threshold (0 where nothing was counted): Precision
 * ({@code other} = false positives) and Recall (false negatives), with Keras's {@code thresholds},
 * {@code top_k} and {@code class_id}.
 */
public abstract class ConfusionRatio extends ListedThresholdsMetric {
    /** Keras's arguments its subclasses share, declared once for all of them. */
    static final KerasArgs<ConfusionRatio> ARGS = KerasArgs.shared(ConfusionRatio.class)
            .integerOrNull("top_k", m -> m.topK, (m, k) -> {
                if (k != null) m.topK(k);
            })
            .integerOrNull("class_id", m -> m.classId, (m, id) -> {
                if (id != null) m.classId(id);
            });

    private final int other;
    private Integer topK, classId;
    private Thresholds thresholds;
    private Variable truePositives, others;

    ConfusionRatio(String name, int other) {
        super(name);
        this.other = other;
    }

    /** One threshold or several, each in [0, 1]; by default 0.5, or every kept prediction with {@link #topK}. */
    public ConfusionRatio thresholds(double... values) {
        setThresholds(values);
        return this;
    }

    /** Counts only the k largest predictions of each row as predicted (the others never are). */
    public ConfusionRatio topK(int k) {
        checkNotBuilt("top_k");
        this.topK = Check.atLeast(name() + ": top_k", k, 1);
        return this;
    }

    /** Counts only the column {@code classId} of (samples, classes) data. */
    public ConfusionRatio classId(int classId) {
        this.classId = Check.atLeast(name() + ": class_id", classId, 0);
        return this;
    }

    @Override
    protected void build() {
        thresholds = listedThresholds(topK == null ? 0.5 : ThresholdShapes.NEG_INF);
        Shape s = Shape.of(thresholds.size());
        truePositives = addVariable("true_positives", s);
        others = addVariable(other == FP ? "false_positives" : "false_negatives", s);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ensureBuilt();
        ThresholdShapes.Aligned a = ThresholdShapes.align(name(), yTrue, yPred, sampleWeight, topK, classId);
        accumulate(thresholds, a, 1, truePositives, other == FP ? others : null, null, other == FN ? others : null);
    }

    @Override
    public Tensor result() {
        ensureBuilt();
        Tensor tp = truePositives.value();
        return scalarIfOne(rate(tp, others.value()));
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }
}
