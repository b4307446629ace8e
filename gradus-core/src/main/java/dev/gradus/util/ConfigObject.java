package dev.gradus.util;

import java.util.Map;
import java.util.Objects;

/**
 * An object described by its Keras config (an initializer, a regularizer, a constraint): equal to
 * another of the same class with an equal config, so that a serialization round trip gives an equal
 * object, with the matching hash code and the string form {@code SimpleClassName{config}}.
 */
public abstract class ConfigObject {

    /** Keras's config of this object (its arguments, snake_case); empty by default. */
    public Map<String, Object> getConfig() {
        return Map.of();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((ConfigObject) o).getConfig().equals(getConfig());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), getConfig());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + getConfig();
    }
}
