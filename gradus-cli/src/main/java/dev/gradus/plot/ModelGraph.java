package dev.gradus.plot;

import dev.gradus.layers.InputLayer;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.Layer;
import dev.gradus.models.Functional;
import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph Keras's {@code model_to_dot} draws, from the model's public structure: one box per layer
 * (a functional model's layers, InputLayers included, in their order; a Sequential's layers chained),
 * an edge from each call's input layer to the layer called, and with {@code expand_nested} a nested
 * model as a group whose edges reach into it (to its InputLayer or first layer, from the layer that
 * makes its output), as Keras resolves them. A subclassed model is one box.
 */
final class ModelGraph {
    /** A box: the layer, with the input shapes and output shape it was called with (null when unknown). */
    record Node(String id, Layer layer, List<int[]> inputShapes, int[] outputShape) {}

    /** A nested model drawn as a group of its own items. */
    record Cluster(String id, Model model, List<Object> items) {}

    record Edge(String from, String to) {}

    final List<Object> items = new ArrayList<>();
    final Set<Edge> edges = new LinkedHashSet<>();
    private final Map<Layer, String> ids = new IdentityHashMap<>();
    private final boolean expand;

    private ModelGraph(boolean expand) {
        this.expand = expand;
    }

    static ModelGraph of(Model model, boolean expandNested) {
        ModelGraph g = new ModelGraph(expandNested);
        g.add(model, g.items, true);
        return g;
    }

    private String id(Layer layer) {
        return ids.computeIfAbsent(layer, l -> "n" + ids.size());
    }

    private void add(Model model, List<Object> into, boolean top) {
        if (model instanceof Sequential s) {
            List<Layer> layers = s.layers();
            for (Layer l : layers) {
                List<int[]> in = l.builtInputShapes();
                int[] out = null;
                try {
                    if (in != null) out = in.size() == 1 ? l.computeOutputShape(in.get(0)) : l.computeOutputShapes(in);
                } catch (RuntimeException e) {
                    out = null; // as Keras's "?" for a shape it cannot read
                }
                node(l, in, out, into);
            }
            for (int i = 0; i + 1 < layers.size(); i++) edges.add(new Edge(id(exit(layers.get(i))), id(entry(layers.get(i + 1), 0))));
        } else if (model instanceof Functional f) {
            Map<Layer, KerasTensor> produced = new IdentityHashMap<>();
            List<KerasTensor> calls = new ArrayList<>();
            collect(f.outputs(), produced, calls, new IdentityHashMap<>());
            for (KerasTensor t : f.inputs()) produced.putIfAbsent(t.layer(), t);
            for (Layer l : f.layers()) {
                KerasTensor t = produced.get(l);
                List<int[]> in = null;
                if (t != null && !(l instanceof InputLayer)) {
                    in = new ArrayList<>();
                    for (KerasTensor x : t.inputs()) in.add(x.shape());
                }
                node(l, in, t == null ? null : t.shape(), into);
            }
            for (KerasTensor t : calls) {
                for (int i = 0; i < t.inputs().size(); i++) {
                    Layer source = t.inputs().get(i).layer();
                    edges.add(new Edge(id(exit(source)), id(entry(t.layer(), i))));
                }
            }
        } else if (top) {
            node(model, null, null, into);
        }
    }

    private void node(Layer l, List<int[]> in, int[] out, List<Object> into) {
        if (expand && l instanceof Model m && (m instanceof Sequential || m instanceof Functional)) {
            List<Object> inner = new ArrayList<>();
            Cluster c = new Cluster("cluster_" + m.name(), m, inner);
            into.add(c);
            add(m, inner, false);
        } else {
            into.add(new Node(id(l), l, in, out));
        }
    }

    /** Every call reachable from the outputs, inputs first (the graph's topological order). */
    private static void collect(List<KerasTensor> from, Map<Layer, KerasTensor> produced, List<KerasTensor> calls,
                                Map<KerasTensor, Boolean> seen) {
        for (KerasTensor t : from) {
            if (seen.put(t, Boolean.TRUE) != null) continue;
            collect(t.inputs(), produced, calls, seen);
            produced.putIfAbsent(t.layer(), t);
            if (!t.inputs().isEmpty()) calls.add(t);
        }
    }

    /** The box an edge into {@code layer}'s {@code index}-th input reaches. */
    private Layer entry(Layer layer, int index) {
        if (!expand) return layer;
        if (layer instanceof Functional f) return entry(f.inputs().get(Math.min(index, f.inputs().size() - 1)).layer(), 0);
        if (layer instanceof Sequential s && !s.layers().isEmpty()) return entry(s.layers().get(0), index);
        return layer;
    }

    /** The box an edge out of {@code layer} leaves from. */
    private Layer exit(Layer layer) {
        if (!expand) return layer;
        if (layer instanceof Functional f) return exit(f.outputs().get(0).layer());
        if (layer instanceof Sequential s && !s.layers().isEmpty()) return exit(s.layers().get(s.layers().size() - 1));
        return layer;
    }
}
