package dev.gradus.layers;

import dev.gradus.activations.Activation;
import dev.gradus.activations.Activations;
import dev.gradus.autodiff.Variable;
import dev.gradus.constraints.Constraint;
import dev.gradus.initializers.Initializer;
import dev.gradus.ops.Ops;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.Naming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A layer, as Keras's {@code Layer}: state (weights) plus a forward computation, built on first
 * call from the shape of its input.
 *
 * <h2>Subclass contract</h2>
 * <ul>
 *   <li><b>Constructor</b>: Keras's required arguments; optional ones are fluent setters that check
 *       their value and return {@code this}. Call {@link #inputRank(int)} / {@link #minInputRank(int)}
 *       in the constructor when the layer needs a given input rank (Keras's {@code InputSpec}).</li>
 *   <li><b>{@link #build(int[])}</b>: create the weights with {@link #addWeight}. The shape includes
 *       the batch axis; an unknown dimension (Keras's {@code None}) is {@link #NONE} (-1). Called once,
 *       before the first {@code call}. Layers without weights need not override it.</li>
 *   <li><b>{@link #call(Tensor, boolean)}</b>: the forward pass, written with {@link Ops}; it is
 *       recorded by any open tape. {@code training} is Keras's flag (dropout, batch statistics).
 *       Layers calling other layers use {@link #apply}, which builds, tracks and passes
 *       {@code training} on.</li>
 *   <li><b>{@link #computeOutputShape(int[])}</b>: optional. The default runs {@code call} on zeros
 *       (unknown dimensions set to 1) and reports unknown dimensions back, as Keras traces
 *       {@code compute_output_spec}; override it when that is wasteful or wrong.</li>
 *   <li>Several inputs (Add, Concatenate, ...): override {@link #build(List)},
 *       {@link #call(List, boolean)} and, if needed, {@link #computeOutputShapes(List)}.</li>
 *   <li><b>{@link #getConfig()}</b>: {@code Config.with(super.getConfig(), "units", units, ...)} with
 *       Keras's keys, and a static {@code fromConfig(Map)} registered in {@link Layers}
 *       (built-ins in {@code BuiltinLayers.registerAll}), so that {@code fromConfig(getConfig())}
 *       gives an equal layer. {@link #readBase} reads the base keys (name, trainable, dtype).</li>
 *   <li>Covariant overrides of {@link #name(String)} and {@link #trainable(boolean)} returning the
 *       subclass keep fluent chains typed ({@code new Dense(4).name("out").activation("relu")}).</li>
 * </ul>
 *
 * <p>{@link #addLoss} records activity regularisation during a call; {@link #losses()} holds those
 * values, the layer's weight-regularisation penalties and its sublayers' losses. The values added
 * by calls are cleared when an outermost call starts, so they never accumulate across steps.
 */
public abstract class Layer {
    /** An unknown dimension in a symbolic shape (Keras's {@code None}). */
    public static final int NONE = -1;

    private String name;
    private boolean trainable = true;
    private boolean built;
    private Integer inputRank;
    private Integer minInputRank;
    private Regularizer activityRegularizer;
    private final List<Variable> trainableVars = new ArrayList<>();
    private final List<Variable> nonTrainableVars = new ArrayList<>();
    private final Map<Variable, Regularizer> regularizers = new IdentityHashMap<>();
    /**
     * Whether any layer in this JVM has added a call loss, or has a weight regularizer: until then every
     * model's {@link #losses()} is empty and an outermost call has no losses to clear, so the training step
     * skips the walks over the layer tree (a ThreadLocal per layer, identity sets, the trainable weights)
     * that it would make for nothing every step. They only ever turn true, which restores the walks.
     */
    private static volatile boolean anyCallLoss, anyRegularizer;
    private final Map<Variable, Constraint> constraints = new IdentityHashMap<>();
    /** Per thread: data-parallel replicas call the same layers at once, each with its own losses. */
    private final ThreadLocal<List<Tensor>> callLosses = ThreadLocal.withInitial(ArrayList::new);
    private final List<Layer> sublayers = new ArrayList<>();
    private List<int[]> builtInputShapes;
    /** Keras's {@code supports_masking}; null means the class's default ({@link #supportsMasking()}). */
    private Boolean supportsMasking;
    private volatile boolean warnedMaskDropped;

    protected Layer() {}

    /** The layer's name; Keras's default is its snake_case class name made unique ({@code dense}, {@code dense_1}). */
    public String name() {
        if (name == null) name = Naming.uniqueName(Naming.snakeCase(getClass().getSimpleName()));
        return name;
    }

    /** Names the layer; null or an empty name gives back Keras's default ({@code dense}, {@code dense_1}, ...). */
    public Layer name(String name) {
        if (name == null || name.isEmpty()) {
            this.name = null; // assigned on first read, as for a layer never named
            return this;
        }
        Check.argument(!name.isBlank(), "name must not be blank, got '" + name + "'");
        Check.argument(!name.contains("/"), "name must not contain '/', got '" + name + "'");
        this.name = name;
        return this;
    }

    public boolean trainable() {
        return trainable;
    }

    /** Freezes or unfreezes the layer and all its sublayers' weights, as Keras's {@code layer.trainable}. */
    public Layer trainable(boolean trainable) {
        this.trainable = trainable;
        for (Layer l : sublayers) l.trainable(trainable);
        structureChanged();
        return this;
    }

    /**
     * Sets this layer's own flag without touching its sublayers: a model rebuilt from a config keeps
     * each layer's saved flag (Keras's constructor argument, not its propagating setter).
     */
    protected final void trainableFlag(boolean trainable) {
        this.trainable = trainable;
        structureChanged();
    }

    /** A regulariser applied to the layer's output at each call, added to {@link #losses()}. */
    public Layer activityRegularizer(Regularizer regularizer) {
        this.activityRegularizer = regularizer;
        return this;
    }

    public Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    public boolean built() {
        return built;
    }

    // ---------------------------------------------------------------- subclass hooks

    /** Creates the weights for an input of this shape (batch axis included, {@link #NONE} where unknown). */
    protected void build(int[] inputShape) {}

    /** Several inputs: the default accepts exactly one. */
    protected void build(List<int[]> inputShapes) {
        build(single(inputShapes, "build"));
    }

    /** The forward pass. */
    public abstract Tensor call(Tensor inputs, boolean training);

    /** The forward pass of a layer with several inputs; the default accepts exactly one. */
    public Tensor call(List<Tensor> inputs, boolean training) {
        return call(single(inputs, "call"), training);
    }

    // ---------------------------------------------------------------- several outputs (issue #19)

    /**
     * How many tensors a call returns: 1, or more for a layer that returns a list in Keras (an RNN
     * with {@code return_state}, Bidirectional with {@code merge_mode=None}, MultiHeadAttention with
     * {@code return_attention_scores}). Such a layer overrides this, {@link #callAll} and
     * {@link #computeAllOutputShapes}; it is called through {@link #applyAll(Tensor, boolean)} or, in a
     * functional graph, {@link #applyAll(KerasTensor)}, whose results are Keras's {@code outputs[i]}.
     */
    public int outputCount() {
        return 1;
    }

    /** Every output of the forward pass of a single-input call; the default is {@code call}'s one output. */
    public List<Tensor> callAll(Tensor inputs, Tensor mask, boolean training) {
        return List.of(call(inputs, mask, training));
    }

    /** Every output of the forward pass of a list call; the default is {@code call}'s one output. */
    public List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return List.of(call(inputs, masks, training));
    }

    /** The shape of every output for these input shapes (one shape, or a list for a list call); the default has one output. */
    public List<int[]> computeAllOutputShapes(List<int[]> inputShapes, boolean asList) {
        return List.of(asList ? computeOutputShapes(inputShapes) : computeOutputShape(inputShapes.get(0)));
    }

    /**
     * Keras's call arguments besides the inputs and {@code training} that this layer takes
     * (MultiHeadAttention: {@code use_causal_mask}, ...); they reach {@link #callAll(List, List, Map, boolean)}
     * through {@link #applyAll(List, Map, boolean)} and are recorded in a functional graph's nodes
     * (Keras's node {@code kwargs}). None by default.
     */
    public Set<String> callArguments() {
        return Set.of();
    }

    /** The number of outputs of a call with these arguments; the default ignores them. */
    public int outputCount(Map<String, ?> arguments) {
        return outputCount();
    }

    /** A list call with Keras call arguments (non-empty); the default ignores them. */
    public List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, Map<String, ?> arguments, boolean training) {
        return callAll(inputs, masks, training);
    }

    /** The shapes of a list call's outputs with these arguments; the default ignores them. */
    public List<int[]> computeAllOutputShapes(List<int[]> inputShapes, Map<String, ?> arguments) {
        return computeAllOutputShapes(inputShapes, true);
    }

    /**
     * Whether the inputs are separate positional arguments in Keras ({@code mha(query, value)}) rather
     * than one list ({@code Add()([a, b])}); Gradus passes both as a list, and a functional config
     * writes them Keras's way.
     */
    public boolean takesPositionalInputs() {
        return false;
    }

    // ---------------------------------------------------------------- masks (issue #19)

    /**
     * The forward pass given the Keras mask of the input ({@code call(inputs, mask=...)}): a 0/1
     * tensor over the leading axes of {@code inputs} (1 = valid), or null. Layers whose computation
     * depends on the mask (the recurrent layers, attention, pooling over time) override this; the
     * default ignores the mask and runs {@link #call(Tensor, boolean)}, as a Keras layer whose
     * {@code call} has no {@code mask} argument.
     */
    public Tensor call(Tensor inputs, Tensor mask, boolean training) {
        return call(inputs, training);
    }

    /** As {@link #call(Tensor, Tensor, boolean)} for several inputs, one mask (or null) per input. */
    public Tensor call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return call(inputs, training);
    }

    /**
     * Keras's {@code compute_mask(inputs, previous_mask)}: the mask of this layer's output, given its
     * input and the input's mask. The default passes the input's mask on unchanged (used only when
     * {@link #supportsMasking()}); Embedding(mask_zero) and Masking make one, a recurrent layer
     * without {@code return_sequences} drops it.
     */
    public Tensor computeMask(Tensor inputs, Tensor previousMask) {
        return previousMask;
    }

    /**
     * The output mask for several inputs. The default is Keras's merge layers' rule for
     * {@link Merge} layers (the elementwise AND of the masks given, null if none) and the first
     * input's mask for any other layer (Keras's default returns the first argument's masks).
     */
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> previousMasks) {
        if (!(this instanceof Merge)) return previousMasks.isEmpty() ? null : previousMasks.get(0);
        if (previousMasks.stream().allMatch(Objects::isNull)) return null;
        if (this instanceof Concatenate) return concatenatedMask(inputs, previousMasks);
        Tensor out = null;
        for (Tensor m : previousMasks) if (m != null) out = out == null ? Ops.notEqual(m, 0) : Ops.logicalAnd(out, m);
        return out;
    }

    /**
     * Keras's Concatenate rule: each input's mask broadcast to the input's shape (all ones for an
     * unmasked input), concatenated along the layer's axis, then "any" over the last axis.
     */
    private Tensor concatenatedMask(List<Tensor> inputs, List<Tensor> masks) {
        List<Tensor> full = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i), m = masks.get(i);
            if (m == null) full.add(Ops.onesLike(x));
            else if (m.rank() < x.rank()) full.add(Ops.broadcastTo(Ops.expandDims(Ops.notEqual(m, 0), -1), x.shape().dims()));
            else full.add(Ops.notEqual(m, 0));
        }
        int axis = ((Number) getConfig().get("axis")).intValue();
        return Ops.max(Ops.concat(full, Shape.normalizeAxis(axis, inputs.get(0).rank(), "Concatenate axis")), -1);
    }

    /**
     * Keras's {@code supports_masking}: whether the output gets a mask from {@link #computeMask}. A
     * layer that does not support masking and receives a mask consumes it (its {@code call} may use
     * it), attaches none to its output, and logs Keras's warning once. The class's default
     * ({@link #supportsMaskingByDefault()}) unless {@link #supportsMasking(boolean)} set it.
     */
    public boolean supportsMasking() {
        return supportsMasking != null ? supportsMasking : supportsMaskingByDefault();
    }

    /** Sets Keras's {@code supports_masking} on this instance, over its class's default. */
    public Layer supportsMasking(boolean supportsMasking) {
        this.supportsMasking = supportsMasking;
        return this;
    }

    /**
     * The class's {@code supports_masking}, as Keras's class attribute: false here; each layer class
     * that Keras marks so (Dense, Dropout, the activations, the normalizations, the merge layers,
     * Masking, attention, ...) returns true in its own file.
     */
    protected boolean supportsMaskingByDefault() {
        return false;
    }

    /** The output shape for an input shape, batch axis included; {@link #NONE} marks unknown dimensions. */
    public int[] computeOutputShape(int[] inputShape) {
        return computeOutputShapes(List.of(inputShape));
    }

    /** The output shape for several inputs; the default traces {@code call} on zeros. */
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        List<Tensor> zeros = new ArrayList<>();
        for (int[] s : inputShapes) {
            int[] dims = s.clone();
            for (int i = 0; i < dims.length; i++) if (dims[i] == NONE) dims[i] = 1;
            zeros.add(Tensor.zeros(dims));
        }
        int[] out = (zeros.size() == 1 ? call(zeros.get(0), false) : call(zeros, false)).shape().dims();
        // the batch axis stays unknown when the input's is
        if (out.length > 0 && !inputShapes.isEmpty() && inputShapes.get(0).length > 0 && inputShapes.get(0)[0] == NONE)
            out[0] = NONE;
        return out;
    }

    /**
     * The layer's Keras config: {@code name}, {@code trainable}, {@code dtype} (Keras 3's DTypePolicy
     * object); subclasses add their own keys.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = Config.of("name", name(), "trainable", trainable, "dtype", dtypePolicy());
        if (activityRegularizer != null) c.put("activity_regularizer", LayerArgs.serialize(activityRegularizer));
        return c;
    }

    /**
     * Whether Keras builds this layer when it is made ({@code _build_at_init}: Activation, Dropout,
     * Reshape, the pooling layers), so that its serialized form carries no {@code build_config}.
     */
    protected boolean builtAtInit() {
        return false;
    }

    /** Keras 3's serialized {@code DTypePolicy("float32")}, the only policy Gradus computes in. */
    public static Map<String, Object> dtypePolicy() {
        return Config.of("module", "keras", "class_name", "DTypePolicy", "config", Config.of("name", "float32"),
                "registered_name", null);
    }

    /**
     * Applies the base keys of a config to a layer built by a {@code fromConfig}: name, trainable,
     * dtype (a string, or a DTypePolicy object as Keras 3.5+ writes it, with or without
     * {@code shared_object_id}), activity_regularizer, and the keys other Keras versions add that
     * change nothing here: tf.keras 2's {@code batch_input_shape}/{@code input_shape}/{@code batch_size}
     * on a first layer (a Sequential reads them itself), a null {@code quantization_config} or
     * {@code lora_rank}.
     */
    protected static <L extends Layer> L readBase(L layer, Config.Reader r) {
        String n = r.getString("name", null);
        if (n != null) layer.name(n);
        layer.trainable(r.getBoolean("trainable", true));
        if (r.get("activity_regularizer") != null) layer.activityRegularizer(Regularizers.get(r.get("activity_regularizer")));
        checkDtype(layer.getClass().getSimpleName(), r.get("dtype"));
        if (r.get("quantization_config") != null) throw new IllegalArgumentException(layer.getClass().getSimpleName()
                + ": quantization_config must be null (Gradus has no quantized layers), got " + r.get("quantization_config"));
        if (r.get("lora_rank") != null) throw new IllegalArgumentException(layer.getClass().getSimpleName()
                + ": lora_rank must be null (Gradus has no LoRA layers), got " + r.get("lora_rank"));
        r.ignore("lora_alpha", "batch_input_shape", "input_shape", "batch_size");
        return layer;
    }

    /** Accepts the dtypes Gradus computes in: "float32" as a string or as a (DType)Policy object. */
    public static void checkDtype(String what, Object dtype) {
        Object name = dtype;
        if (dtype instanceof Map<?, ?> policy) {
            Object cls = policy.get("class_name");
            Object cfg = policy.get("config");
            name = cfg instanceof Map<?, ?> m ? m.get("name") : null;
            if (!("DTypePolicy".equals(cls) || "Policy".equals(cls) || "FloatDTypePolicy".equals(cls))) name = cls;
        }
        if (name != null && !"float32".equals(name)) throw new IllegalArgumentException(what
                + ": dtype must be 'float32' or DTypePolicy('float32') (Gradus computes in float32), got " + dtype);
    }

    // ---------------------------------------------------------------- input checks

    /** Requires inputs of exactly this rank (batch axis included), as Keras's {@code InputSpec(ndim=...)}. */
    protected final void inputRank(int rank) {
        this.inputRank = rank;
    }

    /** Requires inputs of at least this rank, as Keras's {@code InputSpec(min_ndim=...)}. */
    protected final void minInputRank(int rank) {
        this.minInputRank = rank;
    }

    private void checkRank(int[] shape) {
        if (inputRank != null && shape.length != inputRank) throw new IllegalArgumentException("Input 0 of layer \"" + name()
                + "\" is incompatible with the layer: expected ndim=" + inputRank + ", found ndim=" + shape.length
                + ". Full shape received: " + formatShape(shape));
        if (minInputRank != null && shape.length < minInputRank) throw new IllegalArgumentException("Input 0 of layer \""
                + name() + "\" is incompatible with the layer: expected min_ndim=" + minInputRank + ", found ndim="
                + shape.length + ". Full shape received: " + formatShape(shape));
    }

    // ---------------------------------------------------------------- weights

    /**
     * Creates a weight, as Keras's {@code add_weight}. The initializer makes its value; the
     * regulariser's penalty appears in {@link #losses()}; the constraint is applied after each
     * optimizer step of {@code fit}. The variable is named {@code "<layer>/<name>"} (Keras's path).
     */
    protected final Variable addWeight(String name, int[] shape, Initializer initializer, Regularizer regularizer,
                                       Constraint constraint, boolean trainable) {
        Check.argument(name != null && !name.isBlank(), "addWeight: name must be a non-empty string, got " + name);
        Check.notNull("initializer", initializer);
        for (int d : shape) Check.argument(d >= 0, "addWeight: weight '" + name + "' of layer '" + name()
                + "' needs a fully known shape, got " + formatShape(shape));
        Shape s = Shape.of(shape);
        WeightBudget.claim(name(), name, s);
        Tensor init = initializer.apply(s);
        if (!init.shape().equals(s)) throw new IllegalStateException("addWeight: the initializer of '" + name
                + "' returned shape " + init.shape() + ", expected " + s);
        Variable v = new Variable(init, name() + "/" + name, trainable);
        (trainable ? trainableVars : nonTrainableVars).add(v);
        structureChanged();
        if (regularizer != null) {
            regularizers.put(v, regularizer);
            anyRegularizer = true;
        }
        if (constraint != null) constraints.put(v, constraint);
        return v;
    }

    protected final Variable addWeight(String name, int[] shape, Initializer initializer) {
        return addWeight(name, shape, initializer, null, null, true);
    }

    /** {@code add_weight(name, shape, initializer="zeros")}: the initializer by its Keras name ({@code "glorot_uniform"}, ...). */
    protected final Variable addWeight(String name, int[] shape, String initializer) {
        return addWeight(name, shape, dev.gradus.initializers.Initializers.get(Check.notNull("initializer", initializer)));
    }

    /** As {@link #addWeight(String, int[], String)}, trainable or not (a non-trainable weight is state, as a counter). */
    protected final Variable addWeight(String name, int[] shape, String initializer, boolean trainable) {
        return addWeight(name, shape, dev.gradus.initializers.Initializers.get(Check.notNull("initializer", initializer)),
                null, null, trainable);
    }

    /** This layer's and its sublayers' weights: own trainable, own non-trainable, then sublayers', as Keras. */
    public List<Variable> weights() {
        List<Variable> out = new ArrayList<>(trainableVars);
        out.addAll(nonTrainableVars);
        for (Layer l : sublayers) for (Variable v : l.weights()) if (!containsIdentity(out, v)) out.add(v);
        return out;
    }

    /**
     * The weights this layer created itself, trainable ones first, without its sublayers': what Keras
     * saves in the layer's own {@code vars} group.
     */
    public List<Variable> ownWeights() {
        List<Variable> out = new ArrayList<>(trainableVars);
        out.addAll(nonTrainableVars);
        return out;
    }

    /**
     * Sublayers that Keras saves under an attribute name rather than in a layer list (LSTM's
     * {@code cell}, saved as {@code layers/lstm/cell/vars}); none by default.
     */
    public Map<String, Layer> namedSublayers() {
        return Map.of();
    }

    /** Weights that an optimizer updates: none when the layer is frozen. */
    public List<Variable> trainableWeights() {
        if (!trainable) return List.of();
        long version = STRUCTURE.get();
        TrainableList cached = trainableList;
        if (cached == null || cached.version() != version) {
            Set<Variable> here = Collections.newSetFromMap(new IdentityHashMap<>());
            collectTrainableHere(here);
            List<Variable> out = new ArrayList<>();
            for (Variable v : weights()) if (v.trainable() && here.contains(v)) out.add(v);
            cached = new TrainableList(version, List.copyOf(out));
            trainableList = cached;
        }
        return new ArrayList<>(cached.weights());
    }

    /**
     * Counts every change to any layer's weights, sublayers or trainable flag. A training step asks for the
     * trainable weights twice (the tape's sources and the optimizer's variables), and each answer walked the
     * layer tree through an identity set; the list is now kept with the count it was made at and made again
     * once the count has moved.
     */
    private static final AtomicLong STRUCTURE = new AtomicLong();

    /** {@link #trainableWeights()} as made at {@link #STRUCTURE}'s count {@code version}. */
    private record TrainableList(long version, List<Variable> weights) {}

    private volatile TrainableList trainableList;

    /** Marks the layer structure changed (see {@link #STRUCTURE}). */
    private static void structureChanged() {
        STRUCTURE.incrementAndGet();
    }

    /**
     * The weights that are trainable through this layer: its own trainable ones and, through each
     * trainable sublayer, those of that sublayer. One walk; testing each weight against every
     * sublayer's list was quadratic and ran every training step.
     */
    private void collectTrainableHere(Set<Variable> here) {
        here.addAll(trainableVars);
        for (Layer l : sublayers) if (l.trainable) l.collectTrainableHere(here);
    }

    public List<Variable> nonTrainableWeights() {
        if (!trainable) return weights();
        List<Variable> trainableOnes = trainableWeights();
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (!containsIdentity(trainableOnes, v)) out.add(v);
        return out;
    }

    /** Keras's {@code trainable_variables} (same as {@link #trainableWeights()}). */
    public List<Variable> trainableVariables() {
        return trainableWeights();
    }

    /** The weights' current values, in {@link #weights()} order. */
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : weights()) out.add(v.value());
        return out;
    }

    /** Sets the weights from values in {@link #weights()} order; counts and shapes must match. */
    public void setWeights(List<Tensor> values) {
        Check.notNull("weights", values);
        List<Variable> ws = weights();
        if (values.size() != ws.size()) throw new IllegalArgumentException("setWeights: layer '" + name() + "' expects "
                + ws.size() + " weights, got " + values.size());
        for (int i = 0; i < ws.size(); i++) {
            Tensor t = Check.notNull("weights[" + i + "]", values.get(i));
            if (!t.shape().equals(ws.get(i).shape())) throw new IllegalArgumentException("setWeights: weight " + i + " ('"
                    + ws.get(i).name() + "') has shape " + ws.get(i).shape() + ", got a value of shape " + t.shape());
        }
        for (int i = 0; i < ws.size(); i++) ws.get(i).assign(values.get(i));
    }

    /** Total number of scalars in {@link #weights()}. */
    public long countParams() {
        long n = 0;
        for (Variable v : weights()) n += v.shape().size();
        return n;
    }

    /** Projects every constrained weight (this layer's and its sublayers') back onto its constraint. */
    public void applyConstraints() {
        for (Map.Entry<Variable, Constraint> e : constraints.entrySet()) e.getKey().assign(e.getValue().apply(e.getKey().value()));
        for (Layer l : sublayers) l.applyConstraints();
    }

    // ---------------------------------------------------------------- losses

    /** Adds a loss (a scalar, e.g. an activity penalty) computed during this call, as Keras's {@code add_loss}. */
    public void addLoss(Tensor loss) {
        Check.notNull("loss", loss);
        anyCallLoss = true;
        callLosses.get().add(loss.rank() == 0 ? loss : Ops.sum(loss));
    }

    /**
     * Keras's {@code losses}: the values added by the last outermost call (this layer's, then its
     * sublayers'), then the weight-regularisation penalties, computed now from the current weights
     * (so that inside a tape they are differentiable).
     */
    public List<Tensor> losses() {
        List<Tensor> out = new ArrayList<>();
        if (anyCallLoss) collectCallLosses(out, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!anyRegularizer) return out;
        for (Variable v : trainableWeights()) {
            Regularizer r = regularizerOf(v);
            if (r != null) out.add(r.apply(v.value()));
        }
        return out;
    }

    private void collectCallLosses(List<Tensor> out, Set<Layer> seen) {
        if (!seen.add(this)) return;
        out.addAll(callLosses.get());
        for (Layer l : sublayers) l.collectCallLosses(out, seen);
    }

    private Regularizer regularizerOf(Variable v) {
        Regularizer r = regularizers.get(v);
        if (r != null) return r;
        for (Layer l : sublayers) {
            r = l.regularizerOf(v);
            if (r != null) return r;
        }
        return null;
    }

    private void clearLosses() {
        callLosses.get().clear();
        for (Layer l : sublayers) l.clearLosses();
    }

    // ---------------------------------------------------------------- sublayers

    /** Tracks a sublayer (its weights and losses become this layer's); layers called from {@code call} are tracked automatically. */
    protected final <L extends Layer> L track(L layer) {
        Check.notNull("layer", layer);
        if (layer != this && !containsIdentity(sublayers, layer)) {
            sublayers.add(layer);
            structureChanged();
        }
        return layer;
    }

    /** Stops tracking a sublayer (Sequential.pop): its weights and losses are no longer this layer's. */
    protected final void untrack(Layer layer) {
        if (sublayers.removeIf(l -> l == layer)) structureChanged();
    }

    /** The directly tracked sublayers, in tracking order. */
    protected List<Layer> sublayers() {
        return Collections.unmodifiableList(sublayers);
    }

    // ---------------------------------------------------------------- calling

    /** Keras's {@code layer(x)}: builds on first use, checks the input, calls; {@code training} comes from the outer call (false at top level). */
    public Tensor apply(Tensor inputs) {
        return invoke(List.of(Check.notNull("inputs", inputs)), null, false);
    }

    public Tensor apply(Tensor inputs, boolean training) {
        return invoke(List.of(Check.notNull("inputs", inputs)), training, false);
    }

    /**
     * Keras's {@code layer(x, mask=m)}: calls with an explicit input mask (null: the one attached to
     * {@code inputs}, if any), for a caller that holds the mask apart from the tensor.
     */
    public Tensor apply(Tensor inputs, Tensor mask, boolean training) {
        Check.notNull("inputs", inputs);
        return invoke(List.of(inputs), training, false, mask == null ? null : java.util.Collections.singletonList(mask));
    }

    /** Calls a layer with several inputs (Add, Concatenate, a functional model with several inputs). */
    public Tensor apply(List<Tensor> inputs, boolean training) {
        return invoke(checkList(inputs), training, true);
    }

    public Tensor apply(List<Tensor> inputs) {
        return invoke(checkList(inputs), null, true);
    }

    /** Calls the layer on a symbolic tensor: builds it and records the node of a functional graph. */
    public KerasTensor apply(KerasTensor input) {
        return applySymbolic(List.of(Check.notNull("input", input)), false);
    }

    public KerasTensor applySymbolic(List<KerasTensor> inputs) {
        Check.notNull("inputs", inputs);
        Check.argument(!inputs.isEmpty(), "layer '" + name() + "': expected at least one input, got none");
        return applySymbolic(inputs, true);
    }

    private KerasTensor applySymbolic(List<KerasTensor> inputs, boolean asList) {
        refuseSeveralOutputs();
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor k : inputs) shapes.add(Check.notNull("input", k).shape());
        if (!asList) checkRank(shapes.get(0));
        ensureBuilt(shapes, asList);
        int[] out = asList ? computeOutputShapes(shapes) : computeOutputShape(shapes.get(0));
        return new KerasTensor(out, this, inputs, asList);
    }

    /**
     * Keras's {@code outputs = layer(x)} for a layer with several outputs ({@link #outputCount()}): one
     * symbolic tensor per output, in Keras's order, for a functional graph ({@code outputs.get(0)} is
     * Keras's {@code outputs[0]}). A single-output layer gives a list of one.
     */
    public List<KerasTensor> applyAll(KerasTensor input) {
        return applySymbolicAll(List.of(Check.notNull("input", input)), false);
    }

    /** As {@link #applyAll(KerasTensor)} for a list call (MultiHeadAttention's {@code [query, value, key]}). */
    public List<KerasTensor> applySymbolicAll(List<KerasTensor> inputs) {
        Check.notNull("inputs", inputs);
        Check.argument(!inputs.isEmpty(), "layer '" + name() + "': expected at least one input, got none");
        return applySymbolicAll(inputs, true);
    }

    private List<KerasTensor> applySymbolicAll(List<KerasTensor> inputs, boolean asList) {
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor k : inputs) shapes.add(Check.notNull("input", k).shape());
        if (!asList) checkRank(shapes.get(0));
        ensureBuilt(shapes, asList);
        return KerasTensor.outputsOf(computeAllOutputShapes(shapes, asList), this, inputs, asList, Map.of());
    }

    /** Every output of an eager call of a single-input layer (Keras's list of outputs); see {@link #outputCount()}. */
    public List<Tensor> applyAll(Tensor inputs, boolean training) {
        return invokeAll(List.of(Check.notNull("inputs", inputs)), training, false, null);
    }

    /** Every output of an eager list call. */
    public List<Tensor> applyAll(List<Tensor> inputs, boolean training) {
        return invokeAll(checkList(inputs), training, true, null);
    }

    /** Every output of an eager list call with Keras call arguments ({@link #callArguments()}), such as {@code use_causal_mask}. */
    public List<Tensor> applyAll(List<Tensor> inputs, Map<String, ?> arguments, boolean training) {
        return invokeAll(checkList(inputs), training, true, null, checkArguments(arguments));
    }

    /** As {@link #applySymbolicAll(List)} with Keras call arguments, which the graph's node records. */
    public List<KerasTensor> applySymbolicAll(List<KerasTensor> inputs, Map<String, ?> arguments) {
        Check.notNull("inputs", inputs);
        Check.argument(!inputs.isEmpty(), "layer '" + name() + "': expected at least one input, got none");
        Map<String, ?> args = checkArguments(arguments);
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor k : inputs) shapes.add(Check.notNull("input", k).shape());
        ensureBuilt(shapes, true);
        return KerasTensor.outputsOf(args.isEmpty() ? computeAllOutputShapes(shapes, true) : computeAllOutputShapes(shapes, args),
                this, inputs, true, args);
    }

    private Map<String, ?> checkArguments(Map<String, ?> arguments) {
        Check.notNull("arguments", arguments);
        for (String k : arguments.keySet()) if (!callArguments().contains(k)) throw new IllegalArgumentException("layer '" + name()
                + "' (" + getClass().getSimpleName() + ") has no call argument '" + k + "'; it takes " + new java.util.TreeSet<>(callArguments()));
        return arguments;
    }

    private void refuseSeveralOutputs() {
        if (outputCount() != 1) throw new IllegalStateException("layer '" + name() + "' (" + getClass().getSimpleName()
                + ") returns " + outputCount() + " tensors; call it with applyAll, whose list holds Keras's outputs[0], "
                + "outputs[1], ...");
    }

    private Tensor invoke(List<Tensor> inputs, Boolean training, boolean asList) {
        return invoke(inputs, training, asList, null);
    }

    /** Builds, calls with the inputs' masks (the attached ones unless {@code masks} is given) and sets the output's mask. */
    private Tensor invoke(List<Tensor> inputs, Boolean training, boolean asList, List<Tensor> masks) {
        refuseSeveralOutputs();
        return inCall(training, t -> {
            List<Tensor> inMasks = prepare(inputs, asList, masks);
            Tensor out;
            if (inMasks == null) out = asList ? call(inputs, t) : call(inputs.get(0), t);
            else out = asList ? call(inputs, inMasks, t) : call(inputs.get(0), inMasks.get(0), t);
            if (out == null) throw new IllegalStateException("layer '" + name() + "': call returned null");
            finish(inputs, inMasks, List.of(out), asList);
            return out;
        });
    }

    /** As {@link #invoke} for every output of the call ({@link #callAll}); the mask goes to the first output. */
    private List<Tensor> invokeAll(List<Tensor> inputs, Boolean training, boolean asList, List<Tensor> masks) {
        return invokeAll(inputs, training, asList, masks, Map.of());
    }

    private List<Tensor> invokeAll(List<Tensor> inputs, Boolean training, boolean asList, List<Tensor> masks,
                                   Map<String, ?> arguments) {
        return inCall(training, t -> {
            List<Tensor> inMasks = prepare(inputs, asList, masks);
            List<Tensor> ms = inMasks != null ? inMasks : java.util.Collections.nCopies(inputs.size(), null);
            List<Tensor> outs = !arguments.isEmpty() ? callAll(inputs, ms, arguments, t)
                    : asList ? callAll(inputs, ms, t) : callAll(inputs.get(0), ms.get(0), t);
            int expected = outputCount(arguments);
            if (outs == null || outs.size() != expected || outs.stream().anyMatch(Objects::isNull)) throw new IllegalStateException("layer '"
                    + name() + "': callAll returned " + (outs == null ? "null" : outs.size() + " tensors (nulls included)")
                    + ", expected " + expected);
            finish(inputs, inMasks, outs, asList);
            return outs;
        });
    }

    /** Checks the rank, builds once, and gives the inputs' masks (the ones given, else the attached ones, else null). */
    private List<Tensor> prepare(List<Tensor> inputs, boolean asList, List<Tensor> masks) {
        List<int[]> shapes = new ArrayList<>();
        for (Tensor x : inputs) shapes.add(x.shape().dims());
        if (!asList) checkRank(shapes.get(0));
        ensureBuilt(shapes, asList);
        return masks != null ? masks : attachedMasks(inputs);
    }

    /** The activity penalty on every output and the first output's mask. */
    private void finish(List<Tensor> inputs, List<Tensor> inMasks, List<Tensor> outs, boolean asList) {
        if (activityRegularizer != null) for (Tensor out : outs) addLoss(activityRegularizer.apply(out));
        setOutputMask(inputs, inMasks, outs.get(0), asList);
    }

    /** The masks attached to the inputs, or null when none has one (the common, mask-free case). */
    private static List<Tensor> attachedMasks(List<Tensor> inputs) {
        List<Tensor> out = null;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor m = Masks.get(inputs.get(i));
            if (m == null) continue;
            if (out == null) out = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), null));
            out.set(i, m);
        }
        return out;
    }

    /** Keras's {@code _set_mask_metadata}, or its warning for a layer that does not support masking. */
    private void setOutputMask(List<Tensor> inputs, List<Tensor> inMasks, Tensor out, boolean asList) {
        if (supportsMasking()) {
            if (Masks.get(out) != null) return; // computed by the call itself (Masking)
            List<Tensor> ms = inMasks != null ? inMasks : java.util.Collections.nCopies(inputs.size(), null);
            Tensor m = asList ? computeMask(inputs, ms) : computeMask(inputs.get(0), ms.get(0));
            if (m != null) Masks.set(out, m);
        } else if (inMasks != null && (asList ? inMasks.stream().anyMatch(Objects::nonNull) : inMasks.get(0) != null)
                && !warnedMaskDropped) {
            warnedMaskDropped = true;
            MASK_LOG.warn("Layer '{}' (of type {}) was passed an input with a mask attached to it. However, this layer does not "
                    + "support masking and will therefore destroy the mask information. Downstream layers will not see the mask.",
                    name(), getClass().getSimpleName());
        }
    }

    private static final org.slf4j.Logger MASK_LOG = org.slf4j.LoggerFactory.getLogger(Layer.class);

    /**
     * Runs {@code body} as a call of this layer: an outermost call clears the losses of the previous
     * one and fixes {@code training} for every layer called inside (unless one is given explicitly);
     * a call made from inside another layer's call makes this layer a tracked sublayer of that one.
     */
    protected final <R> R inCall(Boolean training, java.util.function.Function<Boolean, R> body) {
        CallContext ctx = CallContext.current();
        boolean outermost = ctx == null;
        boolean t = training != null ? training : ctx != null && ctx.training;
        if (outermost) ctx = CallContext.enter(t);
        else if (ctx.parent() != null) ctx.parent().track(this);
        if (outermost && anyCallLoss) clearLosses();
        ctx.push(this);
        try {
            return body.apply(t);
        } finally {
            ctx.pop();
            if (outermost) CallContext.exit();
        }
    }

    /** Builds the layer for these input shapes unless it is built. */
    protected final void ensureBuilt(List<int[]> shapes, boolean asList) {
        if (built) return;
        if (asList) build(shapes);
        else build(shapes.get(0));
        builtInputShapes = new ArrayList<>(shapes);
        built = true;
    }

    /**
     * Keras's {@code layer.build(input_shape)}: creates the weights for this input shape before the
     * first call, so they can be read, set or counted. {@code null} marks an unknown dimension, as
     * Python's {@code None}: {@code layer.build(null, 784)}. A built layer is left as it is (its
     * weights are never created twice). Subclasses write their weights in the protected
     * {@link #build(int[])} hook, which this calls once.
     */
    public final void build(Integer... inputShape) {
        Check.notNull("inputShape", inputShape);
        int[] dims = new int[inputShape.length];
        for (int i = 0; i < dims.length; i++) {
            Integer d = inputShape[i];
            if (d != null && d < 1) {
                throw new IllegalArgumentException("inputShape: expected positive dimensions or null for unknown,"
                        + " got " + java.util.Arrays.toString(inputShape) + " for layer '" + name() + "'");
            }
            dims[i] = d == null ? NONE : d;
        }
        buildFor(dims);
    }

    /**
     * The same as {@link #build(Integer...)} with {@link #NONE} for unknown dimensions, for callers
     * that already hold an {@code int[]} shape.
     */
    public final void buildFor(int... inputShape) {
        ensureBuilt(List.<int[]>of(inputShape.clone()), false);
    }

    /** The input shapes the layer was built with, or null before it is built. */
    public List<int[]> builtInputShapes() {
        return builtInputShapes == null ? null : Collections.unmodifiableList(builtInputShapes);
    }

    /** Marks the layer built (for layers whose {@code build} is driven by a container). */
    protected final void markBuilt(List<int[]> shapes) {
        builtInputShapes = new ArrayList<>(shapes);
        built = true;
    }

    // ---------------------------------------------------------------- helpers

    /** Formats a shape as Keras prints it: {@code (None, 784)}. */
    public static String formatShape(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i] == NONE ? "None" : String.valueOf(shape[i]));
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private <T> T single(List<T> xs, String what) {
        if (xs.size() != 1) throw new IllegalArgumentException("layer '" + name() + "' (" + getClass().getSimpleName()
                + ") takes a single input, got " + xs.size() + " inputs in " + what);
        return xs.get(0);
    }

    private List<Tensor> checkList(List<Tensor> inputs) {
        Check.notNull("inputs", inputs);
        Check.argument(!inputs.isEmpty(), "layer '" + name() + "': expected at least one input, got none");
        for (int i = 0; i < inputs.size(); i++) Check.notNull("inputs[" + i + "]", inputs.get(i));
        return List.copyOf(inputs);
    }

    /**
     * {@code activation(y + bias)} (bias on the last axis, may be null): with ReLU or no activation
     * it is one fused op, which reads and writes the layer's output once instead of three times.
     */
    static Tensor biasAndActivation(Tensor y, Variable bias, Activation activation) {
        if (bias != null && fusesWithBias(activation)) return Ops.biasAdd(y, bias.value(), activation == Activations.RELU);
        if (bias != null) y = Ops.add(y, bias.value());
        return activation.apply(y);
    }

    /** The activations that the fused bias ops apply themselves: ReLU, or none. */
    static boolean fusesWithBias(Activation activation) {
        return activation == Activations.RELU || activation == Activations.LINEAR;
    }

    static boolean containsIdentity(List<?> xs, Object x) {
        for (Object o : xs) if (o == x) return true;
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name() + ")";
    }

    /**
     * Whether {@code other} is a layer of the same class with the same config (Keras's
     * {@code get_config()}), whatever its weights. Layers compare by identity with {@code equals}: two
     * Dense layers with the same config and different weights are different layers.
     */
    public boolean configEquals(Layer other) {
        return other == this || (other != null && other.getClass() == getClass() && other.getConfig().equals(getConfig()));
    }

    /** Per-thread state of the current (outermost) call: the training flag and the stack of calling layers. */
    static final class CallContext {
        private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();
        final boolean training;
        private final ArrayList<Layer> stack = new ArrayList<>();

        private CallContext(boolean training) {
            this.training = training;
        }

        static CallContext current() {
            return CURRENT.get();
        }

        static CallContext enter(boolean training) {
            CallContext c = new CallContext(training);
            CURRENT.set(c);
            return c;
        }

        static void exit() {
            CURRENT.remove();
        }

        Layer parent() {
            return stack.isEmpty() ? null : stack.get(stack.size() - 1);
        }

        void push(Layer l) {
            stack.add(l);
        }

        void pop() {
            stack.remove(stack.size() - 1);
        }
    }
}
