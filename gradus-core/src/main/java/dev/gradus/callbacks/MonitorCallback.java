package dev.gradus.callbacks;

import dev.gradus.metrics.Direction;
import dev.gradus.metrics.Metric;
import dev.gradus.util.Check;
import java.util.Map;

/**
 * The rules shared by the callbacks that watch one logged value (Keras's {@code MonitorCallback}):
 * EarlyStopping, ReduceLROnPlateau and ModelCheckpoint. {@code mode "auto"} minimises
 * {@code loss}/{@code val_loss} and otherwise follows the compiled metric of that name
 * ({@link Metric#direction()}); a metric without a direction needs an explicit mode.
 * {@code min_delta} is kept as its magnitude; an improvement is {@code current < best - delta}
 * (min) or {@code current > best + delta} (max). A monitor missing from the logs is warned about
 * once per callback, on standard error, and the epoch is skipped (Keras's warning, not an error).
 */
public abstract class MonitorCallback<T extends MonitorCallback<T>> extends Callback {
    private String monitor = "val_loss";
    private String mode = "auto";
    private double minDelta;
    private int verbose;
    /** Resolved at the first epoch end, when the model's metrics exist: true for "min". */
    private Boolean lowerIsBetter;
    private boolean warned;

    protected MonitorCallback(double minDelta) {
        this.minDelta = Math.abs(minDelta);
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    /** The logged value to watch (default {@code "val_loss"}). */
    public T monitor(String monitor) {
        Check.argument(monitor != null && !monitor.isEmpty(), "monitor must be a non-empty log name, got " + monitor);
        this.monitor = monitor;
        lowerIsBetter = null;
        return self();
    }

    /** {@code "auto"} (default), {@code "min"} or {@code "max"}. */
    public T mode(String mode) {
        this.mode = Check.oneOf("mode", mode, "auto", "min", "max");
        lowerIsBetter = null;
        return self();
    }

    public T mode(MonitorMode mode) {
        return mode(Check.notNull("mode", mode).keras());
    }

    /** The smallest change that counts as an improvement; its sign is ignored. */
    public T minDelta(double minDelta) {
        this.minDelta = Math.abs(Check.finite("min_delta", minDelta));
        return self();
    }

    /** 0 silent, 1 prints a line when the callback acts. */
    public T verbose(int verbose) {
        this.verbose = Check.atLeast("verbose", verbose, 0);
        return self();
    }

    public String monitor() {
        return monitor;
    }

    public String mode() {
        return mode;
    }

    public double minDelta() {
        return minDelta;
    }

    public int verbose() {
        return verbose;
    }

    /** True when lower values are better: resolved from mode, the monitor's name and the compiled metrics. */
    protected final boolean lowerIsBetter() {
        if (lowerIsBetter == null) lowerIsBetter = resolveMode();
        return lowerIsBetter;
    }

    private boolean resolveMode() {
        if (mode.equals("min")) return true;
        if (mode.equals("max")) return false;
        String name = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        Boolean lower = name.equals("loss") ? Boolean.TRUE : null;
        if (model() != null && model().compiled()) for (Metric m : model().metrics()) {
            if (!m.name().equals(name) || m.direction() == Direction.NONE) continue;
            lower = m.direction() == Direction.DOWN;
        }
        if (lower == null) throw new IllegalArgumentException(getClass().getSimpleName() + " callback received monitor="
                + monitor + ", but Gradus isn't able to automatically determine whether that metric should be maximized "
                + "or minimized. Pass mode(\"max\") in order to monitor based on the highest metric value, or pass "
                + "mode(\"min\") in order to use the lowest value.");
        return lower;
    }

    /** Keras's {@code _is_improvement}: always true against no reference. */
    protected final boolean isImprovement(double current, Double reference) {
        if (reference == null) return true;
        return lowerIsBetter() ? current + minDelta < reference : current - minDelta > reference;
    }

    /**
     * The monitored value in {@code logs}, or null when it is absent or not a number, after the
     * warning {@code missingWarning} followed by the keys available (once per callback).
     */
    protected final Double monitorValue(Map<String, Object> logs, String missingWarning) {
        Object v = logs == null ? null : logs.get(monitor);
        if (v instanceof Number n) return n.doubleValue();
        warnOnce(missingWarning + (logs == null ? "" : String.join(",", logs.keySet())));
        return null;
    }

    /** Logs a warning (SLF4J, the callback's class as logger) the first time only, as Python's warnings show a message once. */
    protected final void warnOnce(String message) {
        if (warned) return;
        warned = true;
        org.slf4j.LoggerFactory.getLogger(getClass()).warn(message);
    }
}
