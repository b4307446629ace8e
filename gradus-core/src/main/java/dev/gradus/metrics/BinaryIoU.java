package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * {@link IoU} for a binary task on scores: {@code yPred >= threshold} (note: at or above, unlike
 * Precision's strict {@code >}) is class 1. Target classes default to both, {@code [0, 1]}.
 */
public class BinaryIoU extends IoUBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<BinaryIoU> ARGS = KerasArgs.constructed(BinaryIoU.class, r -> new BinaryIoU(r.getIntArray("target_class_ids", new int[] {0, 1})))
            .constructorArg("target_class_ids", BinaryIoU::targetClassIds)
            .real("threshold", BinaryIoU::threshold, BinaryIoU::threshold);

    private double threshold = 0.5;

    public BinaryIoU() {
        this(0, 1);
    }

    public BinaryIoU(int... targetClassIds) {
        super(2, targetClassIds, true, true);
    }

    /** Scores at or above it are class 1. Default 0.5. */
    public BinaryIoU threshold(double threshold) {
        this.threshold = Check.finite("BinaryIoU: threshold", threshold);
        return this;
    }

    public double threshold() {
        return threshold;
    }

    /** {@code "int32"} (Keras's default: weights truncated to integers) or {@code "float32"}. */
    public BinaryIoU dtype(String dtype) {
        setDtype(dtype);
        return this;
    }

    @Override
    Tensor predictedIds(Tensor yPred) {
        return Ops.greaterEqual(yPred, Tensor.scalar(threshold));
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public BinaryIoU name(String name) {
        super.name(name);
        return this;
    }
}
