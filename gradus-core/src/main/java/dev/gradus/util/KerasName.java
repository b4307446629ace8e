package dev.gradus.util;

import java.util.Locale;

/**
 * An enum for a closed set of Keras strings ({@code Padding.SAME} for {@code "same"}): its constants
 * are Keras's strings in upper case, so {@link #keras()} gives the string back. Setters take either.
 */
public interface KerasName {
    /** The string Keras uses for this constant (and that the string setters accept). */
    default String keras() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }
}
