package dev.gradus.callbacks;

import dev.gradus.util.KerasName;

/** Whether a monitored quantity improves downwards, upwards, or as its name says ({@code mode}). */
public enum MonitorMode implements KerasName {
    AUTO, MIN, MAX
}
