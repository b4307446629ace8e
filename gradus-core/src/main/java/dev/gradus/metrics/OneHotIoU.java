package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.util.Config;
import java.util.Map;

/** {@link IoU} for one-hot labels: {@code yTrue}'s class is its argmax over {@code axis}. */
public class OneHotIoU extends IoUBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<OneHotIoU> ARGS = KerasArgs.constructed(OneHotIoU.class, r -> new OneHotIoU(r.requiredInt("num_classes"), r.getIntArray("target_class_ids", null)))
            .constructorArg("num_classes", OneHotIoU::numClasses)
            .constructorArg("target_class_ids", OneHotIoU::targetClassIds)
            .integerOrNull("ignore_class", OneHotIoU::ignoreClass, OneHotIoU::ignoreClass)
            .bool("sparse_y_pred", OneHotIoU::sparseYPred, OneHotIoU::sparseYPred)
            .integer("axis", OneHotIoU::axis, OneHotIoU::axis);

    public OneHotIoU(int numClasses, int... targetClassIds) {
        super(numClasses, targetClassIds, false, false);
    }

    /** A class id to leave out (a "void" label). Default none. */
    public OneHotIoU ignoreClass(Integer ignoreClass) {
        setIgnoreClass(ignoreClass);
        return this;
    }

    /** true: {@code yPred} holds class ids rather than scores. Default false. */
    public OneHotIoU sparseYPred(boolean sparse) {
        setSparseYPred(sparse);
        return this;
    }

    /** The class axis. Default -1. */
    public OneHotIoU axis(int axis) {
        setAxis(axis);
        return this;
    }

    /** {@code "int32"} (Keras's default: weights truncated to integers) or {@code "float32"}. */
    public OneHotIoU dtype(String dtype) {
        setDtype(dtype);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public OneHotIoU name(String name) {
        super.name(name);
        return this;
    }
}
