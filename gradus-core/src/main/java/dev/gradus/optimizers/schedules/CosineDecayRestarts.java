package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Cosine decay with warm restarts (SGDR): the first period lasts {@code first_decay_steps}, each
 * next one {@code t_mul} times longer and starting from {@code m_mul} times the previous peak.
 */
public final class CosineDecayRestarts extends AbstractLearningRateSchedule {
    private final double initialLearningRate;
    private final long firstDecaySteps;
    private double tMul = 2.0;
    private double mMul = 1.0;
    private double alpha = 0.0;

    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
        super("SGDRDecay");
        this.initialLearningRate = Check.finite("initial_learning_rate", initialLearningRate);
        this.firstDecaySteps = positiveSteps("first_decay_steps", firstDecaySteps);
    }

    public CosineDecayRestarts tMul(double tMul) {
        this.tMul = Check.positive("t_mul", tMul);
        return this;
    }

    public CosineDecayRestarts mMul(double mMul) {
        this.mMul = Check.nonNegative("m_mul", mMul);
        return this;
    }

    public CosineDecayRestarts alpha(double alpha) {
        this.alpha = Check.finite("alpha", alpha);
        return this;
    }

    @Override
    public double apply(long step) {
        checkStep("CosineDecayRestarts", step);
        double fraction = (double) step / firstDecaySteps;
        double restart;
        if (tMul == 1.0) {
            restart = Math.floor(fraction);
            fraction -= restart;
        } else {
            // periods grow geometrically: find the period by inverting the partial sum
            restart = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
            double done = (1 - Math.pow(tMul, restart)) / (1 - tMul);
            fraction = (fraction - done) / Math.pow(tMul, restart);
        }
        double cosine = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * fraction));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("initial_learning_rate", initialLearningRate, "first_decay_steps", firstDecaySteps,
                "t_mul", tMul, "m_mul", mMul, "alpha", alpha, "name", name());
    }

    public static CosineDecayRestarts fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("CosineDecayRestarts", config);
        CosineDecayRestarts s = new CosineDecayRestarts(requireDouble(r, "CosineDecayRestarts", "initial_learning_rate"),
                requireLong(r, "CosineDecayRestarts", "first_decay_steps"))
                .tMul(r.getDouble("t_mul", 2.0))
                .mMul(r.getDouble("m_mul", 1.0))
                .alpha(r.getDouble("alpha", 0.0));
        s.name(r.getString("name", "SGDRDecay"));
        r.done();
        return s;
    }
}
