package dev.gradus.callbacks;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A typed view of a callback's {@code logs} map, so that a callback reads a metric without casts:
 * {@code Logs.of(logs).getDouble("val_loss")}. The map itself stays Keras's {@code logs} dict (metric
 * name to value, scalars as {@code Double}, per-class results as {@link Tensor}); the view does not
 * copy it, and prints as Keras's progress bar does ({@code loss: 0.2613 - accuracy: 0.9212}).
 */
public final class Logs {
    private final Map<String, Object> logs;

    private Logs(Map<String, Object> logs) {
        this.logs = logs;
    }

    /** The view of {@code logs} (a callback's argument). */
    public static Logs of(Map<String, Object> logs) {
        return new Logs(Check.notNull("logs", logs));
    }

    /** Whether the logs hold {@code key} (e.g. {@code val_loss} only in epochs that validated). */
    public boolean has(String key) {
        return logs.containsKey(key);
    }

    /** The names in the logs, in Keras's order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(logs.keySet());
    }

    /** A scalar metric; fails naming the key and the keys there are when it is missing or not a number. */
    public double getDouble(String key) {
        Object v = logs.get(Check.notNull("key", key));
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Tensor t && t.size() == 1) return t.toFloatArray()[0];
        if (v == null) throw new IllegalArgumentException("logs: no '" + key + "'; the logs hold " + logs.keySet());
        throw new IllegalArgumentException("logs: '" + key + "' is not a scalar, got " + describe(v));
    }

    /** A scalar metric, or {@code fallback} when the logs do not hold it. */
    public double getDouble(String key, double fallback) {
        return has(key) ? getDouble(key) : fallback;
    }

    /** A metric as a tensor: per-class results (F1 with {@code average=None}), or a scalar as a rank-0 tensor. */
    public Tensor getTensor(String key) {
        Object v = logs.get(Check.notNull("key", key));
        if (v instanceof Tensor t) return t;
        if (v instanceof Number n) return Tensor.scalar(n.doubleValue());
        if (v == null) throw new IllegalArgumentException("logs: no '" + key + "'; the logs hold " + logs.keySet());
        throw new IllegalArgumentException("logs: '" + key + "' is not a metric value, got " + describe(v));
    }

    private static String describe(Object v) {
        return v instanceof Tensor t ? "a tensor of shape " + t.shape() : v.getClass().getSimpleName() + " " + v;
    }

    /** Keras's progress-bar form: {@code loss: 0.2613 - accuracy: 0.9212} (scalars only). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : logs.entrySet()) {
            if (!(e.getValue() instanceof Number n)) continue;
            if (sb.length() > 0) sb.append(" - ");
            double d = n.doubleValue();
            sb.append(e.getKey()).append(": ").append(Math.abs(d) >= 1e-3 || d == 0
                    ? String.format(Locale.ROOT, "%.4f", d) : String.format(Locale.ROOT, "%.4e", d));
        }
        return sb.toString();
    }
}
