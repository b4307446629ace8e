package dev.gradus.layers;

import dev.gradus.util.KerasName;

/** How image transforms fill points outside the input ({@code fill_mode}). */
public enum FillMode implements KerasName {
    REFLECT, WRAP, NEAREST, CONSTANT
}
