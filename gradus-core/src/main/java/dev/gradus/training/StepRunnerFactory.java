package dev.gradus.training;

import dev.gradus.models.Model;

/**
 * A distribution that runs the steps itself, outside this JVM's replicas (a cluster's): {@code fit},
 * {@code evaluate} and {@code predict} ask it for their {@link StepRunner} instead of splitting over
 * local replicas. The loops, callbacks and logs stay as they are; only where a step's arithmetic runs
 * changes. {@link ShardSteps} holds the two halves of a step such a runner sends and finishes.
 */
public interface StepRunnerFactory {
    /**
     * The runner for one call on {@code model}: {@code compiled} is the model's compiled state (null for
     * {@code predict} on a model never compiled), {@code local} the runner the call would use without
     * a distribution (for steps a model overrides).
     */
    StepRunner stepRunner(Model model, CompiledState compiled, StepRunner local);
}
