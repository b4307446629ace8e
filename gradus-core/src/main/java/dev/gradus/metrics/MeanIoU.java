package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.util.Config;
import java.util.Map;

/** Intersection-over-union averaged over every class that occurs. */
public class MeanIoU extends IoUBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanIoU> ARGS = KerasArgs.constructed(MeanIoU.class, r -> new MeanIoU(r.requiredInt("num_classes")))
            .constructorArg("num_classes", MeanIoU::numClasses)
            .integerOrNull("ignore_class", MeanIoU::ignoreClass, MeanIoU::ignoreClass)
            .bool("sparse_y_true", MeanIoU::sparseYTrue, MeanIoU::sparseYTrue)
            .bool("sparse_y_pred", MeanIoU::sparseYPred, MeanIoU::sparseYPred)
            .integer("axis", MeanIoU::axis, MeanIoU::axis);

    public MeanIoU(int numClasses) {
        super(numClasses, allClasses(numClasses), true, true);
    }

    /** A class id in {@code yTrue} to leave out (a "void" label such as -1 or 255). Default none. */
    public MeanIoU ignoreClass(Integer ignoreClass) {
        setIgnoreClass(ignoreClass);
        return this;
    }

    /** false: {@code yTrue} holds scores, argmax over {@code axis} gives the class. Default true. */
    public MeanIoU sparseYTrue(boolean sparse) {
        setSparseYTrue(sparse);
        return this;
    }

    /** false: {@code yPred} holds scores, argmax over {@code axis} gives the class. Default true. */
    public MeanIoU sparseYPred(boolean sparse) {
        setSparseYPred(sparse);
        return this;
    }

    /** The class axis for the argmax of non-sparse inputs. Default -1. */
    public MeanIoU axis(int axis) {
        setAxis(axis);
        return this;
    }

    /** {@code "int32"} (Keras's default: weights truncated to integers) or {@code "float32"}. */
    public MeanIoU dtype(String dtype) {
        setDtype(dtype);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public MeanIoU name(String name) {
        super.name(name);
        return this;
    }
}
