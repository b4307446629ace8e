package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One element of a {@link Dataset}: Keras's {@code (x, y, sample_weight)} tuple. Before
 * {@link Dataset#batch} an element is one sample; after it, each tensor has a leading batch axis.
 * {@code targets} is empty and {@code sampleWeight} null when the dataset has none (the
 * {@code predict} case). Several inputs or targets serve multi-input and multi-output models.
 *
 * <p>Keras's dict-structured data: {@code inputNames} and {@code targetNames}, when not null, name
 * each input and target ({@link #of(Map, Map)}), and a model matches them to its inputs and outputs
 * by name ({@link #aligned}). Null names mean positional data, in the model's order.
 */
public record Batch(List<Tensor> inputs, List<Tensor> targets, Tensor sampleWeight, List<String> inputNames,
                    List<String> targetNames) {

    /** Positional data: inputs and targets in the model's input and output order. */
    public Batch(List<Tensor> inputs, List<Tensor> targets, Tensor sampleWeight) {
        this(inputs, targets, sampleWeight, null, null);
    }

    public Batch {
        if (inputs == null || inputs.isEmpty())
            throw new IllegalArgumentException("Batch: inputs must hold at least one tensor, got "
                    + (inputs == null ? "null" : "an empty list"));
        if (targets == null) targets = List.of();
        for (int k = 0; k < inputs.size(); k++)
            if (inputs.get(k) == null) throw new IllegalArgumentException("Batch: inputs[" + k + "] is null");
        for (int k = 0; k < targets.size(); k++)
            if (targets.get(k) == null) throw new IllegalArgumentException("Batch: targets[" + k + "] is null");
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        inputNames = names("inputNames", inputNames, inputs.size());
        targetNames = names("targetNames", targetNames, targets.size());
        if (sampleWeight != null && targets.isEmpty())
            throw new IllegalArgumentException("Batch: a sample_weight needs targets (Keras's (x, y, sample_weight)), got none");
    }

    public static Batch of(Tensor x) {
        return new Batch(List.of(x), List.of(), null);
    }

    public static Batch of(Tensor x, Tensor y) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), null);
    }

    public static Batch of(Tensor x, Tensor y, Tensor sampleWeight) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), sampleWeight);
    }

    /** The input, for a single-input element. */
    public Tensor x() {
        if (inputs.size() != 1) throw new IllegalStateException(
                "Batch.x(): this element has " + inputs.size() + " inputs; read them with inputs()");
        return inputs.get(0);
    }

    /** The target for a single-target element, or null when there is none. */
    public Tensor y() {
        if (targets.size() > 1) throw new IllegalStateException(
                "Batch.y(): this element has " + targets.size() + " targets; read them with targets()");
        return targets.isEmpty() ? null : targets.get(0);
    }

    /** The leading dimension of the first input: the number of samples in a batched element. */
    public int size() {
        Tensor x = inputs.get(0);
        if (x.rank() == 0) throw new IllegalStateException("Batch.size(): the input is a scalar, so this element is not batched");
        return x.dim(0);
    }

    /** The same targets and weights with new inputs (the usual shape of a {@code map} function). */
    public Batch withX(Tensor x) {
        return new Batch(List.of(x), targets, sampleWeight, null, targetNames);
    }

    public Batch withY(Tensor y) {
        return new Batch(inputs, List.of(y), sampleWeight, inputNames, null);
    }

    // ------------------------------------------------------------------ dict-structured data (issue #19)

    private static List<String> names(String what, List<String> names, int count) {
        if (names == null) return null;
        if (names.size() != count) throw new IllegalArgumentException("Batch: " + what + " has " + names.size()
                + " names for " + count + " tensors");
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null) throw new IllegalArgumentException("Batch: " + what + " holds a null name");
            if (!seen.add(n)) throw new IllegalArgumentException("Batch: " + what + " names '" + n + "' twice");
        }
        return List.copyOf(names);
    }

    /**
     * Keras's {@code (x_dict, y_dict)} element: inputs keyed by input name, targets by output name
     * ({@code y} may be null or empty for {@code predict}). Keys are kept sorted, the order of Keras's
     * flattened dicts.
     */
    public static Batch of(Map<String, Tensor> x, Map<String, Tensor> y) {
        return of(x, y, null);
    }

    /** Inputs keyed by input name and no targets ({@code predict}). */
    public static Batch of(Map<String, Tensor> x) {
        return of(x, (Map<String, Tensor>) null, null);
    }

    /**
     * Inputs keyed by input name and one positional target: the structured-data examples'
     * {@code (dict(dataframe), labels)} element for a single-output model.
     */
    public static Batch of(Map<String, Tensor> x, Tensor y) {
        Batch b = of(x);
        if (y == null) throw new IllegalArgumentException("Batch: y is null; use Batch.of(x) for an element without targets");
        return new Batch(b.inputs, List.of(y), null, b.inputNames, null);
    }

    /** As {@link #of(Map, Map)}, with one sample weight for every output. */
    public static Batch of(Map<String, Tensor> x, Map<String, Tensor> y, Tensor sampleWeight) {
        if (x == null || x.isEmpty()) throw new IllegalArgumentException("Batch: x must map at least one input name to a"
                + " tensor, got " + (x == null ? "null" : "an empty map"));
        Map<String, Tensor> xs = sorted("x", x), ys = sorted("y", y == null ? Map.of() : y);
        return new Batch(new ArrayList<>(xs.values()), new ArrayList<>(ys.values()), sampleWeight,
                new ArrayList<>(xs.keySet()), ys.isEmpty() ? null : new ArrayList<>(ys.keySet()));
    }

    private static Map<String, Tensor> sorted(String what, Map<String, Tensor> m) {
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : m.entrySet()) {
            if (e.getKey() == null) throw new IllegalArgumentException("Batch: " + what + " has a null key");
            if (e.getValue() == null) throw new IllegalArgumentException("Batch: " + what + "['" + e.getKey() + "'] is null");
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Whether the inputs are named (a dict-structured element). */
    public boolean named() {
        return inputNames != null;
    }

    /** The input called {@code name}; an unknown name lists the known ones. */
    public Tensor input(String name) {
        return byName("input", inputs, inputNames, name);
    }

    /** The target called {@code name} (an output name); an unknown name lists the known ones. */
    public Tensor target(String name) {
        return byName("target", targets, targetNames, name);
    }

    /** The inputs keyed by name, in order (Keras's {@code x} dict). */
    public Map<String, Tensor> inputMap() {
        return asMap("inputs", inputs, inputNames);
    }

    /** The targets keyed by output name, in order (Keras's {@code y} dict). */
    public Map<String, Tensor> targetMap() {
        return asMap("targets", targets, targetNames);
    }

    private static Tensor byName(String what, List<Tensor> ts, List<String> names, String name) {
        if (names == null) throw new IllegalStateException("Batch: the " + what + "s are positional, not named; read them with "
                + what + "s()");
        int i = names.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("Batch: no " + what + " named '" + name + "'; the " + what
                + "s are " + names);
        return ts.get(i);
    }

    private static Map<String, Tensor> asMap(String what, List<Tensor> ts, List<String> names) {
        if (names == null) throw new IllegalStateException("Batch: the " + what + " are positional, not named");
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < ts.size(); i++) out.put(names.get(i), ts.get(i));
        return out;
    }

    /** The same structure (names kept) with new tensors: a batch's rows, a shard, new sample weights. */
    public Batch withTensors(List<Tensor> inputs, List<Tensor> targets, Tensor sampleWeight) {
        return new Batch(inputs, targets, sampleWeight, inputNames, targets.isEmpty() ? null : targetNames);
    }

    /**
     * This element in a model's order, as Keras matches a dict to a model's inputs and outputs: named
     * inputs are taken by {@code modelInputs} (keys the model does not use are ignored, as Keras
     * ignores them); named targets must be exactly {@code modelOutputs} (null: targets are not used,
     * as in {@code predict}, and stay as they are). Errors name the missing and
     * unexpected keys. Positional data is returned as it is. The result keeps the model's names, so a
     * custom step can still read {@link #input(String)}.
     */
    public Batch aligned(List<String> modelInputs, List<String> modelOutputs) {
        List<Tensor> xs = inputs;
        List<String> xNames = inputNames;
        if (inputNames != null) {
            if (modelInputs == null || modelInputs.isEmpty()) throw new IllegalArgumentException("The data's inputs are named "
                    + inputNames + " but the model's inputs have no names to match them: functional models name their inputs"
                    + " (Input.of(name, ...)); give this model positional data, or override its inputNames()");
            xs = pick("inputs", "x", inputs, inputNames, modelInputs, false);
            xNames = modelInputs;
        }
        List<Tensor> ys = targets;
        List<String> yNames = targetNames;
        if (targetNames != null && modelOutputs != null) {
            ys = pick("outputs", "y", targets, targetNames, modelOutputs, true);
            yNames = modelOutputs;
        }
        if (xs == inputs && ys == targets) return this;
        return new Batch(xs, ys, sampleWeight, xNames, yNames);
    }

    private static List<Tensor> pick(String of, String what, List<Tensor> ts, List<String> names, List<String> wanted,
                                     boolean exact) {
        List<String> missing = new ArrayList<>();
        for (String w : wanted) if (!names.contains(w)) missing.add(w);
        List<String> unexpected = new ArrayList<>();
        if (exact) for (String n : names) if (!wanted.contains(n)) unexpected.add(n);
        if (!missing.isEmpty() || !unexpected.isEmpty()) throw new IllegalArgumentException("The keys of `" + what
                + "` do not match the model's " + of + ": expected keys " + wanted + ", received " + names
                + (missing.isEmpty() ? "" : "; missing " + missing) + (unexpected.isEmpty() ? "" : "; unexpected " + unexpected));
        List<Tensor> out = new ArrayList<>(wanted.size());
        for (String w : wanted) out.add(ts.get(names.indexOf(w)));
        return out;
    }
}
