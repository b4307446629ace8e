package dev.gradus.training;

import dev.gradus.layers.Masks;
import dev.gradus.metrics.MeanMetricWrapper;
import dev.gradus.metrics.Metric;
import dev.gradus.metrics.Metrics;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keras's {@code CompileMetrics}: {@code metrics} (updated without sample weights) and
 * {@code weighted_metrics} (with them), per output, resolved on the first batch so that
 * {@code "accuracy"}/{@code "acc"} and {@code "crossentropy"}/{@code "ce"} pick the binary, sparse
 * or categorical variant from the shapes. With several outputs, names are prefixed by the output's
 * name; a weighted metric whose name collides with an unweighted one becomes {@code weighted_<name>}.
 */
final class CompiledMetrics {
    private final Object metricsSpec;
    private final Object weightedSpec;
    private List<List<Metric>> unweighted;
    private List<List<Metric>> weighted;
    private final List<Metric> flat = new ArrayList<>();

    CompiledMetrics(Object metricsSpec, Object weightedSpec) {
        this.metricsSpec = metricsSpec;
        this.weightedSpec = weightedSpec;
    }

    boolean isEmpty() {
        return metricsSpec == null && weightedSpec == null;
    }

    static boolean isBinary(Tensor pred) {
        return pred.rank() > 0 && pred.shape().get(-1) == 1;
    }

    static boolean isSparse(Tensor y, Tensor pred) {
        return y.rank() < pred.rank() || (y.rank() > 0 && y.shape().get(-1) == 1 && pred.shape().get(-1) > 1);
    }

    /** Spreads a per-model spec over the outputs: a list in output order, a map by output name, or one value for all. */
    static List<Object> perOutput(Object spec, List<String> outputNames, String argument) {
        int n = outputNames.size();
        if (spec instanceof List<?> l && (n > 1 || argument.equals("loss") || argument.equals("loss_weights"))) {
            if (l.size() != n) throw new IllegalArgumentException("compile: " + argument + " is a list of " + l.size()
                    + " entries but the model has " + n + " output" + (n == 1 ? "" : "s") + " " + outputNames);
            return new ArrayList<>(l);
        }
        if (spec instanceof Map<?, ?> m && !m.containsKey("class_name")) {
            for (Object k : m.keySet()) if (!outputNames.contains(k)) throw new IllegalArgumentException("compile: "
                    + argument + " has key '" + k + "', which is not an output name; outputs are " + outputNames);
            List<Object> out = new ArrayList<>();
            for (String name : outputNames) out.add(m.get(name));
            return out;
        }
        return new ArrayList<>(Collections.nCopies(n, spec));
    }

    private List<List<Metric>> build(Object spec, List<String> outputNames, List<Tensor> ys, List<Tensor> preds, String argument) {
        List<List<Metric>> out = new ArrayList<>();
        int n = outputNames.size();
        List<Object> perOutput;
        if (spec == null) perOutput = new ArrayList<>(Collections.nCopies(n, null));
        else if (n == 1) perOutput = List.of(spec instanceof Map<?, ?> m && !m.containsKey("class_name") && m.size() == 1
                ? m.values().iterator().next() : spec);
        else perOutput = perOutput(spec, outputNames, argument);
        for (int i = 0; i < n; i++) {
            List<Metric> ms = new ArrayList<>();
            Object s = perOutput.get(i);
            List<?> items = s == null ? List.of() : s instanceof List<?> l ? l : List.of(s);
            for (Object item : items) {
                if (item == null) continue;
                Metric m = resolve(item, ys.get(i), preds.get(i));
                if (n > 1) m.name(outputNames.get(i) + "_" + m.name());
                ms.add(m);
            }
            out.add(ms);
        }
        return out;
    }

    static Metric resolve(Object id, Tensor y, Tensor pred) {
        if (id instanceof String s) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.equals("accuracy") || lower.equals("acc")) {
                String cls = isBinary(pred) ? "BinaryAccuracy" : isSparse(y, pred) ? "SparseCategoricalAccuracy" : "CategoricalAccuracy";
                return Metrics.get(Config.serialized(cls, Config.of("name", s)));
            }
            if (s.equals("crossentropy") || s.equals("ce")) {
                String cls = isBinary(pred) ? "BinaryCrossentropy" : isSparse(y, pred) ? "SparseCategoricalCrossentropy" : "CategoricalCrossentropy";
                return Metrics.get(Config.serialized(cls, Config.of("name", s)));
            }
        }
        Metric m = Metrics.get(id);
        // Keras names a metric given by its function name or alias after the string ("mse" -> "mse");
        // a class name ("MeanSquaredError") keeps the class's default name
        if (id instanceof String s && !s.isEmpty() && Character.isLowerCase(s.charAt(0)) && !m.name().equals(s)) m.name(s);
        return m;
    }

    /** Resolves the metrics from a batch's targets and outputs (their shapes pick the variants), once. */
    void build(List<String> outputNames, List<Tensor> ys, List<Tensor> preds) {
        if (unweighted == null) {
            unweighted = build(metricsSpec, outputNames, ys, preds, "metrics");
            weighted = build(weightedSpec, outputNames, ys, preds, "weighted_metrics");
            Set<String> names = new HashSet<>();
            for (List<Metric> ms : unweighted) for (Metric m : ms) rename(m, names, false);
            for (List<Metric> ms : weighted) for (Metric m : ms) rename(m, names, true);
            for (List<Metric> ms : unweighted) flat.addAll(ms);
            for (List<Metric> ms : weighted) flat.addAll(ms);
        }
    }

    void update(List<String> outputNames, List<Tensor> ys, List<Tensor> preds, Tensor sampleWeight) {
        build(outputNames, ys, preds);
        for (int i = 0; i < outputNames.size(); i++) {
            Tensor mask = Masks.get(preds.get(i));
            for (Metric m : unweighted.get(i)) m.updateState(ys.get(i), preds.get(i), maskedWeight(m, null, mask));
            for (Metric m : weighted.get(i)) m.updateState(ys.get(i), preds.get(i), maskedWeight(m, sampleWeight, mask));
        }
    }

    /**
     * Keras's MeanMetricWrapper reads the mask attached to {@code y_pred} and multiplies it, as 0/1
     * weights, into the sample weight (or uses it as the weight); other metrics ignore the mask.
     */
    static Tensor maskedWeight(Metric m, Tensor sampleWeight, Tensor mask) {
        if (mask == null || !(m instanceof MeanMetricWrapper)) return sampleWeight;
        Tensor weight = Ops.notEqual(mask, 0);
        if (sampleWeight == null) return weight;
        Tensor[] aligned = Ops.squeezeOrExpandToSameRank(weight, sampleWeight, true);
        return Ops.mul(aligned[1], aligned[0]);
    }

    private static void rename(Metric m, Set<String> names, boolean weighted) {
        String name = m.name();
        if (names.contains(name) && weighted) name = "weighted_" + name;
        String base = name;
        for (int k = 1; names.contains(name); k++) name = base + "_" + k;
        if (!name.equals(m.name())) m.name(name);
        names.add(name);
    }

    /** The metrics, unweighted first, in compile order (empty until the first batch). */
    List<Metric> metrics() {
        return Collections.unmodifiableList(flat);
    }

    boolean built() {
        return unweighted != null;
    }
}
