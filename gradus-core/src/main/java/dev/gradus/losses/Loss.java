package dev.gradus.losses;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.ConfigObject;
import dev.gradus.util.KerasArgs;
import dev.gradus.util.Naming;
import java.util.Map;

/**
 * Base class of the losses, doing Keras's shared work once: a subclass computes the unreduced
 * values in {@link #values}; {@link #call} folds in a mask, aligns the sample weight's rank with the
 * values (Keras's squeeze/expand rule), weights them and applies the reduction.
 *
 * <p>Reductions: {@code "sum_over_batch_size"} (the default: the sum divided by the number of
 * elements of the values, not by the sum of the weights), {@code "sum"}, {@code "mean"} (the same
 * as sum_over_batch_size), {@code "mean_with_sample_weight"} (divided by the sum of the weights)
 * and {@code "none"} or null (no reduction).
 *
 * <p>Keras's subclass hook is called {@code call}; here the reduced {@code call(yTrue, yPred)} is the
 * public entry point (as {@code __call__} is in Keras), so the hook is named {@code values}.
 */
public abstract class Loss extends ConfigObject {
    static final String[] REDUCTIONS = {"sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"};

    private String name;
    private String reduction = "sum_over_batch_size";

    /** A loss called {@code name}; null picks Keras's auto name (the class name in snake_case, made unique). */
    protected Loss(String name) {
        this.name = name != null ? checkName(name) : Naming.uniqueName(Naming.snakeCase(getClass().getSimpleName()));
    }

    protected Loss() {
        this(null);
    }

    /** The unreduced loss values, normally the input shape minus the last axis. */
    protected abstract Tensor values(Tensor yTrue, Tensor yPred);

    /**
     * A 0/1 mask over the values, or null. Keras attaches one to the values of
     * SparseCategoricalCrossentropy(ignore_class) and Circle; masked-out entries are left out of the
     * reduction.
     */
    protected Tensor valuesMask(Tensor yTrue, Tensor yPred, Tensor values) {
        return null;
    }

    public String name() {
        return name;
    }

    /** Renames the loss; null or an empty name gives Keras's default, the snake_case class name. */
    public Loss name(String name) {
        this.name = name == null || name.isEmpty() ? Naming.uniqueName(Naming.snakeCase(getClass().getSimpleName())) : checkName(name);
        return this;
    }

    /** The reduction, or null for none. */
    public String reduction() {
        return reduction;
    }

    public Loss reduction(String reduction) {
        this.reduction = standardizeReduction(reduction);
        return this;
    }

    /** {@code reduction(Reduction.SUM)}: the enum form of Keras's strings. */
    public Loss reduction(Reduction reduction) {
        return reduction(Check.notNull("reduction", reduction).keras());
    }

    // ------------------------------------------------------------------ calling

    /** The reduced loss. */
    public final Tensor call(Tensor yTrue, Tensor yPred) {
        return call(yTrue, yPred, null, null);
    }

    /** The reduced loss, weighted by a scalar, per-sample or per-timestep {@code sampleWeight} (null: none). */
    public final Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        return call(yTrue, yPred, sampleWeight, null);
    }

    /**
     * As {@link #call(Tensor, Tensor, Tensor)} with a Keras mask over the values (1 = keep), such as
     * a Masking or Embedding(mask_zero) layer attaches to its output; null for none.
     */
    public final Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight, Tensor mask) {
        String who = "Loss '" + name + "'";
        if (yTrue == null) throw new IllegalArgumentException(who + ": y_true must not be null");
        if (yPred == null) throw new IllegalArgumentException(who + ": y_pred must not be null");
        Tensor values = values(yTrue, yPred);
        if (values == null) throw new IllegalStateException(who + ": values() returned null");
        Tensor outMask = valuesMask(yTrue, yPred, values);
        if (mask != null && outMask != null) mask = Ops.logicalAnd(mask, outMask);
        else if (outMask != null) mask = outMask;
        return reduceWeighted(who, values, sampleWeight, mask, reduction);
    }

    /** Keras's {@code reduce_weighted_values}. */
    static Tensor reduceWeighted(String who, Tensor values, Tensor sampleWeight, Tensor mask, String reduction) {
        sampleWeight = applyMask(who, values, sampleWeight, mask, reduction);
        if (sampleWeight != null) {
            Tensor[] a = LossSupport.sameRank(values, sampleWeight);
            values = a[0];
            sampleWeight = a[1];
            try {
                Shape.broadcast(who, values.shape(), sampleWeight.shape());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(who + ": sample_weight of shape " + sampleWeight.shape()
                        + " cannot be broadcast to the loss values of shape " + values.shape());
            }
            values = Ops.mul(values, sampleWeight);
        }
        return reduce(values, sampleWeight, reduction);
    }

    private static Tensor applyMask(String who, Tensor values, Tensor sampleWeight, Tensor mask, String reduction) {
        if (mask == null) return sampleWeight;
        Tensor m = Ops.notEqual(mask, Tensor.scalar(0));
        if ("mean".equals(reduction) || "sum_over_batch_size".equals(reduction)) {
            // valid entries get total/valid, so that the mean over all entries is the mean over the valid ones
            Tensor total = Tensor.scalar(m.size());
            m = Ops.mul(m, Ops.divideNoNan(total, Ops.sum(m)));
        }
        if (sampleWeight == null) return m;
        Tensor[] a = LossSupport.sameRank(m, sampleWeight);
        try {
            return Ops.mul(a[1], a[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who + ": sample_weight of shape " + sampleWeight.shape()
                    + " cannot be broadcast to the mask of shape " + mask.shape() + " (loss values of shape " + values.shape() + ")");
        }
    }

    /** Keras's {@code reduce_values}. */
    static Tensor reduce(Tensor values, Tensor sampleWeight, String reduction) {
        if (reduction == null || reduction.equals("none") || values.rank() == 0
                || (values.rank() == 1 && values.dim(0) == 0)) return values;
        Tensor loss = Ops.sum(values);
        if (reduction.equals("sum")) return loss;
        if (reduction.equals("mean_with_sample_weight") && sampleWeight != null)
            return Ops.divideNoNan(loss, Ops.sum(sampleWeight));
        int n = values.size();
        return n > 0 ? Ops.div(loss, n) : Ops.divideNoNan(loss, Tensor.scalar(0));
    }

    static String standardizeReduction(String reduction) {
        return reduction == null ? null : Check.oneOf("reduction", reduction, REDUCTIONS);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must be a non-empty string, got "
                + (name == null ? "null" : "'" + name + "'"));
        return name;
    }

    // ------------------------------------------------------------------ config

    /**
     * Keras's config: {@code name} and {@code reduction}, then the arguments the class and its
     * superclasses declare with {@link KerasArgs}. A user's loss that declares none overrides this and
     * adds its own.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = Config.of("name", name, "reduction", reduction);
        config.putAll(KerasArgs.configOf(this));
        return config;
    }

    /**
     * Reads {@code name}, {@code reduction} and {@code dtype} (which must be float32 or null) into
     * {@code loss}, then rejects unknown keys. For a subclass's {@code fromConfig} after it has read
     * its own keys.
     */
    protected static <L extends Loss> L fromBaseConfig(L loss, Map<String, ?> config, Config.Reader reader) {
        if (reader.has("name")) loss.name(reader.getString("name", null));
        if (config != null && config.containsKey("reduction")) loss.reduction(reader.getString("reduction", null));
        String dtype = reader.getString("dtype", null);
        if (dtype != null && !dtype.equals("float32")) throw new IllegalArgumentException(loss.getClass().getSimpleName()
                + ": dtype must be float32 or null (Gradus computes losses in float32), got '" + dtype + "'");
        reader.done();
        return loss;
    }
}
