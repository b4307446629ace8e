package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * 1 - Tversky index (Salehi et al., 2017), for segmentation: alpha weighs false positives and beta
 * false negatives; alpha = beta = 0.5 is Dice. Sums over everything unless {@code axis} is given.
 */
public class Tversky extends FluentLoss<Tversky> {
    private double alpha = 0.5;
    private double beta = 0.5;
    private int[] axis;

    public Tversky() {
        super("tversky");
    }

    public Tversky alpha(double alpha) {
        this.alpha = Check.finite("alpha", alpha);
        return this;
    }

    public Tversky beta(double beta) {
        this.beta = Check.finite("beta", beta);
        return this;
    }

    /** The axes to sum over; none (or null) for all. */
    public Tversky axis(int... axis) {
        this.axis = axis == null || axis.length == 0 ? null : axis.clone();
        return this;
    }

    public double alpha() { return alpha; }
    public double beta() { return beta; }
    public int[] axis() { return axis == null ? null : axis.clone(); }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.tversky(a[0], a[1], alpha, beta, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "alpha", alpha, "beta", beta, "axis", Dice.axisConfig(axis));
    }

    public static Tversky fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Tversky", config);
        Tversky loss = new Tversky().alpha(r.getDouble("alpha", 0.5)).beta(r.getDouble("beta", 0.5))
                .axis(Dice.axisFromConfig(r.getInts("axis")));
        return fromBaseConfig(loss, config, r);
    }
}
