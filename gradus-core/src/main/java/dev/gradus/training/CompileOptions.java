package dev.gradus.training;

import dev.gradus.util.Check;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code compile} arguments. Each of optimizer, loss and metrics may be a string, a config
 * map {@code {"class_name", "config"}}, an object or a lambda ({@code LossFunction},
 * {@code MetricFunction}); loss and metrics may also be a list in output order or a map keyed by
 * output name, and {@code lossWeights} a number, a list or a map.
 */
public final class CompileOptions {
    private Object optimizer = "rmsprop";
    private Object loss;
    private Object lossWeights;
    private Object metrics;
    private Object weightedMetrics;
    private Object jitCompile = "auto";

    /** The optimizer; Keras's default is {@code "rmsprop"}. */
    public CompileOptions optimizer(Object optimizer) {
        this.optimizer = Check.notNull("optimizer", optimizer);
        return this;
    }

    /** A loss written as a lambda: {@code loss((yTrue, yPred) -> ...)} needs no cast. */
    public CompileOptions loss(dev.gradus.losses.LossFunction loss) {
        return loss((Object) Check.notNull("loss", loss));
    }

    public CompileOptions loss(Object loss) {
        this.loss = loss;
        return this;
    }

    public CompileOptions lossWeights(Object lossWeights) {
        if (lossWeights != null && !(lossWeights instanceof Number || lossWeights instanceof List || lossWeights instanceof Map))
            throw new IllegalArgumentException("loss_weights must be a number, a list or a map by output name, got "
                    + lossWeights.getClass().getSimpleName());
        this.lossWeights = lossWeights;
        return this;
    }

    public CompileOptions metrics(Object... metrics) {
        this.metrics = metrics.length == 1 && (metrics[0] instanceof List || metrics[0] instanceof Map && !((Map<?, ?>) metrics[0]).containsKey("class_name"))
                ? metrics[0] : List.of(metrics);
        return this;
    }

    public CompileOptions weightedMetrics(Object... metrics) {
        this.weightedMetrics = metrics.length == 1 && (metrics[0] instanceof List || metrics[0] instanceof Map && !((Map<?, ?>) metrics[0]).containsKey("class_name"))
                ? metrics[0] : List.of(metrics);
        return this;
    }

    /**
     * Keras's {@code jit_compile}: {@code true} runs train and test steps as compiled steps (the
     * first step of each batch shape records its buffer plan, later ones reuse it; the same numbers
     * as eager), {@code false} or {@code "auto"} (Keras's default, eager here) run them eagerly.
     */
    public CompileOptions jitCompile(Object jitCompile) {
        if (!(jitCompile instanceof Boolean || "auto".equals(jitCompile))) throw new IllegalArgumentException(
                "jit_compile: expected true, false or \"auto\", got " + (jitCompile == null ? "null" : "'" + jitCompile + "'"));
        this.jitCompile = jitCompile;
        return this;
    }

    public Object jitCompile() {
        return jitCompile;
    }

    /** Whether steps run compiled: only when {@code jit_compile} is {@code true}. */
    public boolean compiledSteps() {
        return Boolean.TRUE.equals(jitCompile);
    }

    public Object optimizer() {
        return optimizer;
    }

    public Object loss() {
        return loss;
    }

    public Object lossWeights() {
        return lossWeights;
    }

    public Object metrics() {
        return metrics;
    }

    public Object weightedMetrics() {
        return weightedMetrics;
    }
}
