package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.KerasArgs;
import dev.gradus.util.Naming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A stateful metric, as Keras's {@code Metric}: {@link #updateState} accumulates into state
 * {@link Variable}s, {@link #result()} reads the value over everything seen since the last
 * {@link #resetState()}.
 *
 * <p>Every Keras metric keeps additive state (weighted counts and sums), so {@link #merge} adds
 * another instance's variables to this one's: metrics updated on separate shards, threads or
 * machines combine to exactly the single-pass result. A subclass whose state is not additive must
 * override {@code merge}.
 */
public abstract class Metric {
    private String name;
    private final List<Variable> variables = new ArrayList<>();

    /** @param name the metric's name; null gives Keras's default, the snake_case class name made unique */
    protected Metric(String name) {
        this.name = name != null ? name : Naming.uniqueName(Naming.snakeCase(getClass().getSimpleName()));
    }

    /** A metric with Keras's default name: the snake_case class name, made unique ({@code my_metric}, {@code my_metric_1}). */
    protected Metric() {
        this(null);
    }

    /**
     * Keras's {@code add_weight(name, initializer=...)} for a scalar state variable: {@code "zeros"},
     * {@code "ones"} or any initializer name; {@link #resetState()} zeroes it, as Keras's does.
     */
    protected final Variable addWeight(String variableName, String initializer) {
        return addWeight(variableName, Shape.scalar(), initializer);
    }

    /** Keras's {@code add_weight(name, shape, initializer=...)} for a state variable of any shape. */
    protected final Variable addWeight(String variableName, Shape shape, String initializer) {
        Check.notNull("name", variableName);
        Check.notNull("shape", shape);
        dev.gradus.initializers.Initializer init = dev.gradus.initializers.Initializers.get(Check.notNull("initializer", initializer));
        Variable v = new Variable(init.apply(shape), name + "/" + variableName, false);
        variables.add(v);
        return v;
    }

    /** Adds a state variable, zero-filled; {@link #resetState()} zeroes it again. */
    protected final Variable addVariable(String variableName, Shape shape) {
        Variable v = new Variable(Tensor.zeros(shape.dims()), name + "/" + variableName, false);
        variables.add(v);
        return v;
    }

    /** Accumulates one batch; {@code sampleWeight} may be null. */
    public abstract void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    public void updateState(Tensor yTrue, Tensor yPred) {
        updateState(yTrue, yPred, null);
    }

    /** The metric's value over all updates since the last reset: a scalar, or a vector for per-class results. */
    public abstract Tensor result();

    /** Keras's {@code __call__}: update with this batch, then return the cumulative result. */
    public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        updateState(yTrue, yPred, sampleWeight);
        return result();
    }

    public Tensor call(Tensor yTrue, Tensor yPred) {
        return call(yTrue, yPred, null);
    }

    public void resetState() {
        for (Variable v : variables) v.assign(Tensor.zeros(v.shape().dims()));
    }

    /**
     * Adds {@code other}'s state to this one's. Both must be the same kind of metric with state of the
     * same shapes (built the same way); {@code other} is left unchanged.
     */
    public void merge(Metric other) {
        Check.notNull("other", other);
        if (other.getClass() != getClass()) throw new IllegalArgumentException("merge: cannot merge a "
                + other.getClass().getSimpleName() + " into a " + getClass().getSimpleName());
        List<Variable> theirs = other.variables();
        if (theirs.size() != variables.size()) throw new IllegalArgumentException("merge: '" + name + "' has "
                + variables.size() + " state variables, '" + other.name() + "' has " + theirs.size());
        for (int i = 0; i < variables.size(); i++) {
            Variable mine = variables.get(i), their = theirs.get(i);
            if (!mine.shape().equals(their.shape())) throw new IllegalArgumentException("merge: state '"
                    + mine.name() + "' has shape " + mine.shape() + ", '" + their.name() + "' has shape " + their.shape());
        }
        for (int i = 0; i < variables.size(); i++) variables.get(i).assignAdd(theirs.get(i).value());
    }

    /** The state variables, in creation order. */
    public List<Variable> variables() {
        return Collections.unmodifiableList(variables);
    }

    public String name() {
        return name;
    }

    /**
     * Renames the metric (compile does this with the identifier string, e.g. {@code "mse"}); null or
     * an empty name gives Keras's default, the snake_case class name made unique.
     */
    public Metric name(String newName) {
        if (newName == null || newName.isEmpty()) newName = Naming.uniqueName(Naming.snakeCase(getClass().getSimpleName()));
        Check.argument(!newName.isBlank(), "name must not be blank, got '" + newName + "'");
        this.name = newName;
        return this;
    }

    /** Higher or lower is better, for callbacks that monitor this metric. */
    public Direction direction() {
        return Direction.NONE;
    }

    /**
     * Keras's config: {@code name} and {@code dtype}, then the arguments the class and its
     * superclasses declare with {@link KerasArgs}. A user's metric that declares none overrides this
     * and adds its own.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = Config.of("name", name, "dtype", "float32");
        config.putAll(KerasArgs.configOf(this));
        return config;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ")";
    }
}
