package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.Registry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code keras.optimizers.schedules.get/serialize/deserialize}: a config map
 * {@code {"class_name", "config"}}, a class name (for a schedule whose arguments all have defaults),
 * or a {@link LearningRateSchedule} instance or lambda, returned as it is.
 */
public final class LearningRateSchedules {
    private static final Registry<LearningRateSchedule> REGISTRY = new Registry<>("learning rate schedule", LearningRateSchedule.class)
            .builtin("ExponentialDecay", ExponentialDecay::fromConfig)
            .builtin("PiecewiseConstantDecay", PiecewiseConstantDecay::fromConfig)
            .builtin("PolynomialDecay", PolynomialDecay::fromConfig)
            .builtin("InverseTimeDecay", InverseTimeDecay::fromConfig)
            .builtin("CosineDecay", CosineDecay::fromConfig)
            .builtin("CosineDecayRestarts", CosineDecayRestarts::fromConfig);

    private LearningRateSchedules() {}

    public static LearningRateSchedule get(Object identifier) {
        return REGISTRY.get(identifier);
    }

    /** Registers a user's schedule class under {@code name}, so that its configs can be loaded. */
    public static void register(String name, Class<? extends LearningRateSchedule> type,
                                Function<Map<String, Object>, ? extends LearningRateSchedule> fromConfig) {
        REGISTRY.register(name, type, fromConfig);
    }

    /** Keras's serialized form: {@code {"module", "class_name", "config", "registered_name"}}. */
    public static Map<String, Object> serialize(LearningRateSchedule schedule) {
        Check.notNull("schedule", schedule);
        String registered = REGISTRY.registeredName(schedule.getClass());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", registered == null ? "keras.optimizers.schedules" : null);
        out.putAll(Config.serialized(registered == null ? schedule.getClass().getSimpleName() : registered, schedule.getConfig()));
        out.put("registered_name", registered);
        return out;
    }
}
