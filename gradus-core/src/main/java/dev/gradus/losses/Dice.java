package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

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
        return Losses.dice(a[0], a[1], axis);
    }
}
