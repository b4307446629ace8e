package dev.gradus.autodiff;

import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Lets an optimizer write a training step's update into the weights' own storage instead of
 * copying every weight first (design notes, "copy-on-write"). A weight that nobody held when the step
 * began is read during the step only by the step itself: once its gradient exists, no tensor the
 * user can still see views its storage, unless the step keeps one ({@link #keep}, e.g. the outputs)
 * or a tape that can still differentiate recorded it. Every step path gets this: the default
 * {@code trainStep}, a user's {@code trainStep} that calls {@code applyGradients}, and
 * {@code Optimizer.minimize}.
 */
public final class InPlaceUpdates {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private record Scope(Set<Variable> unshared, List<Tensor> kept) {}

    private InPlaceUpdates() {}

    /**
     * Runs one step: each of {@code variables} not handed out now may be updated in place by an
     * optimizer later in {@code body}. Nested calls join the outer step.
     */
    public static <T> T step(List<Variable> variables, Supplier<T> body) {
        if (variables == null) throw new IllegalArgumentException("InPlaceUpdates.step: variables must not be null");
        if (CURRENT.get() != null) return body.get();
        Set<Variable> unshared = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Variable v : variables) if (v != null && !v.storageHandedOut()) unshared.add(v);
        CURRENT.set(new Scope(unshared, new ArrayList<>()));
        try {
            return body.get();
        } finally {
            CURRENT.remove();
        }
    }

    /** True while a step runs on this thread. */
    public static boolean inStep() {
        return CURRENT.get() != null;
    }

    /** Tensors the step keeps past its update (its outputs): a weight whose storage one of them views is copied, not overwritten. */
    public static void keep(List<Tensor> tensors) {
        Scope s = CURRENT.get();
        if (s != null && tensors != null) s.kept.addAll(tensors);
    }

    /**
     * Called by an optimizer before it writes {@code variables}: releases the step's reads of each one
     * that was not handed out when the step began, unless {@code gradients}, a kept tensor or a live
     * tape still views its storage.
     */
    public static void beforeUpdate(List<Variable> variables, List<Tensor> gradients) {
        Scope s = CURRENT.get();
        if (s == null || s.unshared.isEmpty()) return;
        List<Tensor> kept = new ArrayList<>(s.kept.size() + gradients.size());
        kept.addAll(s.kept);
        kept.addAll(gradients);
        for (Variable v : variables) {
            if (!s.unshared.remove(v) || GradientTape.mayStillRead(v)) continue;
            v.releaseReads(kept);
        }
    }
}
