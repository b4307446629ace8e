package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import dev.gradus.util.Check;
import java.util.Map;

/**
 * Focal loss (Lin et al., 2018) for 0/1 targets: crossentropy scaled by (1 - p_t)^gamma, so that
 * easy examples count less; optionally balanced by alpha for class 1 and 1 - alpha for class 0.
 */
public class BinaryFocalCrossentropy extends CrossentropyLoss<BinaryFocalCrossentropy> {
    private boolean applyClassBalancing;
    private double alpha = 0.25;
    private double gamma = 2.0;

    public BinaryFocalCrossentropy() {
        super("binary_focal_crossentropy");
    }

    public BinaryFocalCrossentropy applyClassBalancing(boolean applyClassBalancing) {
        this.applyClassBalancing = applyClassBalancing;
        return this;
    }

    /** The weight of class 1 when balancing, in [0, 1]; class 0 gets 1 - alpha. */
    public BinaryFocalCrossentropy alpha(double alpha) {
        this.alpha = Check.inRange("alpha", alpha, 0, 1);
        return this;
    }

    /** The focusing exponent, >= 0 (0 gives plain crossentropy). */
    public BinaryFocalCrossentropy gamma(double gamma) {
        this.gamma = Losses.checkGamma(gamma);
        return this;
    }

    public boolean applyClassBalancing() { return applyClassBalancing; }
    public double alpha() { return alpha; }
    public double gamma() { return gamma; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.binaryFocalCrossentropy(a[0], a[1], applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "apply_class_balancing", applyClassBalancing, "alpha", alpha, "gamma", gamma);
    }

    public static BinaryFocalCrossentropy fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("BinaryFocalCrossentropy", config);
        BinaryFocalCrossentropy loss = new BinaryFocalCrossentropy()
                .applyClassBalancing(r.getBoolean("apply_class_balancing", false))
                .alpha(r.getDouble("alpha", 0.25)).gamma(r.getDouble("gamma", 2.0))
                .readCrossentropy(r);
        return fromBaseConfig(loss, config, r);
    }
}
