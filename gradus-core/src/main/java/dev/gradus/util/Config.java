package dev.gradus.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras configs as Java maps: snake_case keys, JSON-typed values (Boolean, Integer/Long/Double,
 * String, List, Map, null), insertion-ordered so that a serialized config reads like Keras's.
 *
 * <p>Writing: {@code Config.with(super.getConfig(), "delta", delta)}. Reading, in a
 * {@code fromConfig}: {@code Config.Reader r = Config.read("Huber", map); r.getDouble("delta", 1.0)},
 * which accepts any JSON number where a number is expected and names the key when a value has the
 * wrong type.
 */
public final class Config {
    private Config() {}

    /** A new ordered map from alternating keys and values. */
    public static Map<String, Object> of(Object... keysAndValues) {
        return with(Map.of(), keysAndValues);
    }

    /** A copy of {@code base} with the given keys added or replaced, in order. */
    public static Map<String, Object> with(Map<String, Object> base, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0)
            throw new IllegalArgumentException("Config.with: expected key/value pairs, got " + keysAndValues.length + " arguments");
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key))
                throw new IllegalArgumentException("Config.with: keys must be strings, got " + keysAndValues[i]);
            out.put(key, keysAndValues[i + 1]);
        }
        return out;
    }

    /** The Keras serialized form {@code {"class_name": ..., "config": {...}}}. */
    public static Map<String, Object> serialized(String className, Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", className);
        out.put("config", config);
        return out;
    }

    /** A float32 value as the double Keras prints in a config (0.1f → 0.1, not 0.10000000149). */
    public static double clean(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /** Starts reading {@code config} for the object called {@code what} (used in error messages). */
    public static Reader read(String what, Map<String, ?> config) {
        return new Reader(what, config == null ? Map.of() : config);
    }

    /** Typed access to one config map; remembers which keys were read so that unknown ones can be reported. */
    public static final class Reader {
        private final String what;
        private final Map<String, ?> map;
        private final Set<String> used = new LinkedHashSet<>();

        private Reader(String what, Map<String, ?> map) {
            this.what = what;
            this.map = map;
        }

        public boolean has(String key) {
            return map.containsKey(key) && map.get(key) != null;
        }

        /** Whether the key is there at all, even with Keras's {@code None} (null) as its value. */
        public boolean contains(String key) {
            return map.containsKey(key);
        }

        /** The raw value, or null. */
        public Object get(String key) {
            used.add(key);
            return map.get(key);
        }

        public double getDouble(String key, double fallback) {
            Object v = get(key);
            if (v == null) return fallback;
            if (v instanceof Number n) return n.doubleValue();
            throw wrongType(key, "a number", v);
        }

        /** A number, or null when absent (for options whose absence means something, such as clipnorm). */
        public Double getDoubleOrNull(String key) {
            Object v = get(key);
            if (v == null) return null;
            if (v instanceof Number n) return n.doubleValue();
            throw wrongType(key, "a number", v);
        }

        public int getInt(String key, int fallback) {
            Long v = getLongOrNull(key);
            if (v == null) return fallback;
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw wrongType(key, "an int", v);
            return (int) (long) v;
        }

        public Integer getIntOrNull(String key) {
            return has(key) ? getInt(key, 0) : markNull(key);
        }

        public long getLong(String key, long fallback) {
            Long v = getLongOrNull(key);
            return v == null ? fallback : v;
        }

        private Long getLongOrNull(String key) {
            Object v = get(key);
            if (v == null) return null;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)
                return ((Number) v).longValue();
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Double.isFinite(n.doubleValue()))
                return (long) n.doubleValue();
            throw wrongType(key, "an integer", v);
        }

        public boolean getBoolean(String key, boolean fallback) {
            Object v = get(key);
            if (v == null) return fallback;
            if (v instanceof Boolean b) return b;
            throw wrongType(key, "true or false", v);
        }

        public String getString(String key, String fallback) {
            Object v = get(key);
            if (v == null) return fallback;
            if (v instanceof String s) return s;
            throw wrongType(key, "a string", v);
        }

        /** A number or a list of numbers, as a list (Keras's {@code thresholds=0.5} or {@code [0.3, 0.7]}). */
        public List<Double> getDoubles(String key) {
            Object v = get(key);
            if (v == null) return null;
            if (v instanceof Number n) return List.of(n.doubleValue());
            if (v instanceof List<?> list) {
                List<Double> out = new ArrayList<>(list.size());
                for (Object o : list) {
                    if (!(o instanceof Number n)) throw wrongType(key, "a list of numbers", v);
                    out.add(n.doubleValue());
                }
                return Collections.unmodifiableList(out);
            }
            throw wrongType(key, "a number or a list of numbers", v);
        }

        /** An integer or a list of integers, as a list. */
        public List<Integer> getInts(String key) {
            List<Double> d = getDoubles(key);
            if (d == null) return null;
            List<Integer> out = new ArrayList<>(d.size());
            for (double x : d) {
                if (x != Math.rint(x)) throw wrongType(key, "integers", map.get(key));
                out.add((int) x);
            }
            return Collections.unmodifiableList(out);
        }

        /** A whole number the config must hold (Keras's required constructor arguments, such as {@code num_classes}). */
        public int requiredInt(String key) {
            if (!has(key)) throw missing(key);
            return getInt(key, 0);
        }

        /** A number the config must hold. */
        public double requiredDouble(String key) {
            if (!has(key)) throw missing(key);
            return getDouble(key, 0);
        }

        /** A list of whole numbers as an array, or {@code fallback} when absent; a null fallback makes the key required. */
        public int[] getIntArray(String key, int[] fallback) {
            List<Integer> v = getInts(key);
            if (v == null) {
                if (fallback == null) throw missing(key);
                return fallback.clone();
            }
            return v.stream().mapToInt(Integer::intValue).toArray();
        }

        private IllegalArgumentException missing(String key) {
            used.add(key);
            return new IllegalArgumentException(what + ": config key '" + key + "' is required, got keys " + map.keySet());
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> getMap(String key) {
            Object v = get(key);
            if (v == null) return null;
            if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw wrongType(key, "a config map", v);
        }

        /** Marks keys as known without reading them (Keras writes some, such as dtype, that Gradus ignores). */
        public Reader ignore(String... keys) {
            used.addAll(List.of(keys));
            return this;
        }

        /** Fails if the config has keys that were never read: a misspelled option should not pass silently. */
        public void done() {
            List<String> unknown = new ArrayList<>();
            for (String k : map.keySet()) if (!used.contains(k)) unknown.add(k);
            if (!unknown.isEmpty())
                throw new IllegalArgumentException(what + ": unknown config key" + (unknown.size() > 1 ? "s " : " ")
                        + unknown + "; known keys are " + used);
        }

        private <T> T markNull(String key) {
            used.add(key);
            return null;
        }

        private IllegalArgumentException wrongType(String key, String expected, Object got) {
            return new IllegalArgumentException(what + ": config key '" + key + "' must be " + expected + ", got "
                    + (got instanceof String ? "'" + got + "'" : got) + " (" + got.getClass().getSimpleName() + ")");
        }
    }
}
