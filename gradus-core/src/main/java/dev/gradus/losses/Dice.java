package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/**
 * 1 - Dice coefficient, for segmentation. With the default {@code axis} (null) the sums run over
 * every element, giving one number for the whole batch; {@code axis(1, 2, 3)} gives one per image.
 */
public class Dice extends FluentLoss<Dice> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Dice> ARGS = KerasArgs.of(Dice.class, Dice::new)
            .ints("axis", Dice::axis, Dice::axis);

    private int[] axis;

    public Dice() {
        super("dice");
    }

    /** The axes to sum over; none (or null) for all. */
    public Dice axis(int... axis) {
        this.axis = axis == null || axis.length == 0 ? null : axis.clone();
        return this;
    }

    public int[] axis() { return axis == null ? null : axis.clone(); }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], axis);
    }

    /** 1 - 2 sum(y_true y_pred) / (sum(y_true) + sum(y_pred) + eps), summed over {@code axes} (null: all). */
    static Tensor compute(Tensor yTrue, Tensor yPred, int[] axes) {
        LossSupport.checkPair("dice", yTrue, yPred);
        Tensor intersection = sumOver(Ops.mul(yTrue, yPred), axes);
        Tensor denominator = Ops.add(Ops.add(sumOver(yTrue, axes), sumOver(yPred, axes)), EPSILON);
        return oneMinus(Ops.div(Ops.mul(intersection, 2.0), denominator));
    }

    static Tensor sumOver(Tensor x, int[] axes) {
        return axes == null ? Ops.sum(x) : Ops.sum(x, axes, false);
    }
}
