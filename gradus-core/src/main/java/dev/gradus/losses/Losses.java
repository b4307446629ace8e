package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.notNull;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.KerasArgs;
import dev.gradus.util.Registry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Keras loss functions ({@code keras.losses.mean_squared_error}, ...). Each returns the
 * UNREDUCED values, as Keras's function forms do: for most losses the input shape minus the last
 * axis. The loss classes ({@link MeanSquaredError}, ...) add sample weighting and the reduction.
 * Every function is built from differentiable {@link Ops}, so gradients flow through all of them.
 *
 * <p>{@link #get} resolves Keras identifiers: class names ({@code "BinaryCrossentropy"}) give an
 * instance with default arguments, function names and aliases ({@code "mse"}, {@code "bce"}) give
 * the function wrapped as a {@link LossFunctionWrapper} named by the string, config maps
 * {@code {"class_name", "config"}} are deserialized, a {@link Loss} is returned as it is and a
 * {@link LossFunction} lambda is wrapped.
 */
public final class Losses {
    private Losses() {}

    // ------------------------------------------------------------------ identifiers

    /** Keras's function names (losses.get returns these as functions) and aliases. */
    private static final Map<String, LossFunction> FUNCTIONS = new LinkedHashMap<>();
    private static final Registry<Loss> REGISTRY = new Registry<>("loss", Loss.class)
            .declaredBy(args -> config -> fromConfig(args, config));

    static {
        LossFunction mse = Losses::meanSquaredError, mae = Losses::meanAbsoluteError,
                mape = Losses::meanAbsolutePercentageError, msle = Losses::meanSquaredLogarithmicError,
                bce = Losses::binaryCrossentropy, kld = Losses::klDivergence;
        FUNCTIONS.put("mean_squared_error", mse);
        FUNCTIONS.put("mean_absolute_error", mae);
        FUNCTIONS.put("mean_absolute_percentage_error", mape);
        FUNCTIONS.put("mean_squared_logarithmic_error", msle);
        FUNCTIONS.put("cosine_similarity", Losses::cosineSimilarity);
        FUNCTIONS.put("huber", Losses::huber);
        FUNCTIONS.put("log_cosh", Losses::logCosh);
        FUNCTIONS.put("hinge", Losses::hinge);
        FUNCTIONS.put("squared_hinge", Losses::squaredHinge);
        FUNCTIONS.put("categorical_hinge", Losses::categoricalHinge);
        FUNCTIONS.put("kl_divergence", kld);
        FUNCTIONS.put("poisson", Losses::poisson);
        FUNCTIONS.put("binary_crossentropy", bce);
        FUNCTIONS.put("binary_focal_crossentropy", Losses::binaryFocalCrossentropy);
        FUNCTIONS.put("categorical_crossentropy", Losses::categoricalCrossentropy);
        FUNCTIONS.put("categorical_focal_crossentropy", Losses::categoricalFocalCrossentropy);
        FUNCTIONS.put("sparse_categorical_crossentropy", Losses::sparseCategoricalCrossentropy);
        FUNCTIONS.put("ctc", Losses::ctc);
        FUNCTIONS.put("dice", Losses::dice);
        FUNCTIONS.put("tversky", Losses::tversky);
        FUNCTIONS.put("circle", Losses::circle);
        FUNCTIONS.put("bce", bce);
        FUNCTIONS.put("BCE", bce);
        FUNCTIONS.put("kld", kld);
        FUNCTIONS.put("KLD", kld);
        FUNCTIONS.put("mae", mae);
        FUNCTIONS.put("MAE", mae);
        FUNCTIONS.put("mse", mse);
        FUNCTIONS.put("MSE", mse);
        FUNCTIONS.put("mape", mape);
        FUNCTIONS.put("MAPE", mape);
        FUNCTIONS.put("msle", msle);
        FUNCTIONS.put("MSLE", msle);

        builtin(MeanSquaredError.ARGS);
        builtin(MeanAbsoluteError.ARGS);
        builtin(MeanAbsolutePercentageError.ARGS);
        builtin(MeanSquaredLogarithmicError.ARGS);
        builtin(CosineSimilarity.ARGS);
        builtin(Huber.ARGS);
        builtin(LogCosh.ARGS);
        builtin(Hinge.ARGS);
        builtin(SquaredHinge.ARGS);
        builtin(CategoricalHinge.ARGS);
        builtin(KLDivergence.ARGS);
        builtin(Poisson.ARGS);
        builtin(BinaryCrossentropy.ARGS);
        builtin(BinaryFocalCrossentropy.ARGS);
        builtin(CategoricalCrossentropy.ARGS);
        builtin(CategoricalFocalCrossentropy.ARGS);
        builtin(SparseCategoricalCrossentropy.ARGS);
        builtin(CTC.ARGS);
        builtin(Dice.ARGS);
        builtin(Tversky.ARGS);
        builtin(Circle.ARGS);
        // not in Keras's losses.get string table, but Keras deserializes its config by class name
        builtin(CategoricalGeneralizedCrossEntropy.ARGS);
        REGISTRY.builtin("LossFunctionWrapper", LossFunctionWrapper::fromConfig);
        for (Map.Entry<String, LossFunction> e : FUNCTIONS.entrySet()) {
            String fnName = e.getKey();
            LossFunction fn = e.getValue();
            REGISTRY.builtin(fnName, config -> wrapperFromConfig(fnName, fn, config));
        }
    }

    /** A built-in loss under its class name, built from a config through its declared arguments. */
    private static void builtin(KerasArgs<? extends Loss> args) {
        REGISTRY.builtin(args.className(), config -> fromConfig(args, config), args.aliases().toArray(String[]::new));
    }

    /** The class's declared arguments, then Loss's own keys; an unknown key is an error that names it. */
    private static <L extends Loss> L fromConfig(KerasArgs<L> args, Map<String, Object> config) {
        Config.Reader r = Config.read(args.className(), config);
        return Loss.fromBaseConfig(args.read(r), config, r);
    }

    /** A function name as Keras's compile wraps it: a LossFunctionWrapper named by the identifier. */
    private static Loss wrapperFromConfig(String fnName, LossFunction fn, Map<String, Object> config) {
        Config.Reader r = Config.read(fnName, config);
        String target = r.getString("fn", fnName);
        if (!target.equals(fnName)) throw new IllegalArgumentException(fnName + ": config names another function, '" + target + "'");
        return Loss.fromBaseConfig(new LossFunctionWrapper(fn, fnName, fnName), config, r);
    }

    /**
     * Resolves a loss identifier: a Keras class or function name, a config map
     * {@code {"class_name", "config"}} (snake_case keys), a {@link Loss} (returned as it is) or a
     * {@link LossFunction} (wrapped). null gives null, as Keras's {@code get(None)}. An unknown
     * name is an IllegalArgumentException that lists the closest known names.
     */
    /** A loss written as a lambda, wrapped as Keras wraps a function ({@code LossFunctionWrapper}). */
    public static Loss get(LossFunction function) {
        return new LossFunctionWrapper(Check.notNull("loss", function));
    }

    public static Loss get(Object identifier) {
        if (identifier == null) return null;
        if (identifier instanceof Loss loss) return loss;
        if (identifier instanceof LossFunction fn) return new LossFunctionWrapper(fn);
        return REGISTRY.get(identifier);
    }

    /** The Keras config of {@code loss}: {@code {"class_name", "config"}}, with "registered_name" for a user's class registered under another name. */
    public static Map<String, Object> serialize(Loss loss) {
        Check.notNull("loss", loss);
        String simple = loss.getClass().getSimpleName();
        String registered = REGISTRY.registeredName(loss.getClass());
        Map<String, Object> out = Config.serialized(simple, loss.getConfig());
        if (registered != null && !registered.equals(simple)) out.put("registered_name", registered);
        return out;
    }

    /** Builds a loss from its Keras config, the inverse of {@link #serialize}. */
    public static Loss deserialize(Map<String, Object> config) {
        Check.notNull("config", config);
        return REGISTRY.get(config);
    }

    /**
     * Registers a user's loss, Keras's custom object: {@code get(name)} and a config with that
     * class_name (or registered_name) call {@code factory} with the config map.
     */
    public static void register(String name, Function<Map<String, Object>, ? extends Loss> factory) {
        REGISTRY.register(name, remembering(name, factory));
    }

    /** As {@link #register(String, Function)}, naming the class so that {@link #serialize} can name it before any load. */
    public static <L extends Loss> void register(String name, Class<L> type, Function<Map<String, Object>, L> factory) {
        Check.notNull("type", type);
        REGISTRY.register(name, type, remembering(name, factory));
    }

    /**
     * Registers a user's loss from its declared arguments ({@link KerasArgs}), under its class name:
     * the one registration line of a new loss. Its config and {@code fromConfig} come from the
     * declaration.
     */
    public static <L extends Loss> void register(KerasArgs<L> args) {
        Check.notNull("args", args);
        register(args.className(), args.type(), config -> fromConfig(args, config));
    }

    /** The factory, recording the class of what it makes so that {@link #serialize} names it. */
    private static Function<Map<String, Object>, Loss> remembering(String name, Function<Map<String, Object>, ? extends Loss> factory) {
        Check.notNull("factory", factory);
        return config -> {
            Loss made = factory.apply(config);
            if (made != null) REGISTRY.rememberName(made.getClass(), name);
            return made;
        };
    }

    /** Every name {@link #get} accepts, sorted. */
    public static Set<String> names() {
        return REGISTRY.names();
    }

    /** The function form registered under a Keras function name or alias. */
    static LossFunction function(String name) {
        LossFunction fn = FUNCTIONS.get(name);
        if (fn == null) throw new IllegalArgumentException("Unknown loss function: '" + name + "'. Closest known names: "
                + dev.gradus.util.Naming.closest(name, FUNCTIONS.keySet(), 3));
        return fn;
    }

    // ------------------------------------------------------------------ regression

    /** mean((y_true - y_pred)^2) over the last axis. */
        public static Tensor meanSquaredError(Tensor yTrue, Tensor yPred) {
        return MeanSquaredError.compute(yTrue, yPred);
    }

    /** mean(|y_true - y_pred|) over the last axis. */
        public static Tensor meanAbsoluteError(Tensor yTrue, Tensor yPred) {
        return MeanAbsoluteError.compute(yTrue, yPred);
    }

    /** 100 * mean(|y_true - y_pred| / max(|y_true|, epsilon)) over the last axis. */
        public static Tensor meanAbsolutePercentageError(Tensor yTrue, Tensor yPred) {
        return MeanAbsolutePercentageError.compute(yTrue, yPred);
    }

    /** mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))^2) over the last axis. */
        public static Tensor meanSquaredLogarithmicError(Tensor yTrue, Tensor yPred) {
        return MeanSquaredLogarithmicError.compute(yTrue, yPred);
    }

    /** The loss form: minus the cosine similarity along the last axis. */
    public static Tensor cosineSimilarity(Tensor yTrue, Tensor yPred) {
        return cosineSimilarity(yTrue, yPred, -1);
    }

    /**
     * {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)}: between -1 and 1, where -1
     * means the same direction. A zero vector gives 0.
     */
        public static Tensor cosineSimilarity(Tensor yTrue, Tensor yPred, int axis) {
        return CosineSimilarity.compute(yTrue, yPred, axis);
    }

    /** Huber with Keras's delta = 1. */
    public static Tensor huber(Tensor yTrue, Tensor yPred) {
        return huber(yTrue, yPred, 1.0);
    }

    /** mean over the last axis of 0.5 e^2 where |e| <= delta, else delta |e| - 0.5 delta^2; e = y_pred - y_true. */
        public static Tensor huber(Tensor yTrue, Tensor yPred, double delta) {
        return Huber.compute(yTrue, yPred, delta);
    }

    /** mean(log(cosh(y_pred - y_true))) over the last axis, computed as e + softplus(-2e) - log 2. */
        public static Tensor logCosh(Tensor yTrue, Tensor yPred) {
        return LogCosh.compute(yTrue, yPred);
    }

    // ------------------------------------------------------------------ hinge

    /** mean(max(1 - y_true * y_pred, 0)) over the last axis; 0/1 labels become -1/1 when all labels are 0 or 1. */
        public static Tensor hinge(Tensor yTrue, Tensor yPred) {
        return Hinge.compute(yTrue, yPred);
    }

    /** mean(max(1 - y_true * y_pred, 0)^2) over the last axis, with hinge's label conversion. */
        public static Tensor squaredHinge(Tensor yTrue, Tensor yPred) {
        return SquaredHinge.compute(yTrue, yPred);
    }

    /** max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) over the last axis. */
        public static Tensor categoricalHinge(Tensor yTrue, Tensor yPred) {
        return CategoricalHinge.compute(yTrue, yPred);
    }

    // ------------------------------------------------------------------ probabilistic

    /** sum(y_true * log(y_true / y_pred)) over the last axis, both clipped to [eps, 1]. */
        public static Tensor klDivergence(Tensor yTrue, Tensor yPred) {
        return KLDivergence.compute(yTrue, yPred);
    }

    /** mean(y_pred - y_true * log(y_pred + eps)) over the last axis. */
        public static Tensor poisson(Tensor yTrue, Tensor yPred) {
        return Poisson.compute(yTrue, yPred);
    }

    /** Binary crossentropy on probabilities, Keras's defaults (no smoothing, last axis). */
    public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred) {
        return binaryCrossentropy(yTrue, yPred, false, 0.0, -1);
    }

    public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        return binaryCrossentropy(yTrue, yPred, fromLogits, 0.0, -1);
    }

    /**
     * Mean over {@code axis} of -[t log p + (1 - t) log(1 - p)], t = y_true (1 - ls) + ls / 2. From
     * probabilities p is clipped to [eps, 1 - eps] in float32; from logits the stable form
     * -[t log sigmoid(x) + (1 - t) log sigmoid(-x)] is used.
     */
        public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, double labelSmoothing, int axis) {
        return BinaryCrossentropy.compute(yTrue, yPred, fromLogits, labelSmoothing, axis);
    }

    /** Binary focal crossentropy with Keras's defaults (no balancing, alpha 0.25, gamma 2, probabilities). */
    public static Tensor binaryFocalCrossentropy(Tensor yTrue, Tensor yPred) {
        return binaryFocalCrossentropy(yTrue, yPred, false, 0.25, 2.0, false, 0.0, -1);
    }

    /**
     * (1 - p_t)^gamma * bce, optionally times alpha for class 1 and 1 - alpha for class 0, meaned over
     * {@code axis}. From logits, the sigmoid is applied first and the clipped probability form of bce
     * is used, as Keras does.
     */
        public static Tensor binaryFocalCrossentropy(Tensor yTrue, Tensor yPred, boolean applyClassBalancing, double alpha,
                                                 double gamma, boolean fromLogits, double labelSmoothing, int axis) {
        return BinaryFocalCrossentropy.compute(yTrue, yPred, applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing, axis);
    }

    /** Categorical crossentropy on probabilities, Keras's defaults. */
    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred) {
        return categoricalCrossentropy(yTrue, yPred, false, 0.0, -1);
    }

    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        return categoricalCrossentropy(yTrue, yPred, fromLogits, 0.0, -1);
    }

    /**
     * -sum(t * log q) over {@code axis}, t = y_true (1 - ls) + ls / C. From logits q is the
     * softmax (computed as a fused log-softmax); from probabilities each row is first divided by its
     * sum, then clipped to [eps, 1 - eps].
     */
        public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, double labelSmoothing, int axis) {
        return CategoricalCrossentropy.compute(yTrue, yPred, fromLogits, labelSmoothing, axis);
    }

    /** Categorical focal crossentropy with Keras's defaults (alpha 0.25, gamma 2, probabilities). */
    public static Tensor categoricalFocalCrossentropy(Tensor yTrue, Tensor yPred) {
        return categoricalFocalCrossentropy(yTrue, yPred, 0.25, 2.0, false, 0.0, -1);
    }

    /** sum over {@code axis} of alpha (1 - q)^gamma (-t log q), q the renormalised, clipped probabilities. */
    public static Tensor categoricalFocalCrossentropy(Tensor yTrue, Tensor yPred, double alpha, double gamma,
                                                      boolean fromLogits, double labelSmoothing, int axis) {
        return categoricalFocalCrossentropy(yTrue, yPred, new double[] {alpha}, gamma, fromLogits, labelSmoothing, axis);
    }

    /** As above with one alpha per class (along the last axis), Keras's list form of alpha. */
        public static Tensor categoricalFocalCrossentropy(Tensor yTrue, Tensor yPred, double[] alpha, double gamma,
                                                      boolean fromLogits, double labelSmoothing, int axis) {
        return CategoricalFocalCrossentropy.compute(yTrue, yPred, alpha, gamma, fromLogits, labelSmoothing, axis);
    }

    /** Sparse categorical crossentropy on probabilities, Keras's defaults. */
    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred) {
        return sparseCategoricalCrossentropy(yTrue, yPred, false, null, -1);
    }

    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        return sparseCategoricalCrossentropy(yTrue, yPred, fromLogits, null, -1);
    }

    /**
     * Categorical crossentropy with integer labels: y_true holds class indices (a trailing axis of
     * size 1 is squeezed) and has y_pred's shape without {@code axis}. Labels equal to
     * {@code ignoreClass} give a loss of 0 (the class form also masks them out of the reduction).
     */
        public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, Integer ignoreClass, int axis) {
        return SparseCategoricalCrossentropy.compute(yTrue, yPred, fromLogits, ignoreClass, axis);
    }

    /** Generalized crossentropy with Keras's q = 0.5. */
    public static Tensor categoricalGeneralizedCrossEntropy(Tensor yTrue, Tensor yPred) {
        return categoricalGeneralizedCrossEntropy(yTrue, yPred, 0.5);
    }

    /** (1 - p^q) / q, p = y_pred at the integer label y_true (no clipping), 0 < q < 1. */
        public static Tensor categoricalGeneralizedCrossEntropy(Tensor yTrue, Tensor yPred, double q) {
        return CategoricalGeneralizedCrossEntropy.compute(yTrue, yPred, q);
    }

    // ------------------------------------------------------------------ segmentation

    /** Dice over everything (Keras's axis=None): one number for the whole batch. */
    public static Tensor dice(Tensor yTrue, Tensor yPred) {
        return dice(yTrue, yPred, null);
    }

    /** 1 - 2 sum(y_true y_pred) / (sum(y_true) + sum(y_pred) + eps), summed over {@code axes} (null: all). */
        public static Tensor dice(Tensor yTrue, Tensor yPred, int[] axes) {
        return Dice.compute(yTrue, yPred, axes);
    }

    /** Tversky over everything with Keras's alpha = beta = 0.5. */
    public static Tensor tversky(Tensor yTrue, Tensor yPred) {
        return tversky(yTrue, yPred, 0.5, 0.5, null);
    }

    /** 1 - TP / (TP + alpha FP + beta FN + eps), summed over {@code axes} (null: all). */
        public static Tensor tversky(Tensor yTrue, Tensor yPred, double alpha, double beta, int[] axes) {
        return Tversky.compute(yTrue, yPred, alpha, beta, axes);
    }

    // ------------------------------------------------------------------ metric learning and sequences

    /** Circle loss with Keras's defaults: gamma 80, margin 0.4, the diagonal removed, the batch as reference. */
    public static Tensor circle(Tensor yTrue, Tensor yPred) {
        return circle(yTrue, yPred, null, null, true, 80.0, 0.4);
    }

    /**
     * Circle loss (Sun et al., 2020) between integer labels {@code yTrue} (B,) and L2-normalised
     * embeddings {@code yPred} (B, D), against {@code refLabels}/{@code refEmbeddings} (the batch
     * itself when null). One value per sample; samples with no positive or no negative pair get 0.
     */
    public static Tensor circle(Tensor yTrue, Tensor yPred, Tensor refLabels, Tensor refEmbeddings,
                                boolean removeDiagonal, double gamma, double margin) {
        return Circle.compute(yTrue, yPred, refLabels, refEmbeddings, removeDiagonal, gamma, margin);
    }

    /**
     * Connectionist temporal classification: y_true (B, L) integer labels with 0 as the blank and
     * padding, y_pred (B, T, C) logits. The label length is the number of non-zero entries; the
     * target is the first that many entries of the row. Returns the negative log-likelihood per sample.
     */
    public static Tensor ctc(Tensor yTrue, Tensor yPred) {
        return CTC.compute(yTrue, yPred);
    }
}
