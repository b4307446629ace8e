package dev.gradus.training;

import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns what the user passed to {@code fit}, {@code evaluate} and {@code predict} into batch sources
 * (Keras's data adapters): checks the arrays agree, holds out {@code validation_split}, turns class
 * weights into sample weights.
 */
final class TrainingData {
    private TrainingData() {}

    /** The training batches and, if any, the validation batches of one {@code fit}. */
    record FitSources(BatchSource train, BatchSource validation) {}

    static FitSources forFit(List<Tensor> xs, List<Tensor> ys, FitOptions o, Model model) {
        checkData("fit", xs, ys, o.sampleWeight);
        Tensor sw = o.sampleWeight;
        if (o.classWeight != null) {
            if (sw != null) throw new IllegalArgumentException(
                    "You cannot `class_weight` and `sample_weight` at the same time.");
            if (ys.size() != 1) throw new IllegalArgumentException(
                    "`class_weight` is only supported for Models with a single output, got " + ys.size() + " targets");
            sw = classWeightToSampleWeights(ys.get(0), o.classWeight);
        }
        List<Tensor> trainX = xs, trainY = ys;
        Tensor trainSw = sw;
        List<Tensor> valX = o.validationX, valY = o.validationY;
        Tensor valSw = o.validationSampleWeight;
        if (o.validationSplit > 0 && valX == null && o.validationDataset == null) {
            int n = xs.get(0).shape().get(0);
            int splitAt = (int) Math.floor(n * (1.0 - o.validationSplit));
            if (splitAt == 0 || splitAt == n) throw new IllegalArgumentException("Training data contains " + n
                    + " samples, which is not sufficient to split it into a validation and training set as specified by "
                    + "`validation_split=" + o.validationSplit + "`. Either provide more data, or a different value for the "
                    + "`validation_split` argument.");
            trainX = rows(xs, 0, splitAt);
            trainY = rows(ys, 0, splitAt);
            valX = rows(xs, splitAt, n);
            valY = rows(ys, splitAt, n);
            trainSw = sw == null ? null : Ops.slice(sw, 0, 0, splitAt);
            // class weights apply to training only: validation keeps the caller's sample weights (none)
            valSw = o.sampleWeight == null ? null : Ops.slice(o.sampleWeight, 0, splitAt, n);
        }
        int batchSize = o.batchSize != null ? o.batchSize : 32;
        BatchSource train = new ArraySource(trainX, trainY, trainSw, batchSize, o.shuffle, o.seed);
        return new FitSources(train, validation(valX, valY, valSw, o, model));
    }

    /** A batched {@link Dataset}: {@code batch_size}, {@code shuffle} and {@code validation_split} do not apply. */
    static FitSources forFit(Dataset data, FitOptions o, Model model) {
        if (o.validationSplit > 0) throw new IllegalArgumentException(
                "`validation_split` is only supported for tensors and arrays, not for a Dataset; pass validation data instead");
        if (o.sampleWeight != null) throw new IllegalArgumentException(
                "`sample_weight` cannot be given with a Dataset: put the weights in the dataset's elements");
        return new FitSources(DatasetSource.of(data, o.classWeight, "fit", model),
                validation(o.validationX, o.validationY, o.validationSampleWeight, o, model));
    }

    private static BatchSource validation(List<Tensor> valX, List<Tensor> valY, Tensor valSw, FitOptions o, Model model) {
        if (valX != null && valX == o.validationX && o.validationNamed != null) {
            // validation_data given as maps: put in the model's order by name
            Batch v = o.validationNamed.aligned(model.inputNames(), model.outputNames());
            valX = v.inputs();
            valY = v.targets();
        }
        if (valX != null) {
            checkData("validation_data", valX, valY, valSw);
            int vbs = o.validationBatchSize != null ? o.validationBatchSize : o.batchSize != null ? o.batchSize : 32;
            return new ArraySource(valX, valY, valSw, vbs, "false", 0);
        }
        return o.validationDataset == null ? null : DatasetSource.of(o.validationDataset, null, "validation_data", model);
    }

    static BatchSource forEvaluate(List<Tensor> xs, List<Tensor> ys, EvaluateOptions o) {
        checkData("evaluate", xs, ys, o.sampleWeight);
        return new ArraySource(xs, ys, o.sampleWeight, o.batchSize != null ? o.batchSize : 32, "false", 0);
    }

    static BatchSource forEvaluate(Dataset data, EvaluateOptions o, Model model) {
        if (o.sampleWeight != null) throw new IllegalArgumentException(
                "`sample_weight` cannot be given with a Dataset: put the weights in the dataset's elements");
        return DatasetSource.of(data, null, "evaluate", model);
    }

    static BatchSource forPredict(List<Tensor> xs, PredictOptions o) {
        checkData("predict", xs, null, null);
        return new ArraySource(xs, null, null, o.batchSize != null ? o.batchSize : 32, "false", 0);
    }

    /**
     * Keras's class weights as sample weights: the class of a sample is {@code argmax} of a one-hot
     * row, else its label (squeezed when the last axis is 1) rounded to an integer; classes missing
     * from the map weigh 1.
     */
    static Tensor classWeightToSampleWeights(Tensor y, Map<Integer, Double> classWeight) {
        Tensor classes;
        if (y.rank() > 1 && y.shape().get(-1) > 1) classes = Ops.argmax(y, -1);
        else if (y.rank() > 1) classes = Ops.round(Ops.squeeze(y, -1));
        else classes = Ops.round(y);
        float[] c = classes.toFloatArray();
        float[] w = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            Double weight = classWeight.get((int) c[i]);
            w[i] = weight == null ? 1f : (float) (double) weight;
        }
        return Tensor.of(w, c.length);
    }

    /** Rows {@code [from, to)} of every tensor (validation split, a replica's shard). */
    static List<Tensor> rows(List<Tensor> ts, int from, int to) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(Ops.slice(t, 0, from, to));
        return out;
    }

    /** Every array has a batch axis and the same number of samples (Keras's "Data cardinality is ambiguous"). */
    static void checkData(String what, List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        Check.notNull(what + ": x", xs);
        Check.argument(!xs.isEmpty(), what + ": x must hold at least one tensor");
        Integer n = null;
        boolean ambiguous = false;
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = Check.notNull(what + ": x[" + i + "]", xs.get(i));
            Check.argument(x.rank() >= 1, what + ": x[" + i + "] must have a batch axis, got a scalar");
            int d = x.shape().get(0);
            if (n == null) n = d;
            else if (n != d) ambiguous = true;
        }
        StringBuilder sizes = new StringBuilder("'x' sizes: ").append(sizesOf(xs));
        if (ys != null && !ys.isEmpty()) {
            for (int i = 0; i < ys.size(); i++) {
                Tensor y = Check.notNull(what + ": y[" + i + "]", ys.get(i));
                Check.argument(y.rank() >= 1, what + ": y[" + i + "] must have a batch axis, got a scalar");
                if (y.shape().get(0) != n) ambiguous = true;
            }
            sizes.append("\n'y' sizes: ").append(sizesOf(ys));
        }
        if (sampleWeight != null) {
            Check.argument(sampleWeight.rank() >= 1, what + ": sample_weight must have shape (N,) or (N, T), got a scalar");
            if (sampleWeight.shape().get(0) != n) ambiguous = true;
            sizes.append("\n'sample_weight' sizes: ").append(sampleWeight.shape().get(0));
        }
        if (ambiguous) throw new IllegalArgumentException(what + ": Data cardinality is ambiguous. "
                + "Make sure all arrays contain the same number of samples.\n" + sizes);
        if (n == 0) throw new IllegalArgumentException(what + ": the data holds no samples");
    }

    private static String sizesOf(List<Tensor> ts) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : ts) sb.append(sb.length() == 0 ? "" : ", ").append(t.shape().get(0));
        return sb.toString();
    }
}
