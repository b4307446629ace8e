package dev.gradus.training;

import dev.gradus.util.KerasName;

/** {@code fit}'s {@code shuffle}: every pass reshuffled ({@code TRUE}, Keras's True), in order ({@code FALSE}), or within each batch ({@code BATCH}). */
public enum Shuffle implements KerasName {
    TRUE, FALSE, BATCH
}
