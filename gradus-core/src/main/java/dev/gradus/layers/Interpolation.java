package dev.gradus.layers;

import dev.gradus.util.KerasName;

/** How image layers sample between pixels ({@code interpolation}). */
public enum Interpolation implements KerasName {
    BILINEAR, NEAREST
}
