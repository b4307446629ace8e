package dev.gradus.models;

import dev.gradus.layers.InputLayer;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.Layer;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model defined by a graph of layer calls on symbolic tensors, Keras's {@code Functional}:
 * {@code Model.of(inputs, outputs)}. Calling it runs the recorded calls in order on real tensors;
 * a layer called several times in the graph shares its weights.
 *
 * <p>Inputs and outputs may be lists or maps keyed by name (Keras's dicts); a map is flattened in
 * sorted key order, as Keras's {@code tree.flatten}. Keras's {@code class M(keras.Model)} built with
 * {@code super().__init__(inputs, outputs)} is {@code class M extends Functional} calling one of the
 * protected constructors; it is a functional model in every respect (summary, fit, config, saving),
 * and {@link #fromConfig(Map, Class)} rebuilds it as its own class.
 */
public class Functional extends Model {
    private final List<KerasTensor> inputs;
    private final List<KerasTensor> outputs;
    /** The graph's calls (non-input symbolic tensors) in an order where inputs come first. */
    private final List<KerasTensor> nodes = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();

    /**
     * Keras's {@code keras.Model(inputs, outputs)} with lists of tensors; also the constructor a
     * subclass calls ({@code super(inputs, outputs)}), Keras's functional-model subclassing.
     */
    protected Functional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        Check.notNull("inputs", inputs);
        Check.notNull("outputs", outputs);
        Check.argument(!inputs.isEmpty(), "Model.of: inputs must not be empty");
        Check.argument(!outputs.isEmpty(), "Model.of: outputs must not be empty");
        for (int i = 0; i < inputs.size(); i++) {
            KerasTensor in = Check.notNull("inputs[" + i + "]", inputs.get(i));
            Check.argument(in.layer() instanceof InputLayer, "Model.of: inputs[" + i + "] must come from Input.of(...), got "
                    + "the output of layer '" + in.layer().name() + "'");
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        Map<KerasTensor, Boolean> visited = new IdentityHashMap<>();
        for (KerasTensor in : inputs) {
            visited.put(in, true);
            addLayer(in.layer());
        }
        for (int i = 0; i < outputs.size(); i++) visit(Check.notNull("outputs[" + i + "]", outputs.get(i)), visited);
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor in : inputs) shapes.add(in.shape());
        markBuilt(shapes);
    }

    private void visit(KerasTensor t, Map<KerasTensor, Boolean> visited) {
        if (visited.containsKey(t)) return;
        if (t.layer() instanceof InputLayer) throw new IllegalArgumentException("Model.of: the graph needs input '"
                + t.layer().name() + "', which is not among the model's inputs");
        for (KerasTensor in : t.inputs()) visit(in, visited);
        // a call with several outputs is one node, recorded by its first output (#19)
        KerasTensor call = t.callOutputs().get(0);
        for (KerasTensor sibling : t.callOutputs()) visited.put(sibling, true);
        nodes.add(call);
        addLayer(t.layer());
    }

    private void addLayer(Layer l) {
        for (Layer x : layers) if (x == l) return;
        layers.add(l);
        track(l);
    }

    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The graph's calls in execution order (every non-input symbolic tensor). */
    List<KerasTensor> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    void keepTrainable(boolean trainable) {
        trainableFlag(trainable);
    }

    /**
     * Keras's functional config: {@code name}, {@code trainable}, {@code layers} (each serialized layer
     * with its {@code name} and {@code inbound_nodes}), {@code input_layers}, {@code output_layers}.
     */
    @Override
    public Map<String, Object> getConfig() {
        return FunctionalConfig.write(this);
    }

    /** Rebuilds a functional model from Keras 3's config or tf.keras 2.x's (the {@code [["dense", 0, 0, {}]]} node form). */
    public static Functional fromConfig(Map<String, Object> config) {
        return FunctionalConfig.read(config);
    }

    public List<KerasTensor> inputs() {
        return inputs;
    }

    public List<KerasTensor> outputs() {
        return outputs;
    }

    @Override
    public List<String> outputNames() {
        if (outputKeys != null) return outputKeys; // dict outputs are keyed by their keys (#19)
        List<String> names = new ArrayList<>();
        for (KerasTensor t : outputs) names.add(t.layer().name());
        return names;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return single(callOutputs(List.of(inputs), training));
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return single(callOutputs(inputs, training));
    }

    // ---------------------------------------------------------------- used as a layer with several outputs (#19)

    /** A model with several outputs is, as a layer, a layer with several outputs (Keras's {@code outputs = model(x)}). */
    @Override
    public int outputCount() {
        return outputs.size();
    }

    @Override
    public List<Tensor> callAll(Tensor inputs, Tensor mask, boolean training) {
        return callOutputs(List.of(inputs), training);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return callOutputs(inputs, training);
    }

    /** The outputs' shapes, with the batch dimension of the call's first input. */
    @Override
    public List<int[]> computeAllOutputShapes(List<int[]> inputShapes, boolean asList) {
        List<int[]> out = new ArrayList<>();
        for (KerasTensor t : outputs) {
            int[] s = t.shape();
            if (s.length > 0 && !inputShapes.isEmpty() && inputShapes.get(0).length > 0) s[0] = inputShapes.get(0)[0];
            out.add(s);
        }
        return out;
    }

    private Tensor single(List<Tensor> out) {
        if (out.size() != 1) throw new IllegalStateException("model '" + name() + "' has " + out.size()
                + " outputs; call applyAll to get them all");
        return out.get(0);
    }

    @Override
    protected List<Tensor> callOutputs(List<Tensor> values, boolean training) {
        if (values.size() != inputs.size()) throw new IllegalArgumentException("model '" + name() + "' expects "
                + inputs.size() + " input(s), got " + values.size());
        Map<KerasTensor, Tensor> computed = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor v = values.get(i);
            checkInput(inputs.get(i), v, i);
            computed.put(inputs.get(i), v);
        }
        for (KerasTensor node : nodes) {
            List<Tensor> args = new ArrayList<>();
            for (KerasTensor in : node.inputs()) args.add(computed.get(in));
            if (node.callOutputs().size() > 1 || !node.arguments().isEmpty()) {
                runSeveralOutputs(node, args, training, computed);
                continue;
            }
            Tensor out = node.listCall() ? node.layer().apply(args, training) : node.layer().apply(args.get(0), training);
            computed.put(node, out);
        }
        List<Tensor> out = new ArrayList<>();
        for (KerasTensor t : outputs) out.add(computed.get(t));
        return out;
    }

    /**
     * A call of a layer with several outputs or with Keras call arguments (#19): run once, each symbolic
     * output gets its tensor (Keras's {@code outputs[i]}).
     */
    private static void runSeveralOutputs(KerasTensor node, List<Tensor> args, boolean training, Map<KerasTensor, Tensor> computed) {
        List<Tensor> outs = !node.arguments().isEmpty() ? node.layer().applyAll(args, node.arguments(), training)
                : node.listCall() ? node.layer().applyAll(args, training) : node.layer().applyAll(args.get(0), training);
        List<KerasTensor> symbolic = node.callOutputs();
        for (int i = 0; i < symbolic.size(); i++) computed.put(symbolic.get(i), outs.get(i));
    }

    private void checkInput(KerasTensor spec, Tensor v, int i) {
        int[] want = spec.shape();
        int[] got = v.shape().dims();
        boolean ok = want.length == got.length;
        for (int k = 0; ok && k < got.length; k++) ok = want[k] == NONE || want[k] == got[k];
        if (!ok) throw new IllegalArgumentException("Input " + i + " of model '" + name() + "' is incompatible: expected shape "
                + Layer.formatShape(want) + ", got " + v.shape());
    }

    @Override
    protected int[] layerOutputShape(Layer layer) {
        if (layer instanceof InputLayer in) return in.batchShape();
        for (KerasTensor node : nodes) if (node.layer() == layer) return node.shape();
        return super.layerOutputShape(layer);
    }

    @Override
    protected String layerOutputShapeText(Layer layer) {
        for (KerasTensor node : nodes) {
            if (node.layer() == layer && node.callOutputs().size() > 1) {
                List<String> shapes = new ArrayList<>();
                for (KerasTensor out : node.callOutputs()) shapes.add(Layer.formatShape(out.shape()));
                return "[" + String.join(", ", shapes) + "]";
            }
        }
        return super.layerOutputShapeText(layer);
    }

    @Override
    protected boolean sequentialLike() {
        // Keras: one call per depth, each with a single input, and no layer called twice
        List<Layer> seen = new ArrayList<>();
        if (inputs.size() > 1 || outputs.size() > 1) return false;
        for (KerasTensor node : nodes) {
            if (node.inputs().size() > 1) return false;
            for (Layer l : seen) if (l == node.layer()) return false;
            seen.add(node.layer());
        }
        // a chain: each node consumes the previous one
        KerasTensor prev = inputs.get(0);
        for (KerasTensor node : nodes) {
            if (node.inputs().get(0) != prev) return false;
            prev = node;
        }
        return true;
    }

    @Override
    protected String connections(Layer layer) {
        StringBuilder sb = new StringBuilder();
        for (KerasTensor node : nodes) {
            if (node.layer() != layer) continue;
            for (KerasTensor in : node.inputs()) {
                if (sb.length() > 0) sb.append(", ");
                sb.append(in.layer().name()).append('[').append(nodeIndex(in)).append("][").append(in.index()).append(']');
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    /** The index of the call of its layer that produced {@code t} (0 for a layer called once). */
    private int nodeIndex(KerasTensor t) {
        int k = 0;
        for (KerasTensor node : nodes) {
            if (node == t.callOutputs().get(0)) return k;
            if (node.layer() == t.layer()) k++;
        }
        return 0;
    }

    // ------------------------------------------------------------------ dict structures and subclassing (issue #19)

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Functional.class);
    /** The keys of a map of inputs / outputs in flat order, or null for a list. */
    private List<String> inputKeys, outputKeys;

    /** One input to one output, for a subclass: {@code super(inputs, outputs)}. */
    protected Functional(KerasTensor inputs, KerasTensor outputs) {
        this(List.of(Check.notNull("inputs", inputs)), List.of(Check.notNull("outputs", outputs)));
    }

    /** Inputs and outputs keyed by name, Keras's {@code keras.Model(inputs={...}, outputs={...})}. */
    protected Functional(Map<String, KerasTensor> inputs, Map<String, KerasTensor> outputs) {
        this(flat("inputs", inputs), flat("outputs", outputs));
        keyed(keys(inputs), keys(outputs));
    }

    /** A list of inputs and outputs keyed by name (the functional API guide's multi-output model). */
    protected Functional(List<KerasTensor> inputs, Map<String, KerasTensor> outputs) {
        this(inputs, flat("outputs", outputs));
        keyed(null, keys(outputs));
    }

    /** Inputs keyed by name and a list of outputs. */
    protected Functional(Map<String, KerasTensor> inputs, List<KerasTensor> outputs) {
        this(flat("inputs", inputs), outputs);
        keyed(keys(inputs), null);
    }

    /** The values of a map of symbolic tensors in sorted key order (Keras's flattening of a dict). */
    private static List<KerasTensor> flat(String what, Map<String, KerasTensor> m) {
        Check.notNull(what, m);
        Check.argument(!m.isEmpty(), "Model.of: " + what + " must not be empty");
        Map<String, KerasTensor> sorted = new TreeMap<>();
        for (Map.Entry<String, KerasTensor> e : m.entrySet()) {
            String key = Check.notNull(what + " key", e.getKey());
            sorted.put(key, Check.notNull(what + "['" + key + "']", e.getValue()));
        }
        return new ArrayList<>(sorted.values());
    }

    private static List<String> keys(Map<String, KerasTensor> m) {
        return new ArrayList<>(new TreeMap<>(m).keySet());
    }

    /** Sets the map structure once the graph is made; warns as Keras does when an input's key is not its name. */
    private void keyed(List<String> inputKeys, List<String> outputKeys) {
        if (inputKeys != null) for (int i = 0; i < inputKeys.size(); i++) {
            String name = inputs.get(i).layer().name();
            if (!name.equals(inputKeys.get(i))) LOG.warn("When providing `inputs` as a dict, all keys in the dict must match"
                    + " the names of the corresponding tensors. Received key '{}' mapping to value {} which has name '{}'."
                    + " Change the tensor name to '{}' (via `Input.of(\"{}\", ...)`)", inputKeys.get(i), inputs.get(i), name,
                    inputKeys.get(i), inputKeys.get(i));
        }
        this.inputKeys = inputKeys == null ? null : List.copyOf(inputKeys);
        this.outputKeys = outputKeys == null ? null : List.copyOf(outputKeys);
    }

    /** A model read from a config, with the structure the config's input_layers / output_layers had. */
    static Functional make(List<KerasTensor> inputs, List<KerasTensor> outputs, List<String> inputKeys, List<String> outputKeys) {
        Functional f = new Functional(inputs, outputs);
        f.keyed(inputKeys, outputKeys);
        return f;
    }

    /** The keys of the map of inputs in flat order, or null when the inputs are a list. */
    public List<String> inputKeys() {
        return inputKeys;
    }

    /** The keys of the map of outputs in flat order, or null when the outputs are a list. */
    public List<String> outputKeys() {
        return outputKeys;
    }

    /**
     * The names that key this model's inputs in a map of data: the keys of a map of inputs, else
     * each input's name ({@code Input.of("title", ...)}), as Keras matches {@code x} dicts.
     */
    @Override
    public List<String> inputNames() {
        return inputKeys != null ? inputKeys : inputs.stream().map(KerasTensor::name).toList();
    }

    /**
     * Rebuilds a subclass of Functional from its config, Keras's {@code functional_from_config(cls,
     * config)}: the graph is read as for {@link #fromConfig(Map)}, then handed to {@code type}'s
     * {@code (inputs, outputs)} constructor (any of the protected constructors' shapes, matching the
     * config's structure; it may be private). A subclass's own {@code fromConfig} is this one line, so
     * that {@code Models.load(path, Map.of("MyModel", MyModel.class))} gives a {@code MyModel} back.
     */
    public static <T extends Functional> T fromConfig(Map<String, Object> config, Class<T> type) {
        Check.notNull("type", type);
        FunctionalConfig.Graph graph = FunctionalConfig.readGraph(config);
        Object ins = graph.inputKeys() != null ? keyedMap(graph.inputs(), graph.inputKeys()) : graph.inputs();
        Object outs = graph.outputKeys() != null ? keyedMap(graph.outputs(), graph.outputKeys()) : graph.outputs();
        List<String> tried = new ArrayList<>();
        for (java.lang.reflect.Constructor<?> c : type.getDeclaredConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length != 2) continue;
            tried.add(java.util.Arrays.toString(p));
            Object a = argument(p[0], ins), b = argument(p[1], outs);
            if (a == null || b == null) continue;
            T made;
            try {
                c.setAccessible(true);
                made = type.cast(c.newInstance(a, b));
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalArgumentException(type.getName() + "(inputs, outputs) failed: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("Functional.fromConfig: cannot call " + c + ": " + e, e);
            }
            graph.configure(made);
            return made;
        }
        throw new IllegalArgumentException("Functional.fromConfig: " + type.getName() + " has no (inputs, outputs) constructor"
                + " taking " + (ins instanceof Map ? "Map<String, KerasTensor>" : "List<KerasTensor> or KerasTensor") + " inputs and "
                + (outs instanceof Map ? "Map<String, KerasTensor>" : "List<KerasTensor> or KerasTensor") + " outputs"
                + " (two-argument constructors found: " + tried + ")");
    }

    private static Map<String, KerasTensor> keyedMap(List<KerasTensor> ts, List<String> keys) {
        Map<String, KerasTensor> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ts.size(); i++) m.put(keys.get(i), ts.get(i));
        return m;
    }

    /** The graph's inputs or outputs as a constructor parameter of this type takes them, or null when it cannot. */
    private static Object argument(Class<?> param, Object structure) {
        if (structure instanceof Map) return param.isAssignableFrom(Map.class) ? structure : null;
        List<?> l = (List<?>) structure;
        if (param == KerasTensor.class) return l.size() == 1 ? l.get(0) : null;
        return param.isAssignableFrom(List.class) ? structure : null;
    }
}
