package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * 1 - Dice coefficient, for segmentation. With the default {@code axis} (null) the sums run over
 * every element, giving one number for the whole batch; {@code axis(1, 2, 3)} gives one per image.
 */
public class Dice extends FluentLoss<Dice> {
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

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axisConfig(axis));
    }

    public static Dice fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Dice", config);
        return fromBaseConfig(new Dice().axis(axisFromConfig(r.getInts("axis"))), config, r);
    }

    static List<Integer> axisConfig(int[] axis) {
        return axis == null ? null : java.util.Arrays.stream(axis).boxed().toList();
    }

    static int[] axisFromConfig(List<Integer> axis) {
        return axis == null ? null : axis.stream().mapToInt(Integer::intValue).toArray();
    }
}
