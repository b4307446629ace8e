package dev.gradus.ops;

import dev.gradus.tensor.Tensor;

/**
 * The result of {@code topK}: the largest values along the last axis and their positions (integers
 * held as floats), both of shape {@code x.shape[:-1] + (k,)}.
 */
public record TopK(Tensor values, Tensor indices) {}
