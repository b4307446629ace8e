package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.ClassConfusion;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The IoU metrics' shared work: a weighted {@code (numClasses, numClasses)} confusion matrix
 * (rows: true class, columns: predicted class), and from it {@code IoU = TP / (TP + FP + FN)} per
 * class, averaged over the target classes that occur (a class with an empty denominator is left out
 * of the mean).
 *
 * <p>As in Keras, the default dtype is {@code "int32"}: class ids and sample weights are truncated
 * toward zero, so fractional weights such as 0.3 count as 0; pass {@code dtype("float32")} for
 * float weights. The counts are kept in float32 variables, exact up to 2^24 per cell.
 */
public abstract class IoUBase extends Metric {
    /** Keras's arguments its subclasses share, declared once for all of them. */
    static final KerasArgs<IoUBase> ARGS = KerasArgs.shared(IoUBase.class)
            .string("dtype", IoUBase::dtype, IoUBase::setDtype);

    private final int numClasses;
    private final List<Integer> targetClassIds;
    private final Variable totalCm;
    private Integer ignoreClass = null;
    private boolean sparseYTrue;
    private boolean sparseYPred;
    private int axis = -1;
    private String dtype = "int32";

    IoUBase(int numClasses, int[] targetClassIds, boolean sparseYTrue, boolean sparseYPred) {
        super(null);
        String who = getClass().getSimpleName();
        this.numClasses = Check.atLeast(who + ": numClasses", numClasses, 1);
        Check.notNull(who + ": targetClassIds", targetClassIds);
        Check.argument(targetClassIds.length > 0, who + ": targetClassIds must name at least one class, got none");
        List<Integer> ids = new ArrayList<>(targetClassIds.length);
        for (int id : targetClassIds) {
            Check.argument(id >= 0 && id < numClasses, who + ": target class id " + id
                    + " is out of range, which is [0, " + numClasses + ")");
            ids.add(id);
        }
        this.targetClassIds = List.copyOf(ids);
        this.sparseYTrue = sparseYTrue;
        this.sparseYPred = sparseYPred;
        this.totalCm = addVariable("total_confusion_matrix", Shape.of(numClasses, numClasses));
    }

    static int[] allClasses(int numClasses) {
        int[] ids = new int[Math.max(0, numClasses)];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        return ids;
    }

    public int numClasses() {
        return numClasses;
    }

    public List<Integer> targetClassIds() {
        return targetClassIds;
    }

    public Integer ignoreClass() {
        return ignoreClass;
    }

    public boolean sparseYTrue() {
        return sparseYTrue;
    }

    public boolean sparseYPred() {
        return sparseYPred;
    }

    public int axis() {
        return axis;
    }

    public String dtype() {
        return dtype;
    }

    /** The accumulated confusion matrix. */
    public Tensor confusionMatrix() {
        return totalCm.value();
    }

    void setIgnoreClass(Integer ignoreClass) {
        this.ignoreClass = ignoreClass;
    }

    void setSparseYTrue(boolean sparse) {
        this.sparseYTrue = sparse;
    }

    void setSparseYPred(boolean sparse) {
        this.sparseYPred = sparse;
    }

    void setAxis(int axis) {
        this.axis = axis;
    }

    void setDtype(String dtype) {
        Check.notNull(getClass().getSimpleName() + ": dtype", dtype);
        if (dtype.equals("int")) dtype = "int32";
        Check.oneOf(getClass().getSimpleName() + ": dtype", dtype,
                "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                "float16", "bfloat16", "float32", "float64");
        this.dtype = dtype;
    }

    private boolean integer() {
        return dtype.startsWith("int") || dtype.startsWith("uint");
    }

    /** Class ids from {@code yPred} before the confusion matrix; {@link BinaryIoU} thresholds here. */
    Tensor predictedIds(Tensor yPred) {
        return sparseYPred ? yPred : Ops.argmax(yPred, axis);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String who = getClass().getSimpleName();
        CoreShapes.require(who, "yTrue", yTrue);
        CoreShapes.require(who, "yPred", yPred);
        Tensor t = Ops.reshape(sparseYTrue ? yTrue : Ops.argmax(yTrue, axis), -1);
        Tensor p = Ops.reshape(predictedIds(yPred), -1);
        if (t.size() != p.size()) throw new IllegalArgumentException(who + ": yTrue of shape " + yTrue.shape()
                + " and yPred of shape " + yPred.shape() + " give " + t.size() + " true and " + p.size() + " predicted class ids");
        float[] w = null;
        if (sampleWeight != null) {
            Tensor flat = sampleWeight.rank() > 1 ? Ops.reshape(sampleWeight, -1) : sampleWeight;
            w = CoreShapes.broadcastWeight(who, flat, t.shape()).unsafeBuffer();
        }
        float[] batch = ClassConfusion.matrix(t.unsafeBuffer(), p.unsafeBuffer(), w, numClasses,
                ignoreClass != null, ignoreClass == null ? 0 : ignoreClass, integer());
        totalCm.assignAdd(Tensor.wrap(batch, totalCm.shape()));
    }

    @Override
    public Tensor result() {
        Tensor cm = totalCm.value();
        Tensor truePositives = Ops.sum(Ops.mul(cm, Tensor.eye(numClasses)), 1);
        Tensor denominator = Ops.sub(Ops.add(Ops.sum(cm, 0), Ops.sum(cm, 1)), truePositives);
        float[] ids = new float[targetClassIds.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = targetClassIds.get(i);
        Tensor idx = Tensor.wrap(ids, Shape.of(ids.length));
        truePositives = Ops.take(truePositives, idx, 0);
        denominator = Ops.take(denominator, idx, 0);
        Tensor valid = Ops.sum(Ops.greater(denominator, Tensor.scalar(1e-9)));
        Tensor iou = Ops.div(truePositives, Ops.add(denominator, CoreFunctions.EPSILON));
        return Ops.div(Ops.sum(iou), Ops.add(valid, CoreFunctions.EPSILON));
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }
}
