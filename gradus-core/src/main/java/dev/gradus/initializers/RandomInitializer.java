package dev.gradus.initializers;

import dev.gradus.util.Config;
import dev.gradus.util.Seeds;
import java.util.Map;

/**
 * A seeded random initializer. As in Keras, the same instance gives the same values at every call:
 * with {@code seed} set, those values are reproducible across runs; without it a seed is drawn once
 * when the initializer is made (Keras's {@code make_default_seed}) and the config records
 * {@code "seed": null}. Layers resolve string identifiers to a new instance each time, so two layers
 * built from {@code "glorot_uniform"} get different weights.
 */
public abstract class RandomInitializer extends BaseInitializer {
    private Long seed;
    private long effectiveSeed = Seeds.draw();

    /** Sets the seed; the same seed gives the same values. */
    public RandomInitializer seed(long seed) {
        this.seed = seed;
        this.effectiveSeed = seed;
        return this;
    }

    /** The seed given, or null when the initializer is unseeded. */
    public Long seed() {
        return seed;
    }

    /** The seed the values are drawn from (the given one, or the one drawn at construction). */
    protected long effectiveSeed() {
        return effectiveSeed;
    }

    /** The base config, {@code {"seed": ...}}, which Keras writes first. */
    @Override
    public Map<String, Object> getConfig() {
        return Config.of("seed", seed);
    }

    /** Reads "seed" into {@code init}; used by the subclasses' fromConfig. */
    static <T extends RandomInitializer> T readSeed(T init, Config.Reader r) {
        Object s = r.get("seed");
        if (s != null) {
            if (s instanceof Map) throw new IllegalArgumentException(
                    init.getClass().getSimpleName() + ": a SeedGenerator config as seed is not supported; give an integer seed");
            init.seed(r.getLong("seed", 0));
        }
        return init;
    }
}
