package dev.gradus.training;

import dev.gradus.callbacks.Callback;
import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras's {@code fit} arguments with Keras's defaults: {@code batch_size} 32, {@code epochs} 1,
 * {@code verbose} 1 ("auto"), {@code shuffle} true, {@code validation_freq} 1. Shuffling is
 * seeded ({@link #seed}), so a run repeats exactly.
 */
public final class FitOptions {
    dev.gradus.distribution.Distribution distribution;
    Integer batchSize;
    int epochs = 1;
    int verbose = 1;
    final List<Callback> callbacks = new ArrayList<>();
    double validationSplit;
    List<Tensor> validationX;
    List<Tensor> validationY;
    Tensor validationSampleWeight;
    Dataset validationDataset;
    /** Named validation data (maps): its names, matched to the model's when fit starts; null for positional data. */
    dev.gradus.data.Batch validationNamed;
    String shuffle = "true";
    Map<Integer, Double> classWeight;
    Tensor sampleWeight;
    int initialEpoch;
    Integer stepsPerEpoch;
    Integer validationSteps;
    Integer validationBatchSize;
    int validationFreq = 1;
    List<Integer> validationEpochs;
    long seed = 1337;

    public FitOptions batchSize(int batchSize) {
        this.batchSize = Check.atLeast("batch_size", batchSize, 1);
        return this;
    }

    public FitOptions epochs(int epochs) {
        this.epochs = Check.atLeast("epochs", epochs, 0);
        return this;
    }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public FitOptions verbose(int verbose) {
        Check.argument(verbose >= 0 && verbose <= 2, "verbose must be 0, 1 or 2, got " + verbose);
        this.verbose = verbose;
        return this;
    }

    public FitOptions callbacks(Callback... callbacks) {
        for (int i = 0; i < callbacks.length; i++) this.callbacks.add(Check.notNull("callbacks[" + i + "]", callbacks[i]));
        return this;
    }

    public FitOptions callbacks(List<? extends Callback> callbacks) {
        return callbacks(callbacks.toArray(new Callback[0]));
    }

    /** The last fraction of the samples, taken before shuffling, is held out for validation; in [0, 1). */
    public FitOptions validationSplit(double validationSplit) {
        if (!(validationSplit >= 0 && validationSplit < 1)) throw new IllegalArgumentException(
                "validation_split must be in [0, 1), got " + validationSplit);
        this.validationSplit = validationSplit;
        return this;
    }

    public FitOptions validationData(Tensor x, Tensor y) {
        return validationData(List.of(Check.notNull("validation x", x)), List.of(Check.notNull("validation y", y)), null);
    }

    public FitOptions validationData(Tensor x, Tensor y, Tensor sampleWeight) {
        return validationData(List.of(Check.notNull("validation x", x)), List.of(Check.notNull("validation y", y)), sampleWeight);
    }

    public FitOptions validationData(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        this.validationX = List.copyOf(Check.notNull("validation x", xs));
        this.validationY = ys == null ? null : List.copyOf(ys);
        this.validationSampleWeight = sampleWeight;
        this.validationNamed = null;
        return this;
    }

    /**
     * Keras's {@code validation_data=(x_dict, y_dict)}: inputs keyed by input name, targets by output
     * name, matched to the model when {@code fit} starts, by the rule of {@code fit}'s own maps.
     */
    public FitOptions validationData(Map<String, Tensor> x, Map<String, Tensor> y) {
        dev.gradus.data.Batch named = dev.gradus.data.Batch.of(Check.notNull("validation x", x), Check.notNull("validation y", y));
        validationData(named.inputs(), named.targets(), null);
        this.validationNamed = named;
        return this;
    }

    /** Validation batches from a batched {@link Dataset}. */
    public FitOptions validationData(Dataset dataset) {
        this.validationDataset = Check.notNull("validation_data", dataset);
        this.validationX = null;
        this.validationNamed = null;
        return this;
    }

    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = String.valueOf(shuffle);
        return this;
    }

    /** {@code "batch"} shuffles within each batch only, as Keras. */
    public FitOptions shuffle(String mode) {
        this.shuffle = Check.oneOf("shuffle", mode, "true", "false", "batch");
        return this;
    }

    /** Keras's {@code shuffle=True / False / "batch"} as an enum. */
    public FitOptions shuffle(Shuffle mode) {
        return shuffle(Check.notNull("shuffle", mode).keras());
    }

    /** Per-class weights {class index: weight}; classes not listed weigh 1. Single-output only. */
    public FitOptions classWeight(Map<Integer, Double> classWeight) {
        Check.notNull("class_weight", classWeight);
        for (Map.Entry<Integer, Double> e : classWeight.entrySet()) {
            Check.argument(e.getKey() != null && e.getKey() >= 0, "class_weight keys must be class indices >= 0, got " + e.getKey());
            Check.finite("class_weight[" + e.getKey() + "]", Check.notNull("class_weight[" + e.getKey() + "]", e.getValue()));
        }
        this.classWeight = new TreeMap<>(classWeight);
        return this;
    }

    /** Per-sample weights, shape (N,) (or (N, T) per timestep). */
    public FitOptions sampleWeight(Tensor sampleWeight) {
        this.sampleWeight = Check.notNull("sample_weight", sampleWeight);
        return this;
    }

    public FitOptions initialEpoch(int initialEpoch) {
        this.initialEpoch = Check.atLeast("initial_epoch", initialEpoch, 0);
        return this;
    }

    public FitOptions stepsPerEpoch(int steps) {
        this.stepsPerEpoch = Check.atLeast("steps_per_epoch", steps, 1);
        return this;
    }

    public FitOptions validationSteps(int steps) {
        this.validationSteps = Check.atLeast("validation_steps", steps, 1);
        return this;
    }

    public FitOptions validationBatchSize(int batchSize) {
        this.validationBatchSize = Check.atLeast("validation_batch_size", batchSize, 1);
        return this;
    }

    /** Validate every {@code freq} epochs. */
    public FitOptions validationFreq(int freq) {
        this.validationFreq = Check.atLeast("validation_freq", freq, 1);
        this.validationEpochs = null;
        return this;
    }

    /** Validate after these (1-based) epochs. */
    public FitOptions validationFreq(List<Integer> epochs) {
        this.validationEpochs = List.copyOf(Check.notNull("validation_freq", epochs));
        return this;
    }

    /** The seed of the per-epoch shuffles. */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The distribution for this call (Keras's {@code keras.distribution}), e.g.
     * {@code DataParallel.replicas(2)}; without one, {@code Distribution.get()} applies.
     */
    public FitOptions distribution(dev.gradus.distribution.Distribution distribution) {
        this.distribution = dev.gradus.util.Check.notNull("distribution", distribution);
        return this;
    }
}
