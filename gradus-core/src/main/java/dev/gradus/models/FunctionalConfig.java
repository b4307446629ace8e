package dev.gradus.models;

import dev.gradus.layers.InputLayer;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.Layer;
import dev.gradus.layers.Layers;
import dev.gradus.util.Config;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A functional model's graph as Keras's config, both ways ({@code keras/src/models/functional.py}:
 * {@code get_config}, {@code functional_from_config}, {@code serialize_node}/{@code deserialize_node}).
 *
 * <p>A call of a layer is a node; a tensor is named by {@code [layer name, node index, tensor index]}
 * (Keras's {@code keras_history}), the node index counting that layer's calls inside this model. A
 * functional model used as a layer has one extra node 0 (its own input-to-output node), so its calls
 * are numbered from 1, as Keras numbers them.
 */
final class FunctionalConfig {
    private FunctionalConfig() {}

    static Map<String, Object> write(Functional model) {
        Map<Layer, List<KerasTensor>> calls = calls(model);
        List<Object> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            Map<String, Object> entry = Layers.serialize(l);
            entry.put("name", l.name());
            List<Object> inbound = new ArrayList<>();
            for (KerasTensor node : calls.getOrDefault(l, List.of())) {
                List<Object> tensors = new ArrayList<>();
                for (KerasTensor in : node.inputs()) tensors.add(kerasTensor(in, calls));
                // #19: separate positional inputs (mha(query, value)) and the call's Keras arguments, as Keras writes them
                List<Object> args = l.takesPositionalInputs() ? tensors : List.of(node.listCall() ? tensors : tensors.get(0));
                inbound.add(Config.of("args", args, "kwargs", new LinkedHashMap<>(node.arguments())));
            }
            entry.put("inbound_nodes", inbound);
            layers.add(entry);
        }
        Object ins = structure(model.inputs(), model.inputKeys(), calls);
        Object outs = structure(model.outputs(), model.outputKeys(), calls);
        return Config.of("name", model.name(), "trainable", model.trainable(), "layers", layers, "input_layers", ins,
                "output_layers", outs);
    }

    /** input_layers / output_layers: a list of {@code [layer, node, tensor]}, or a map of them for map inputs / outputs. */
    private static Object structure(List<KerasTensor> ts, List<String> keys, Map<Layer, List<KerasTensor>> calls) {
        if (keys != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < ts.size(); i++) out.put(keys.get(i), history(ts.get(i), calls));
            return out;
        }
        List<Object> out = new ArrayList<>();
        for (KerasTensor t : ts) out.add(history(t, calls));
        return out;
    }

    /** Each layer's calls inside the model, in graph order. */
    private static Map<Layer, List<KerasTensor>> calls(Functional model) {
        Map<Layer, List<KerasTensor>> calls = new IdentityHashMap<>();
        for (KerasTensor node : model.nodes()) calls.computeIfAbsent(node.layer(), k -> new ArrayList<>()).add(node);
        return calls;
    }

    private static List<Object> history(KerasTensor t, Map<Layer, List<KerasTensor>> calls) {
        int index = 0;
        if (!(t.layer() instanceof InputLayer)) {
            List<KerasTensor> nodes = calls.get(t.layer());
            for (int i = 0; i < nodes.size(); i++) if (nodes.get(i) == t.callOutputs().get(0)) index = i;
            if (t.layer() instanceof Functional) index++;
        }
        return List.of(t.layer().name(), index, t.index());
    }

    private static Map<String, Object> kerasTensor(KerasTensor t, Map<Layer, List<KerasTensor>> calls) {
        List<Object> shape = new ArrayList<>();
        for (int d : t.shape()) shape.add(d == Layer.NONE ? null : d);
        return Config.of("class_name", "__keras_tensor__",
                "config", Config.of("shape", shape, "dtype", "float32", "keras_history", history(t, calls)));
    }

    // ------------------------------------------------------------------ reading

    /** A functional model from its config. */
    static Functional read(Map<String, Object> config) {
        Graph g = readGraph(config);
        return g.configure(Functional.make(g.inputs(), g.outputs(), g.inputKeys(), g.outputKeys()));
    }

    /** A config's graph ends, with their map keys (null for lists), and the model's name and trainable flag. */
    record Graph(List<KerasTensor> inputs, List<KerasTensor> outputs, List<String> inputKeys, List<String> outputKeys,
                 String name, boolean trainable) {
        <T extends Functional> T configure(T model) {
            if (name != null) model.name(name);
            model.keepTrainable(trainable);
            return model;
        }
    }

    /** Rebuilds the graph: every layer first, then its calls, repeated until each call's inputs exist. */
    static Graph readGraph(Map<String, Object> config) {
        Config.Reader r = Config.read("Functional", config);
        List<?> layerList = list(r.get("layers"), "layers");
        Object inputLayers = r.get("input_layers");
        Object outputLayers = r.get("output_layers");
        String name = r.getString("name", null);
        boolean trainable = r.getBoolean("trainable", true);
        // Keras passes what is left to the Model constructor; dtype is the only such key it writes
        Layer.checkDtype("Functional", r.get("dtype"));
        r.done();

        Map<String, Layer> created = new LinkedHashMap<>();
        Map<String, Deque<Object>> pending = new LinkedHashMap<>();
        Map<String, List<KerasTensor>> produced = new LinkedHashMap<>();
        for (int i = 0; i < layerList.size(); i++) {
            if (!(layerList.get(i) instanceof Map<?, ?> entry)) throw new IllegalArgumentException(
                    "Functional config: layers[" + i + "] must be a serialized layer object, got " + layerList.get(i));
            Map<String, Object> e = cast(entry);
            Layer layer = Layers.deserialize(e);
            String key = e.get("name") instanceof String s ? s : layer.name();
            if (created.containsKey(key)) throw new IllegalArgumentException("Functional config: two layers are named '" + key + "'");
            created.put(key, layer);
            List<KerasTensor> outs = new ArrayList<>();
            if (layer instanceof InputLayer in) outs.add(in.output());
            produced.put(key, outs);
            List<?> nodes = list(e.getOrDefault("inbound_nodes", List.of()), "layers[" + i + "].inbound_nodes");
            for (Object node : nodes) if (node == null) throw new IllegalArgumentException("Functional config: layers[" + i
                    + "].inbound_nodes must hold call records ({\"args\", \"kwargs\"} maps or tf.keras lists), got " + nodes);
            pending.put(key, new ArrayDeque<>(nodes));
        }
        boolean progress = true;
        while (progress && pending.values().stream().anyMatch(q -> !q.isEmpty())) {
            progress = false;
            for (Map.Entry<String, Deque<Object>> p : pending.entrySet()) {
                Deque<Object> queue = p.getValue();
                while (!queue.isEmpty()) {
                    KerasTensor out = call(created.get(p.getKey()), queue.peek(), created, produced);
                    if (out == null) break; // an input is not made yet: a layer shared at several depths
                    produced.get(p.getKey()).add(out);
                    queue.poll();
                    progress = true;
                }
            }
        }
        for (Map.Entry<String, Deque<Object>> p : pending.entrySet()) if (!p.getValue().isEmpty())
            throw new IllegalArgumentException("Functional config: the inputs of layer '" + p.getKey() + "' call "
                    + p.getValue().peek() + " are never produced by any layer of the model");

        return new Graph(tensors(inputLayers, "input_layers", created, produced),
                tensors(outputLayers, "output_layers", created, produced), mapKeys(inputLayers), mapKeys(outputLayers),
                name, trainable);
    }

    /** The sorted keys of a map-structured input_layers / output_layers (Keras's flattening order), or null for a list. */
    private static List<String> mapKeys(Object refs) {
        if (!(refs instanceof Map<?, ?> m)) return null;
        List<String> keys = new ArrayList<>();
        for (Object k : new java.util.TreeMap<>(m).keySet()) keys.add(String.valueOf(k));
        return keys;
    }

    /** One call of {@code layer} from its node data, or null when one of its inputs does not exist yet. */
    private static KerasTensor call(Layer layer, Object node, Map<String, Layer> created, Map<String, List<KerasTensor>> produced) {
        String where = "Functional config: layer '" + layer.name() + "' inbound node " + node;
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs;
        boolean listCall;
        if (node instanceof List<?> legacy) {
            // tf.keras 2: [["dense", 0, 0, {kwargs}], ...]; one entry is a plain call, several a list call
            if (legacy.isEmpty()) throw new IllegalArgumentException(where + ": empty node");
            kwargs = new LinkedHashMap<>();
            for (Object o : legacy) {
                List<?> ref = list(o, "inbound node entry");
                if (ref.size() < 3 || ref.size() > 4) throw new IllegalArgumentException(where
                        + ": each entry must be [layer, node_index, tensor_index(, kwargs)], got " + ref);
                args.add(ref.subList(0, 3));
                if (ref.size() == 4 && ref.get(3) instanceof Map<?, ?> kw) kwargs.putAll(cast(kw));
            }
            listCall = args.size() > 1;
        } else if (node instanceof Map<?, ?> m) {
            List<?> a = list(m.get("args"), "inbound node args");
            boolean positional = a.size() > 1 && layer.takesPositionalInputs(); // #19: mha(query, value[, key])
            if (a.size() != 1 && !positional) throw new IllegalArgumentException(where + ": expected one positional argument (a tensor or a"
                    + " list of tensors), got " + a.size());
            kwargs = m.get("kwargs") == null ? new LinkedHashMap<>() : cast(m.get("kwargs"));
            listCall = positional || a.get(0) instanceof List;
            if (positional) args.addAll(a);
            else if (listCall) args.addAll((List<?>) a.get(0));
            else args.add(a.get(0));
        } else {
            throw new IllegalArgumentException(where + ": expected a {\"args\", \"kwargs\"} map or a tf.keras list");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            // Keras records mask=None and the training default of the call's signature (Dropout's False);
            // when the model runs, its own training flag replaces the recorded one, so it changes nothing
            if (kw.getValue() == null || kw.getKey().equals("training") && kw.getValue() instanceof Boolean) continue;
            // #19: a layer's own call arguments (MultiHeadAttention's use_causal_mask, return_attention_scores)
            if (layer.callArguments().contains(kw.getKey()) && kw.getValue() instanceof Boolean) {
                arguments.put(kw.getKey(), kw.getValue());
                continue;
            }
            throw new IllegalArgumentException(where + ": call argument " + kw.getKey() + "=" + kw.getValue()
                        + " is not supported (Gradus calls take only the inputs and a training flag)");
        }
        List<KerasTensor> inputs = new ArrayList<>();
        for (Object a : args) {
            KerasTensor t = resolve(a, where, created, produced);
            if (t == null) return null;
            inputs.add(t);
        }
        if (!arguments.isEmpty()) return layer.applySymbolicAll(inputs, arguments).get(0);
        if (layer.outputCount() > 1) // a layer with several outputs: the call is recorded by its first (#19)
            return (listCall ? layer.applySymbolicAll(inputs) : layer.applyAll(inputs.get(0))).get(0);
        return listCall ? layer.applySymbolic(inputs) : layer.apply(inputs.get(0));
    }

    /** A tensor reference: Keras 3's {@code __keras_tensor__} object or a bare {@code [layer, node, tensor]}. */
    private static KerasTensor resolve(Object ref, String where, Map<String, Layer> created, Map<String, List<KerasTensor>> produced) {
        Object history = ref;
        if (ref instanceof Map<?, ?> m) {
            if (!"__keras_tensor__".equals(m.get("class_name")) || !(m.get("config") instanceof Map<?, ?> c))
                throw new IllegalArgumentException(where + ": expected a __keras_tensor__ argument, got " + ref);
            history = c.get("keras_history");
        }
        List<?> h = list(history, "keras_history");
        if (h.size() != 3 || !(h.get(0) instanceof String layerName) || !(h.get(1) instanceof Number node)
                || !(h.get(2) instanceof Number tensor)) throw new IllegalArgumentException(where
                + ": keras_history must be [layer_name, node_index, tensor_index], got " + history);
        Layer source = created.get(layerName);
        if (source == null) throw new IllegalArgumentException(where + ": unknown layer '" + layerName + "'");
        int index = node.intValue() - (source instanceof Functional ? 1 : 0);
        List<KerasTensor> outs = produced.get(layerName);
        if (index < 0) throw new IllegalArgumentException(where + ": node index " + node + " of layer '" + layerName + "'");
        if (index >= outs.size()) return null;
        List<KerasTensor> call = outs.get(index).callOutputs();
        if (tensor.intValue() < 0 || tensor.intValue() >= call.size()) throw new IllegalArgumentException(where
                + ": tensor index " + tensor + " of layer '" + layerName + "', whose call has " + call.size() + " output"
                + (call.size() == 1 ? "" : "s"));
        return call.get(tensor.intValue());
    }

    /** input_layers / output_layers: a list of {@code [layer, node, tensor]} (or one such triple). */
    private static List<KerasTensor> tensors(Object refs, String key, Map<String, Layer> created, Map<String, List<KerasTensor>> produced) {
        List<?> list = refs instanceof Map<?, ?> m ? new ArrayList<>(new java.util.TreeMap<>(m).values()) : list(refs, key);
        if (list.size() == 3 && list.get(0) instanceof String) list = List.of(list);
        List<KerasTensor> out = new ArrayList<>();
        for (Object ref : list) {
            KerasTensor t = resolve(ref, "Functional config: " + key, created, produced);
            if (t == null) throw new IllegalArgumentException("Functional config: " + key + " names " + ref
                    + ", a call that the layers' inbound_nodes never make");
            out.add(t);
        }
        return out;
    }

    private static List<?> list(Object o, String what) {
        if (o instanceof List<?> l) return l;
        throw new IllegalArgumentException("Functional config: " + what + " must be a list, got " + o);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object m) {
        return (Map<String, Object>) m;
    }
}
