package dev.gradus.tensor.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The buffer plan of a compiled step ({@code compile(jit_compile=true)}). The first step run under
 * a plan records, in program order, every output buffer that the kernels of the calling thread
 * allocate; later steps with the same plan get those same arrays back in the same order instead of
 * new ones, so a step's working memory is allocated (and zeroed) once. A step that asks for a
 * buffer of another size than recorded (a different op sequence) gets fresh arrays from there on
 * and makes the plan record again on its next run.
 *
 * <p>The contract, as for Keras's compiled steps: a tensor made inside the step must not be kept
 * past it. Variables hold the exception: {@link #detach} copies a buffer of the running plan, and
 * {@code Variable} applies it to every value it is given.
 */
public final class StepBuffers {
    private static final ThreadLocal<Plan> ACTIVE = new ThreadLocal<>();

    private StepBuffers() {}

    /** One recorded sequence of buffers; run steps through {@link #run}. Not thread-safe. */
    public static final class Plan {
        private final List<float[]> buffers = new ArrayList<>();
        private final Set<float[]> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean recorded;
        private boolean diverged;
        private int cursor;
        private long replays;

        /** How many steps reused the recorded buffers (for tests and reports). */
        public long replays() {
            return replays;
        }

        /** Number of recorded buffers. */
        public int size() {
            return buffers.size();
        }

        float[] take(int n, boolean zero) {
            if (!recorded) {
                float[] b = new float[n];
                buffers.add(b);
                owned.add(b);
                return b;
            }
            if (!diverged && cursor < buffers.size() && buffers.get(cursor).length == n) {
                float[] b = buffers.get(cursor++);
                if (zero) Arrays.fill(b, 0f);
                return b;
            }
            diverged = true;
            return new float[n];
        }
    }

    /** Runs one step under {@code plan}: recording if it has no buffers yet (or diverged last time), else replaying. */
    public static <T> T run(Plan plan, Supplier<T> step) {
        if (plan == null) throw new IllegalArgumentException("plan: expected a StepBuffers.Plan, got null");
        if (ACTIVE.get() != null) return step.get(); // nested: the outer plan keeps recording
        if (plan.diverged) {
            plan.buffers.clear();
            plan.owned.clear();
            plan.recorded = false;
            plan.diverged = false;
        }
        boolean replay = plan.recorded;
        plan.cursor = 0;
        ACTIVE.set(plan);
        try {
            T out = step.get();
            if (replay && !plan.diverged) plan.replays++;
            plan.recorded = true;
            return out;
        } finally {
            ACTIVE.remove();
        }
    }

    /** An output buffer of {@code n} floats whose every element the caller writes. */
    public static float[] take(int n) {
        Plan p = ACTIVE.get();
        return p == null ? new float[n] : p.take(n, false);
    }

    /** An output buffer of {@code n} zeros, for kernels that accumulate into it. */
    public static float[] zeros(int n) {
        Plan p = ACTIVE.get();
        return p == null ? new float[n] : p.take(n, true);
    }

    /**
     * True when {@link #take} may hand back a used buffer (a plan is replaying on this thread). A
     * kernel that accumulates into its output and can clear it in parallel pieces takes it with
     * {@code take} and clears only then, instead of {@link #zeros}' one-thread fill.
     */
    public static boolean replaying() {
        Plan p = ACTIVE.get();
        return p != null && p.recorded;
    }

    /** {@code data} itself, or a copy when it is a buffer of the plan running on this thread (and so reused by the next step). */
    public static float[] detach(float[] data) {
        Plan p = ACTIVE.get();
        return p != null && p.owned.contains(data) ? data.clone() : data;
    }
}
