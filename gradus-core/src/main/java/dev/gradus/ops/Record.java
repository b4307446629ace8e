package dev.gradus.ops;

import dev.gradus.autodiff.Backward;
import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Tensor;

/** Attaches gradient rules to op outputs; callers build the rule only when {@link #on} says a tape listens. */
final class Record {
    private Record() {}

    /** The gradient of a one-input op given the output's gradient {@code g}. */
    @FunctionalInterface
    interface Rule1 {
        Tensor apply(Tensor g);
    }

    /** The gradients of a several-input op given the output's gradient {@code g}. */
    @FunctionalInterface
    interface RuleN {
        Tensor[] apply(Tensor g, boolean[] needed);
    }

    static boolean on() {
        return GradientTape.isRecording();
    }

    static Tensor unary(Tensor out, Tensor x, Rule1 rule) {
        GradientTape.record(new Tensor[] {x}, new Tensor[] {out}, (gs, needed) -> new Tensor[] {rule.apply(gs[0])});
        return out;
    }

    /** A rule object of its own (one that another op's rule can recognise, as {@link dev.gradus.autodiff.FusingBackward}s do). */
    static Tensor rule(Tensor out, Backward rule, Tensor... inputs) {
        GradientTape.record(inputs, new Tensor[] {out}, rule);
        return out;
    }

    static Tensor nary(Tensor out, RuleN rule, Tensor... inputs) {
        GradientTape.record(inputs, new Tensor[] {out}, (gs, needed) -> rule.apply(gs[0], needed));
        return out;
    }
}
