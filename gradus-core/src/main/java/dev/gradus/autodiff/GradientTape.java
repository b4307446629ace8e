package dev.gradus.autodiff;

import dev.gradus.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Records the differentiable operations of the current thread on watched tensors and variables, and
 * gives gradients by reverse accumulation, as {@code tf.GradientTape}:
 *
 * <pre>{@code
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor loss = lossFn.call(y, model.call(x, true));
 *     List<Tensor> grads = tape.gradient(loss, model.trainableVariables());
 * }
 * }</pre>
 *
 * <p>Trainable variables read inside the tape are watched automatically; tensors are watched with
 * {@link #watch(Tensor)}. A non-scalar target is summed first. A source the target does not depend
 * on gets {@code null} (Keras's None). Gradient rules are themselves recorded by any outer tape, so
 * nested tapes give second derivatives. Outside a tape nothing is recorded.
 */
public final class GradientTape implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<GradientTape>> ACTIVE = ThreadLocal.withInitial(ArrayDeque::new);
    /** Open tapes on all threads: lets the common case (no tape anywhere) skip the thread-local. */
    private static volatile int openTapes;

    /** Gradient contributions are summed with a recorded op, so that an outer tape sees the sum. */
    private static final BinaryOperator<Tensor> ADD = Tensor::add;

    private final boolean persistent;
    private final boolean watchAccessedVariables;
    private final Thread owner = Thread.currentThread();
    private final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Variable, List<Tensor>> reads = new IdentityHashMap<>();
    private final Set<Variable> watchedVariables = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<Node> nodes = new ArrayList<>();
    private boolean open = true;
    private boolean used;
    private int paused;

    private static final class Node {
        final Tensor[] inputs, outputs;
        final Backward backward;

        Node(Tensor[] inputs, Tensor[] outputs, Backward backward) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.backward = backward;
        }
    }

    /** A non-persistent tape that watches the trainable variables it sees read. */
    public GradientTape() {
        this(false, true);
    }

    public GradientTape(boolean persistent) {
        this(persistent, true);
    }

    public GradientTape(boolean persistent, boolean watchAccessedVariables) {
        this.persistent = persistent;
        this.watchAccessedVariables = watchAccessedVariables;
        ACTIVE.get().push(this);
        synchronized (GradientTape.class) {
            openTapes++;
        }
    }

    /** A tape that allows several {@link #gradient} calls. */
    public static GradientTape persistent() {
        return new GradientTape(true, true);
    }

    // ------------------------------------------------------------------ recording (for op authors)

    /** True when some tape on this thread is recording; ops skip building their gradient rule otherwise. */
    public static boolean isRecording() {
        if (openTapes == 0) return false;
        for (GradientTape t : ACTIVE.get()) if (t.paused == 0) return true;
        return false;
    }

    /**
     * Records an operation on every recording tape of this thread that tracks one of its inputs.
     * Outputs must be new tensor objects.
     */
    public static void record(Tensor[] inputs, Tensor[] outputs, Backward backward) {
        if (openTapes == 0) return;
        for (GradientTape t : ACTIVE.get()) {
            if (t.paused > 0) continue;
            for (Tensor in : inputs) {
                if (in != null && t.tracked.contains(in)) {
                    t.nodes.add(new Node(inputs, outputs, backward));
                    Collections.addAll(t.tracked, outputs);
                    break;
                }
            }
        }
    }

    /**
     * True when a tape on this thread that can still compute gradients (open, and persistent or not
     * yet used) recorded a read of {@code v}: an in-place update of {@code v} would change what it
     * differentiates, so {@link InPlaceUpdates} leaves such a variable to copy-on-write.
     */
    static boolean mayStillRead(Variable v) {
        if (openTapes == 0) return false;
        for (GradientTape t : ACTIVE.get()) if (t.open && (t.persistent || !t.used) && t.reads.containsKey(v)) return true;
        return false;
    }

    static void onRead(Variable v, Tensor value) {
        if (openTapes == 0) return;
        for (GradientTape t : ACTIVE.get()) {
            if (t.paused > 0 || !(t.watchedVariables.contains(v) || (t.watchAccessedVariables && v.trainable()))) continue;
            t.trackRead(v, value);
        }
    }

    private void trackRead(Variable v, Tensor value) {
        List<Tensor> list = reads.computeIfAbsent(v, k -> new ArrayList<>(1));
        for (Tensor t : list) if (t == value) return;
        list.add(value);
        tracked.add(value);
    }

    // ------------------------------------------------------------------ the user's side

    /** Differentiate with respect to {@code t} from now on. */
    public GradientTape watch(Tensor t) {
        checkOpen("watch");
        tracked.add(java.util.Objects.requireNonNull(t, "watch: tensor must not be null"));
        return this;
    }

    /** Differentiate with respect to {@code v}, including its current value if already read. */
    public GradientTape watch(Variable v) {
        checkOpen("watch");
        watchedVariables.add(java.util.Objects.requireNonNull(v, "watch: variable must not be null"));
        trackRead(v, v.peek());
        return this;
    }

    /** Pauses recording on this tape until the returned scope is closed, as {@code stop_recording}. */
    public AutoCloseable stopRecording() {
        paused++;
        boolean[] done = {false};
        return () -> {
            if (!done[0]) {
                done[0] = true;
                paused--;
            }
        };
    }

    public boolean isPersistent() {
        return persistent;
    }

    /** The gradient of {@code target} (summed if not scalar) with respect to {@code source}, or null. */
    public Tensor gradient(Tensor target, Tensor source) {
        return gradient(target, List.of(source)).get(0);
    }

    /** The gradient of {@code target} with respect to {@code source}, or null. */
    public Tensor gradient(Tensor target, Variable source) {
        return gradient(target, List.of(source)).get(0);
    }

    /**
     * One gradient per source ({@link Tensor}s or {@link Variable}s), each of its source's shape, or
     * null where the target does not depend on the source.
     */
    public List<Tensor> gradient(Tensor target, List<?> sources) {
        if (target == null) throw new IllegalArgumentException("gradient: target must not be null");
        if (sources == null) throw new IllegalArgumentException("gradient: sources must not be null");
        if (used && !persistent) throw new IllegalStateException(
                "gradient: a non-persistent GradientTape can compute gradients once; use new GradientTape(true) for more");
        if (Thread.currentThread() != owner) throw new IllegalStateException(
                "gradient: this tape was recorded on thread " + owner.getName() + ", not " + Thread.currentThread().getName());
        used = true;
        paused++;
        try {
            return backprop(target, sources);
        } finally {
            paused--;
            if (!persistent) release();
        }
    }

    /*
     * backprop is split into short methods on purpose: as one method it inlined into a 45 KB
     * compilation that C2 built three times (twice on-stack, for its two loops), about 0.25 s of
     * compile time in the first seconds of a small model's training; the pieces compile on their own.
     */
    private List<Tensor> backprop(Tensor target, List<?> sources) {
        // which tensors lie downstream of a source: only those need gradient rules run
        Set<Tensor> fromSource = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor[]> sourceTensors = sourceTensors(sources, fromSource);
        Set<Tensor> asked = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor[] ts : sourceTensors) Collections.addAll(asked, ts);
        boolean[] nodeNeeded = downstream(fromSource);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        if (fromSource.contains(target)) grads.put(target, Tensor.ones(target.shape()));
        Fusion fusion = null; // made at the first fusing rule
        for (int n = nodes.size() - 1; n >= 0 && !grads.isEmpty(); n--) {
            if (!nodeNeeded[n] || (fusion != null && fusion.done[n])) continue;
            Node node = nodes.get(n);
            if (node.backward instanceof FusingBackward f) {
                if (fusion == null) fusion = new Fusion(nodes);
                if (fusion.fuse(n, f, nodeNeeded, asked, fromSource, grads)) continue;
            }
            backpropNode(node, fromSource, grads);
        }
        List<Tensor> out = new ArrayList<>(sources.size());
        for (Tensor[] ts : sourceTensors) out.add(sum(ts, grads));
        return out;
    }

    /**
     * Runs a {@link FusingBackward} rule through the rule of the op that made its input, where that gives the
     * same gradients as the two rules apart: the input is the producer's only output, read by no other node, and
     * not a tensor whose gradient was asked for (its gradient is then never formed).
     */
    private static final class Fusion {
        final List<Node> nodes;
        final boolean[] done;
        final Map<Tensor, Integer> producer = new IdentityHashMap<>(), reads = new IdentityHashMap<>();

        Fusion(List<Node> nodes) {
            this.nodes = nodes;
            this.done = new boolean[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                for (Tensor out : node.outputs) producer.put(out, i);
                for (Tensor in : node.inputs) if (in != null) reads.merge(in, 1, Integer::sum);
            }
        }

        /** True when node {@code n}'s rule ran through its producer's, whose node is then done. */
        boolean fuse(int n, FusingBackward rule, boolean[] nodeNeeded, Set<Tensor> asked, Set<Tensor> fromSource,
                     Map<Tensor, Tensor> grads) {
            Node node = nodes.get(n);
            if (node.inputs.length != 1 || node.inputs[0] == null) return false;
            Tensor x = node.inputs[0];
            Integer q = producer.get(x);
            if (q == null || q >= n || !nodeNeeded[q] || done[q] || asked.contains(x) || grads.containsKey(x)
                    || reads.getOrDefault(x, 0) != 1) return false;
            Node made = nodes.get(q);
            if (made.outputs.length != 1) return false;
            Tensor[] outGrads = outputGrads(node, grads);
            if (outGrads == null) return false;
            boolean[] needed = neededInputs(made, fromSource);
            Tensor[] inGrads = rule.throughProducer(made.backward, outGrads, needed);
            if (inGrads == null) return false;
            addInputGrads(made, needed, inGrads, grads);
            done[q] = true;
            return true;
        }
    }

    /** The tensors each source stands for (a variable: every value read of it), all added to {@code fromSource}. */
    private List<Tensor[]> sourceTensors(List<?> sources, Set<Tensor> fromSource) {
        List<Tensor[]> out = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            Object s = sources.get(i);
            Tensor[] ts;
            if (s instanceof Tensor) ts = new Tensor[] {(Tensor) s};
            else if (s instanceof Variable) ts = copy(reads.getOrDefault(s, List.of()));
            else throw new IllegalArgumentException("gradient: sources[" + i + "] must be a Tensor or a Variable, got "
                    + (s == null ? "null" : s.getClass().getName()));
            out.add(ts);
            Collections.addAll(fromSource, ts);
        }
        return out;
    }

    /**
     * The list as an array, copied element by element. {@code List.toArray(new Tensor[0])} inlines
     * {@code Arrays.copyOf}'s check of the array's class, whose profile every caller of {@code ArrayList.toArray}
     * in the JVM shares: in W1 another caller's array type then invalidated C2's first compile of
     * {@link #backprop} during the second epoch (a class_check deoptimization), and C2 compiled it again, 0.3 s
     * of compiler time taken from the training threads on a 2-vCPU host.
     */
    private static Tensor[] copy(List<Tensor> list) {
        Tensor[] out = new Tensor[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }

    /** Marks the nodes with an input downstream of a source, adding their outputs to {@code fromSource}. */
    private boolean[] downstream(Set<Tensor> fromSource) {
        boolean[] needed = new boolean[nodes.size()];
        for (int n = 0; n < needed.length; n++) needed[n] = feeds(nodes.get(n), fromSource);
        return needed;
    }

    private static boolean feeds(Node node, Set<Tensor> fromSource) {
        for (Tensor in : node.inputs) {
            if (in != null && fromSource.contains(in)) {
                Collections.addAll(fromSource, node.outputs);
                return true;
            }
        }
        return false;
    }

    /** Runs one node's gradient rule if any of its outputs has a gradient, adding into its inputs' gradients. */
    private static void backpropNode(Node node, Set<Tensor> fromSource, Map<Tensor, Tensor> grads) {
        Tensor[] outGrads = outputGrads(node, grads);
        if (outGrads == null) return;
        boolean[] needed = neededInputs(node, fromSource);
        addInputGrads(node, needed, node.backward.apply(outGrads, needed), grads);
    }

    /** The gradients of the node's outputs (zeros for those without one), or null when none has one. */
    private static Tensor[] outputGrads(Node node, Map<Tensor, Tensor> grads) {
        Tensor[] outGrads = new Tensor[node.outputs.length];
        boolean any = false;
        for (int k = 0; k < outGrads.length; k++) {
            outGrads[k] = grads.get(node.outputs[k]);
            any |= outGrads[k] != null;
        }
        if (!any) return null;
        for (int k = 0; k < outGrads.length; k++)
            if (outGrads[k] == null) outGrads[k] = Tensor.zeros(node.outputs[k].shape());
        return outGrads;
    }

    private static boolean[] neededInputs(Node node, Set<Tensor> fromSource) {
        boolean[] needed = new boolean[node.inputs.length];
        for (int k = 0; k < needed.length; k++) needed[k] = node.inputs[k] != null && fromSource.contains(node.inputs[k]);
        return needed;
    }

    /** Adds a rule's input gradients into {@code grads}, checking each against its input's shape. */
    private static void addInputGrads(Node node, boolean[] needed, Tensor[] inGrads, Map<Tensor, Tensor> grads) {
        for (int k = 0; k < needed.length; k++) {
            if (!needed[k] || inGrads[k] == null) continue;
            Tensor in = node.inputs[k];
            if (!inGrads[k].shape().equals(in.shape())) throw new IllegalStateException(
                    "gradient rule returned shape " + inGrads[k].shape() + " for an input of shape " + in.shape());
            grads.merge(in, inGrads[k], ADD);
        }
    }

    /** The sum of the gradients of {@code ts}, or null if none has one. */
    private static Tensor sum(Tensor[] ts, Map<Tensor, Tensor> grads) {
        Tensor sum = null;
        for (Tensor t : ts) {
            Tensor g = grads.get(t);
            if (g != null) sum = sum == null ? g : ADD.apply(sum, g);
        }
        return sum;
    }

    private void release() {
        nodes = new ArrayList<>();
        tracked.clear();
        reads.clear();
    }

    private void checkOpen(String op) {
        if (!open) throw new IllegalStateException(op + ": this GradientTape is closed");
    }

    /** Stops recording; gradients can still be taken afterwards. */
    @Override
    public void close() {
        if (!open) return;
        open = false;
        ACTIVE.get().remove(this);
        synchronized (GradientTape.class) {
            openTapes--;
        }
    }
}
