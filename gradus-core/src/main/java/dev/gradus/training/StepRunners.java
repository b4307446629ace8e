package dev.gradus.training;

import dev.gradus.distribution.DataParallel;
import dev.gradus.distribution.Distribution;
import dev.gradus.models.Model;
import dev.gradus.util.Check;

/** Picks the {@link StepRunner} for a call: the call's distribution, else {@link Distribution#get()}, else one JVM thread of control. */
public final class StepRunners {
    private StepRunners() {}

    /**
     * The runner for {@code model}: {@code compiled} may be null for {@code predict} on a model that was
     * never compiled (only {@link StepRunner#predictStep} is used then).
     */
    public static StepRunner create(Model model, CompiledState compiled, Distribution distribution) {
        Check.notNull("model", model);
        Distribution d = distribution != null ? distribution : Distribution.get();
        StepRunner local = compiled != null ? compiled.localRunner() : new EagerStepRunner(model, null);
        if (d == null) return local;
        if (d instanceof DataParallel dp) return new ReplicatedStepRunner(model, compiled, dp, local);
        if (d instanceof StepRunnerFactory f) return Check.notNull("the distribution's step runner", f.stepRunner(model, compiled, local));
        throw new IllegalArgumentException("distribution: expected a DataParallel or a distribution that runs its own steps "
                + "(a StepRunnerFactory), got " + d.getClass().getName());
    }
}
