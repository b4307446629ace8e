package dev.gradus.training;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.StepBuffers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Buffer plans by signature: what {@code jit_compile} steps ({@link CompiledStepRunner}) and a
 * user's compiled function ({@link CompiledFunction}) share. The first run of a signature records
 * its plan (the trace), later runs replay it (the same kernels in the same order on the recorded
 * buffers, so the same bits as eager); a value that outlives the run is copied out with
 * {@link #detach}.
 */
final class StepPlans {
    /** More signatures than this (shapes that keep changing) leave nothing to reuse: the plans are dropped. */
    private static final int MAX_PLANS = 16;
    private final Map<List<Object>, StepBuffers.Plan> plans = new HashMap<>();

    /** Whether {@code signature} has no plan yet, so that its next run records one (a trace). */
    boolean isNew(List<Object> signature) {
        return !plans.containsKey(signature);
    }

    /** Runs {@code step} under the plan of {@code signature}, recording it on the first run. */
    <T> T run(List<Object> signature, Supplier<T> step) {
        if (plans.size() > MAX_PLANS) plans.clear();
        StepBuffers.Plan plan = plans.computeIfAbsent(signature, k -> new StepBuffers.Plan());
        return StepBuffers.run(plan, step);
    }

    /** Runs that reused a recorded plan so far. */
    long replays() {
        long n = 0;
        for (StepBuffers.Plan p : plans.values()) n += p.replays();
        return n;
    }

    /** {@code t} itself, or a copy when its storage is a buffer of the running plan (reused by the next run). */
    static Tensor detach(Tensor t) {
        float[] data = t.unsafeBuffer();
        float[] kept = StepBuffers.detach(data);
        return kept == data ? t : Tensor.wrap(kept, t.shape());
    }
}
