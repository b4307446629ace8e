package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/**
 * A metric written as a function {@code (yTrue, yPred) -> per-sample values}. {@link Metrics#get}
 * wraps it in a {@link MeanMetricWrapper}, which averages the values over every update, with
 * sample weights, as Keras wraps a plain function passed in {@code metrics=[...]}.
 */
@FunctionalInterface
public interface MetricFunction {
    Tensor call(Tensor yTrue, Tensor yPred);
}
