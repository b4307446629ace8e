package dev.gradus.training;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A hand-written step compiled as {@code fit} compiles its steps with {@code jit_compile=true}: the
 * role of {@code @tf.function} (or {@code jax.jit}) in a training loop written from scratch.
 * <pre>{@code
 * CompiledFunction<Tensor> trainStep = CompiledFunction.of((x, y) -> {
 *     try (GradientTape tape = new GradientTape()) {
 *         Tensor loss = lossFn.call(y, model.apply(x, true));
 *         optimizer.applyGradients(tape.gradient(loss, model.trainableVariables()), model.trainableVariables());
 *         return loss;
 *     }
 * });
 * for (Batch b : dataset) trainStep.call(b.x(), b.y());
 * }</pre>
 * The first call with a new input signature (the shapes of the arguments) is its trace: it records
 * the buffer plan of that signature. Later calls with the signature replay it: the same kernels in
 * the same order on the recorded buffers, so the results are bit-identical to calling the function
 * eagerly, with a step's working memory allocated once. A new shape (the last, partial batch) traces
 * again, as {@code tf.function} retraces.
 *
 * <p>Gradus has no graph compiler: a replay runs the Java function again. So a Java side effect in
 * the function (a counter, a print) runs on every call, where {@code tf.function} runs Python side
 * effects only while tracing; code that should run once per trace, as Python code in a
 * {@code tf.function} does, checks {@link #tracing()}. The contract of compiled steps holds: a tensor
 * made inside the function must not be kept past the call except by returning it (a returned
 * {@code Tensor}, or the tensors of a returned {@code List} or {@code Map}, are copied out of the
 * plan's buffers) or by assigning it to a {@code Variable} (which copies it).
 *
 * @param <R> what the function returns (a loss tensor, a list or map of tensors, anything else)
 */
public final class CompiledFunction<R> {
    private static final ThreadLocal<Boolean> TRACING = new ThreadLocal<>();

    private final Function<List<Tensor>, R> fn;
    private final int arity;
    private final StepPlans plans = new StepPlans();
    private long calls, traces;

    private CompiledFunction(Function<List<Tensor>, R> fn, int arity) {
        this.fn = fn;
        this.arity = arity;
    }

    /** A compiled function of one tensor (a predict or test step on {@code x}). */
    public static <R> CompiledFunction<R> of(Function<Tensor, R> fn) {
        Check.notNull("fn", fn);
        return new CompiledFunction<>(args -> fn.apply(args.get(0)), 1);
    }

    /** A compiled function of two tensors: the training loop guide's {@code train_step(x, y)}. */
    public static <R> CompiledFunction<R> of(BiFunction<Tensor, Tensor, R> fn) {
        Check.notNull("fn", fn);
        return new CompiledFunction<>(args -> fn.apply(args.get(0), args.get(1)), 2);
    }

    /** A compiled function of any number of tensors (several inputs, targets and weights). */
    public static <R> CompiledFunction<R> ofList(Function<List<Tensor>, R> fn) {
        Check.notNull("fn", fn);
        return new CompiledFunction<>(fn, -1);
    }

    /** Calls a one-tensor function. */
    public R call(Tensor x) {
        return call(List.of(Check.notNull("x", x)));
    }

    /** Calls a two-tensor function. */
    public R call(Tensor x, Tensor y) {
        return call(List.of(Check.notNull("x", x), Check.notNull("y", y)));
    }

    /**
     * Calls the function: a trace for a new signature (the arguments' shapes), a replay of the
     * recorded plan otherwise. Calls are serialised (a plan belongs to one running call).
     */
    public synchronized R call(List<Tensor> args) {
        Check.notNull("args", args);
        if (arity >= 0 && args.size() != arity) throw new IllegalArgumentException("CompiledFunction: this function takes "
                + arity + " tensor argument" + (arity == 1 ? "" : "s") + ", got " + args.size());
        List<Object> signature = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) signature.add(Check.notNull("args[" + i + "]", args.get(i)).shape());
        boolean trace = plans.isNew(signature);
        Boolean outer = TRACING.get();
        TRACING.set(trace);
        try {
            R out = plans.run(signature, () -> copiedOut(fn.apply(List.copyOf(args))));
            calls++;
            if (trace) traces++;
            return out;
        } finally {
            if (outer == null) TRACING.remove();
            else TRACING.set(outer);
        }
    }

    /**
     * True while a compiled function runs its trace (the first call of a signature) on this thread:
     * code guarded by it runs once per trace, as the Python code of a {@code tf.function} does.
     */
    public static boolean tracing() {
        return Boolean.TRUE.equals(TRACING.get());
    }

    /** Calls so far. */
    public synchronized long calls() {
        return calls;
    }

    /** Traces so far: one per input signature seen (again after more than 16 signatures dropped the plans). */
    public synchronized long traces() {
        return traces;
    }

    /** Calls that replayed a recorded plan. */
    public synchronized long replays() {
        return plans.replays();
    }

    /** The result with every tensor in it copied out of the running plan's buffers. */
    @SuppressWarnings("unchecked")
    private static <R> R copiedOut(R out) {
        if (out instanceof Tensor t) return (R) StepPlans.detach(t);
        if (out instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) copy.add(o instanceof Tensor t ? StepPlans.detach(t) : o);
            return (R) copy;
        }
        if (out instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) copy.put(e.getKey(), e.getValue() instanceof Tensor t ? StepPlans.detach(t) : e.getValue());
            return (R) copy;
        }
        return out;
    }
}
