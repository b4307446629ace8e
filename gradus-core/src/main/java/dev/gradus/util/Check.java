package dev.gradus.util;

import java.util.Arrays;
import java.util.Objects;

/**
 * Argument checks for public entry points. Each names the argument, what was expected and what
 * was received, and returns the value so that a setter can check and assign in one line.
 */
public final class Check {
    private Check() {}

    public static <T> T notNull(String name, T value) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
        return value;
    }

    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        return value;
    }

    /** value > 0 */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value))
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        return value;
    }

    /** value >= 0 */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value))
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        return value;
    }

    /** lo <= value <= hi */
    public static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi))
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        return value;
    }

    /** lo <= value < hi */
    public static double inHalfOpenRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value < hi))
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "), got " + value);
        return value;
    }

    /** value >= min */
    public static int atLeast(String name, int value, int min) {
        if (value < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        return value;
    }

    /** value >= min */
    public static long atLeast(String name, long value, long min) {
        if (value < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        return value;
    }

    /** One of a fixed set of strings (Keras's string-valued options such as reduction or curve). */
    public static String oneOf(String name, String value, String... allowed) {
        for (String a : allowed) if (a.equals(value)) return value;
        throw new IllegalArgumentException(name + " must be one of " + Arrays.toString(allowed)
                + ", got " + (value == null ? "null" : "'" + value + "'"));
    }

    /** Fails unless the condition holds; the message should say what was expected and received. */
    public static void argument(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(Objects.requireNonNull(message));
    }
}
