package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Cosine decay (Loshchilov and Hutter, SGDR) from {@code initial_learning_rate}, or, with a
 * {@code warmup_target}, a linear warm-up from {@code initial_learning_rate} to the target over
 * {@code warmup_steps} and then cosine decay from the target; the floor is {@code alpha} times
 * the starting value of the decay.
 */
public final class CosineDecay extends AbstractLearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private double alpha = 0.0;
    private Double warmupTarget;
    private long warmupSteps;

    public CosineDecay(double initialLearningRate, long decaySteps) {
        super("CosineDecay");
        this.initialLearningRate = Check.finite("initial_learning_rate", initialLearningRate);
        this.decaySteps = positiveSteps("decay_steps", decaySteps);
    }

    public CosineDecay alpha(double alpha) {
        this.alpha = Check.finite("alpha", alpha);
        return this;
    }

    /** Warm up linearly to {@code target} over {@code steps}, then decay from it. */
    public CosineDecay warmup(double target, long steps) {
        this.warmupTarget = Check.finite("warmup_target", target);
        this.warmupSteps = Check.atLeast("warmup_steps", steps, 0L);
        return this;
    }

    @Override
    public double apply(long step) {
        checkStep("CosineDecay", step);
        if (warmupTarget == null) return decayed(Math.min(step, decaySteps), initialLearningRate);
        double s = Math.min(step, decaySteps + warmupSteps);
        if (s < warmupSteps) return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        return decayed(s - warmupSteps, warmupTarget);
    }

    private double decayed(double s, double from) {
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps, "alpha", alpha,
                "name", name(), "warmup_target", warmupTarget, "warmup_steps", warmupSteps);
    }

    public static CosineDecay fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("CosineDecay", config);
        CosineDecay s = new CosineDecay(requireDouble(r, "CosineDecay", "initial_learning_rate"),
                requireLong(r, "CosineDecay", "decay_steps"))
                .alpha(r.getDouble("alpha", 0.0));
        Double target = r.getDoubleOrNull("warmup_target");
        long steps = r.getLong("warmup_steps", 0);
        if (target != null) s.warmup(target, steps);
        else s.warmupSteps = Check.atLeast("warmup_steps", steps, 0L); // kept for the round trip; unused without a target, as in Keras
        s.name(r.getString("name", "CosineDecay"));
        r.done();
        return s;
    }
}
