package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.util.Config;
import java.util.Map;

/** {@link MeanIoU} for one-hot labels: {@code yTrue}'s class is its argmax over {@code axis}. */
public class OneHotMeanIoU extends IoUBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<OneHotMeanIoU> ARGS = KerasArgs.constructed(OneHotMeanIoU.class, r -> new OneHotMeanIoU(r.requiredInt("num_classes")))
            .constructorArg("num_classes", OneHotMeanIoU::numClasses)
            .integerOrNull("ignore_class", OneHotMeanIoU::ignoreClass, OneHotMeanIoU::ignoreClass)
            .bool("sparse_y_pred", OneHotMeanIoU::sparseYPred, OneHotMeanIoU::sparseYPred)
            .integer("axis", OneHotMeanIoU::axis, OneHotMeanIoU::axis);

    public OneHotMeanIoU(int numClasses) {
        super(numClasses, allClasses(numClasses), false, false);
    }

    /** A class id to leave out (a "void" label). Default none. */
    public OneHotMeanIoU ignoreClass(Integer ignoreClass) {
        setIgnoreClass(ignoreClass);
        return this;
    }

    /** true: {@code yPred} holds class ids rather than scores. Default false. */
    public OneHotMeanIoU sparseYPred(boolean sparse) {
        setSparseYPred(sparse);
        return this;
    }

    /** The class axis. Default -1. */
    public OneHotMeanIoU axis(int axis) {
        setAxis(axis);
        return this;
    }

    /** {@code "int32"} (Keras's default: weights truncated to integers) or {@code "float32"}. */
    public OneHotMeanIoU dtype(String dtype) {
        setDtype(dtype);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public OneHotMeanIoU name(String name) {
        super.name(name);
        return this;
    }
}
