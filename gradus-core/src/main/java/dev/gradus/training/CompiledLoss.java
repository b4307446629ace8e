package dev.gradus.training;

import dev.gradus.layers.Masks;
import dev.gradus.losses.Loss;
import dev.gradus.losses.Losses;
import dev.gradus.metrics.Metric;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code CompileLoss}: one loss per output (or none), resolved on the first batch (so that
 * {@code "crossentropy"}/{@code "ce"} can look at the shapes), weighted by {@code loss_weights} and
 * summed. With more than one loss, each output's unweighted loss is also tracked as
 * {@code <output_name>_loss}.
 */
final class CompiledLoss {
    private final Object spec;
    private final Object weightsSpec;
    private List<Loss> losses;
    private double[] weights;
    private final List<LossMean> trackers = new ArrayList<>();
    private final List<Integer> tracked = new ArrayList<>();

    CompiledLoss(Object spec, Object weightsSpec) {
        this.spec = spec;
        this.weightsSpec = weightsSpec;
        // resolve names now so that an unknown loss fails at compile time, as Keras
        for (Object s : flatSpecs(spec)) if (s instanceof String name && !isCrossentropyAlias(name)) Losses.get(name);
    }

    private static List<Object> flatSpecs(Object spec) {
        List<Object> out = new ArrayList<>();
        if (spec instanceof List<?> l) out.addAll(l);
        else if (spec instanceof Map<?, ?> m && !m.containsKey("class_name")) out.addAll(m.values());
        else out.add(spec);
        return out;
    }

    static boolean isCrossentropyAlias(String s) {
        return s.equals("crossentropy") || s.equals("ce");
    }

    boolean hasLoss() {
        return spec != null;
    }

    void build(List<String> outputNames, List<Tensor> ys, List<Tensor> preds) {
        int n = outputNames.size();
        List<Object> perOutput = CompiledMetrics.perOutput(spec, outputNames, "loss");
        losses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object s = perOutput.get(i);
            if (s == null) {
                losses.add(null);
                continue;
            }
            if (i >= ys.size() || ys.get(i) == null) throw new IllegalArgumentException("compile: output '"
                    + outputNames.get(i) + "' has a loss but no target was given for it");
            losses.add(resolve(s, ys.get(i), preds.get(i)));
        }
        weights = new double[n];
        java.util.Arrays.fill(weights, 1.0);
        if (weightsSpec != null) {
            List<Object> w = weightsSpec instanceof Number ? java.util.Collections.nCopies(n, weightsSpec)
                    : CompiledMetrics.perOutput(weightsSpec, outputNames, "loss_weights");
            for (int i = 0; i < n; i++) if (w.get(i) != null) weights[i] = ((Number) w.get(i)).doubleValue();
        }
        int count = 0;
        for (Loss l : losses) if (l != null) count++;
        if (count > 1) for (int i = 0; i < n; i++) if (losses.get(i) != null) {
            trackers.add(new LossMean(outputNames.get(i) + "_loss"));
            tracked.add(i);
        }
    }

    static Loss resolve(Object s, Tensor y, Tensor pred) {
        if (s instanceof String name && isCrossentropyAlias(name)) {
            String fn = CompiledMetrics.isBinary(pred) ? "binary_crossentropy"
                    : CompiledMetrics.isSparse(y, pred) ? "sparse_categorical_crossentropy" : "categorical_crossentropy";
            return Losses.get(fn).name(name);
        }
        Loss loss = Losses.get(s);
        if (loss == null) throw new IllegalArgumentException("compile: could not interpret loss " + s);
        return loss;
    }

    /** A batch's loss: the weighted total, and each tracked output's unweighted loss (tracker order; empty with one loss). */
    record Terms(Tensor total, List<Tensor> perOutput) {}

    /** The loss of a batch; the per-output trackers are not touched ({@link #track} does that, once per global batch). */
    Terms call(List<String> outputNames, List<Tensor> ys, List<Tensor> preds, Tensor sampleWeight) {
        if (losses == null) build(outputNames, ys, preds);
        Tensor total = null;
        List<Tensor> perOutput = new ArrayList<>(tracked.size());
        for (int i = 0; i < losses.size(); i++) {
            Loss l = losses.get(i);
            if (l == null) continue;
            // Keras's Loss.__call__ reads the mask attached to y_pred (Embedding(mask_zero), Masking) and folds it into the weights
            Tensor value = l.call(ys.get(i), preds.get(i), sampleWeight, Masks.get(preds.get(i)));
            if (tracked.contains(i)) perOutput.add(value);
            Tensor weighted = weights[i] == 1.0 ? value : value.mul(weights[i]);
            total = total == null ? weighted : Ops.add(total, weighted);
        }
        return new Terms(total, perOutput);
    }

    /** Adds each output's loss of a batch of {@code batchSize} samples to its {@code <output>_loss} tracker. */
    void track(List<Tensor> perOutput, int batchSize) {
        for (int t = 0; t < perOutput.size(); t++) trackers.get(t).update(perOutput.get(t), batchSize);
    }

    boolean built() {
        return losses != null;
    }

    List<Metric> metrics() {
        return new ArrayList<>(trackers);
    }
}
