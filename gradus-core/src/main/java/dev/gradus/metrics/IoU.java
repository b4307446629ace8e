package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Intersection-over-union for the given target classes, from integer class ids (or, with
 * {@code sparseYTrue(false)} / {@code sparseYPred(false)}, scores whose argmax over {@code axis} is
 * the class). With one target class it is that class's IoU.
 */
public class IoU extends IoUBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<IoU> ARGS = KerasArgs.constructed(IoU.class, r -> new IoU(r.requiredInt("num_classes"), r.getIntArray("target_class_ids", null)))
            .constructorArg("num_classes", IoU::numClasses)
            .constructorArg("target_class_ids", IoU::targetClassIds)
            .integerOrNull("ignore_class", IoU::ignoreClass, IoU::ignoreClass)
            .bool("sparse_y_true", IoU::sparseYTrue, IoU::sparseYTrue)
            .bool("sparse_y_pred", IoU::sparseYPred, IoU::sparseYPred)
            .integer("axis", IoU::axis, IoU::axis);

    public IoU(int numClasses, int... targetClassIds) {
        super(numClasses, targetClassIds, true, true);
    }

    /** A class id in {@code yTrue} to leave out (a "void" label such as -1 or 255). Default none. */
    public IoU ignoreClass(Integer ignoreClass) {
        setIgnoreClass(ignoreClass);
        return this;
    }

    /** false: {@code yTrue} holds scores, argmax over {@code axis} gives the class. Default true. */
    public IoU sparseYTrue(boolean sparse) {
        setSparseYTrue(sparse);
        return this;
    }

    /** false: {@code yPred} holds scores, argmax over {@code axis} gives the class. Default true. */
    public IoU sparseYPred(boolean sparse) {
        setSparseYPred(sparse);
        return this;
    }

    /** The class axis for the argmax of non-sparse inputs. Default -1. */
    public IoU axis(int axis) {
        setAxis(axis);
        return this;
    }

    /** {@code "int32"} (Keras's default: weights truncated to integers) or {@code "float32"}. */
    public IoU dtype(String dtype) {
        setDtype(dtype);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public IoU name(String name) {
        super.name(name);
        return this;
    }
}
