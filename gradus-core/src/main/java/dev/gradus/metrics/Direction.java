package dev.gradus.metrics;

/** Whether a larger value of a metric is better: what {@code mode="auto"} callbacks use to monitor it. */
public enum Direction {
    /** Higher is better (accuracy, AUC, precision). */
    UP,
    /** Lower is better (errors, crossentropies). */
    DOWN,
    /** No preferred direction (counts, plain means and sums); callbacks fall back on the metric's name. */
    NONE
}
