package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.aligned;
import static dev.gradus.losses.LossSupport.atLeastRank1;
import static dev.gradus.losses.LossSupport.broadcastable;
import static dev.gradus.losses.LossSupport.notNull;
import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.KerasArgs;
import dev.gradus.util.Registry;
import java.util.Arrays;
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
        Tensor[] a = aligned("mean_squared_error", yTrue, yPred);
        return Ops.mean(Ops.square(Ops.sub(a[0], a[1])), -1);
    }

    /** mean(|y_true - y_pred|) over the last axis. */
    public static Tensor meanAbsoluteError(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("mean_absolute_error", yTrue, yPred);
        return Ops.mean(Ops.abs(Ops.sub(a[0], a[1])), -1);
    }

    /** 100 * mean(|y_true - y_pred| / max(|y_true|, epsilon)) over the last axis. */
    public static Tensor meanAbsolutePercentageError(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("mean_absolute_percentage_error", yTrue, yPred);
        Tensor diff = Ops.abs(Ops.div(Ops.sub(a[0], a[1]), Ops.maximum(Ops.abs(a[0]), EPSILON)));
        return Ops.mul(Ops.mean(diff, -1), 100.0);
    }

    /** mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))^2) over the last axis. */
    public static Tensor meanSquaredLogarithmicError(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("mean_squared_logarithmic_error", yTrue, yPred);
        Tensor first = Ops.log(Ops.add(Ops.maximum(a[1], EPSILON), 1.0));
        Tensor second = Ops.log(Ops.add(Ops.maximum(a[0], EPSILON), 1.0));
        return Ops.mean(Ops.square(Ops.sub(first, second)), -1);
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
        Tensor[] a = aligned("cosine_similarity", yTrue, yPred);
        Shape s = Shape.broadcast("cosine_similarity", a[0].shape(), a[1].shape());
        int ax = Shape.normalizeAxis(axis, s.rank(), "cosine_similarity: axis");
        return Ops.neg(Ops.sum(Ops.mul(normalize(a[0], axis), normalize(a[1], axis)), ax - s.rank()));
    }

    /** Keras's l2 normalisation: x * rsqrt(max(sum(x^2), eps^2)), so a zero vector stays zero. */
    private static Tensor normalize(Tensor x, int axis) {
        int ax = LossSupport.axis("cosine_similarity", x, axis);
        Tensor squareSum = Ops.sum(Ops.square(x), new int[] {ax}, true);
        return Ops.mul(x, Ops.rsqrt(Ops.maximum(squareSum, EPSILON * EPSILON)));
    }

    /** Huber with Keras's delta = 1. */
    public static Tensor huber(Tensor yTrue, Tensor yPred) {
        return huber(yTrue, yPred, 1.0);
    }

    /** mean over the last axis of 0.5 e^2 where |e| <= delta, else delta |e| - 0.5 delta^2; e = y_pred - y_true. */
    public static Tensor huber(Tensor yTrue, Tensor yPred, double delta) {
        checkDelta(delta);
        Tensor[] a = aligned("huber", yTrue, yPred);
        Tensor error = Ops.sub(a[1], a[0]);
        Tensor absError = Ops.abs(error);
        Tensor d = Tensor.scalar(delta);
        Tensor quadratic = Ops.mul(Ops.square(error), 0.5);
        Tensor linear = Ops.sub(Ops.mul(absError, d), Ops.mul(Ops.square(d), 0.5));
        return Ops.mean(Ops.where(Ops.lessEqual(absError, d), quadratic, linear), -1);
    }

    static double checkDelta(double delta) {
        if (!(delta >= 0) || Double.isInfinite(delta))
            throw new IllegalArgumentException("delta must be a finite number >= 0, got " + delta);
        return delta;
    }

    /** mean(log(cosh(y_pred - y_true))) over the last axis, computed as e + softplus(-2e) - log 2. */
    public static Tensor logCosh(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("log_cosh", yTrue, yPred);
        Tensor e = Ops.sub(a[1], a[0]);
        Tensor logCosh = Ops.sub(Ops.add(e, Ops.softplus(Ops.mul(e, -2.0))), (float) Math.log(2.0));
        return Ops.mean(logCosh, -1);
    }

    // ------------------------------------------------------------------ hinge

    /** mean(max(1 - y_true * y_pred, 0)) over the last axis; 0/1 labels become -1/1 when all labels are 0 or 1. */
    public static Tensor hinge(Tensor yTrue, Tensor yPred) {
        Tensor t = hingeLabels("hinge", yTrue, yPred);
        return Ops.mean(Ops.maximum(oneMinus(Ops.mul(t, yPred)), 0.0), -1);
    }

    /** mean(max(1 - y_true * y_pred, 0)^2) over the last axis, with hinge's label conversion. */
    public static Tensor squaredHinge(Tensor yTrue, Tensor yPred) {
        Tensor t = hingeLabels("squared_hinge", yTrue, yPred);
        return Ops.mean(Ops.square(Ops.maximum(oneMinus(Ops.mul(t, yPred)), 0.0)), -1);
    }

    /** max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) over the last axis. */
    public static Tensor categoricalHinge(Tensor yTrue, Tensor yPred) {
        checkPair("categorical_hinge", yTrue, yPred);
        Tensor pos = Ops.sum(Ops.mul(yTrue, yPred), -1);
        Tensor neg = Ops.max(Ops.mul(oneMinus(yTrue), yPred), -1);
        return Ops.maximum(Ops.add(Ops.sub(neg, pos), 1.0), 0.0);
    }

    private static Tensor hingeLabels(String fn, Tensor yTrue, Tensor yPred) {
        checkPair(fn, yTrue, yPred);
        for (float v : yTrue.unsafeBuffer()) if (v != 0 && v != 1) return yTrue;
        return Ops.sub(Ops.mul(yTrue, 2.0), 1.0);
    }

    private static void checkPair(String fn, Tensor yTrue, Tensor yPred) {
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        broadcastable(fn, yTrue, yPred);
        atLeastRank1(fn, yPred);
    }

    // ------------------------------------------------------------------ probabilistic

    /** sum(y_true * log(y_true / y_pred)) over the last axis, both clipped to [eps, 1]. */
    public static Tensor klDivergence(Tensor yTrue, Tensor yPred) {
        checkPair("kl_divergence", yTrue, yPred);
        Tensor t = Ops.clip(yTrue, EPSILON, 1);
        Tensor p = Ops.clip(yPred, EPSILON, 1);
        return Ops.sum(Ops.mul(t, Ops.log(Ops.div(t, p))), -1);
    }

    /** mean(y_pred - y_true * log(y_pred + eps)) over the last axis. */
    public static Tensor poisson(Tensor yTrue, Tensor yPred) {
        checkPair("poisson", yTrue, yPred);
        return Ops.mean(Ops.sub(yPred, Ops.mul(yTrue, Ops.log(Ops.add(yPred, EPSILON)))), -1);
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
        String fn = "binary_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor t = smoothBinary(yTrue, labelSmoothing);
        Tensor bce = fromLogits ? bceFromLogits(t, yPred) : bceFromProbabilities(t, yPred);
        return Ops.mean(bce, ax);
    }

    private static Tensor smoothBinary(Tensor yTrue, double labelSmoothing) {
        if (labelSmoothing == 0) return yTrue;
        return Ops.add(Ops.mul(yTrue, 1.0 - labelSmoothing), 0.5 * labelSmoothing);
    }

    /** Elementwise, as Keras's backend: the clip happens in float32, so 1 - eps is 0.99999988. */
    static Tensor bceFromProbabilities(Tensor t, Tensor p) {
        Tensor clipped = Ops.clip(p, EPSILON, 1 - EPSILON);
        Tensor bce = Ops.add(Ops.mul(t, Ops.log(clipped)), Ops.mul(oneMinus(t), Ops.log(oneMinus(clipped))));
        return Ops.neg(bce);
    }

    /**
     * Keras's -[t log sigmoid(x) + (1 - t) log sigmoid(-x)], written as the equal softplus(x) - t x:
     * three ops instead of eight, each exact for any logit (softplus(x) = max(x, 0) + log1p(exp(-|x|))),
     * and a backward pass of sigmoid(x) - t.
     */
    static Tensor bceFromLogits(Tensor t, Tensor x) {
        return Ops.sub(Ops.softplus(x), Ops.mul(t, x));
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
        String fn = "binary_focal_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        checkGamma(gamma);
        unitInterval("alpha", alpha);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor t = smoothBinary(yTrue, labelSmoothing);
        Tensor p = fromLogits ? Ops.sigmoid(yPred) : yPred;
        Tensor bce = bceFromProbabilities(t, p);
        Tensor pt = Ops.add(Ops.mul(t, p), Ops.mul(oneMinus(t), oneMinus(p)));
        Tensor focal = Ops.mul(Ops.pow(oneMinus(pt), gamma), bce);
        if (applyClassBalancing) focal = Ops.mul(Ops.add(Ops.mul(t, alpha), Ops.mul(oneMinus(t), 1 - alpha)), focal);
        return Ops.mean(focal, ax);
    }

    static double checkGamma(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma))
            throw new IllegalArgumentException("gamma must be a finite number >= 0, got " + gamma);
        return gamma;
    }

    static double unitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        return value;
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
        String fn = "categorical_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor t = smoothCategorical(yTrue, labelSmoothing, ax);
        return Ops.neg(Ops.sum(Ops.mul(t, logProbabilities(yPred, fromLogits, ax)), ax));
    }

    /** The number of classes is the size of the class {@code axis} (Keras 3.16; older versions used the last axis). */
    private static Tensor smoothCategorical(Tensor yTrue, double labelSmoothing, int axis) {
        if (labelSmoothing == 0) return yTrue;
        float numClasses = yTrue.dim(axis);
        return Ops.add(Ops.mul(yTrue, 1.0 - labelSmoothing), (float) labelSmoothing / numClasses);
    }

    static Tensor logProbabilities(Tensor yPred, boolean fromLogits, int axis) {
        if (fromLogits) return Ops.logSoftmax(yPred, axis);
        return Ops.log(Ops.clip(renormalize(yPred, axis), EPSILON, 1 - EPSILON));
    }

    private static Tensor renormalize(Tensor yPred, int axis) {
        return Ops.div(yPred, Ops.sum(yPred, new int[] {axis}, true));
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
        String fn = "categorical_focal_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        checkGamma(gamma);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor alphaT = alphaTensor(alpha, yPred);
        Tensor t = smoothCategorical(yTrue, labelSmoothing, ax);
        Tensor p = fromLogits ? Ops.softmax(yPred, ax) : yPred;
        Tensor q = Ops.clip(renormalize(p, ax), EPSILON, 1 - EPSILON);
        Tensor cce = Ops.mul(Ops.neg(t), Ops.log(q));
        Tensor weighting = Ops.mul(Ops.pow(oneMinus(q), gamma), alphaT);
        return Ops.sum(Ops.mul(weighting, cce), ax);
    }

    static Tensor alphaTensor(double[] alpha, Tensor yPred) {
        if (alpha == null || alpha.length == 0) throw new IllegalArgumentException("alpha must be a number or a list of numbers, got none");
        if (alpha.length == 1) return Tensor.scalar(alpha[0]);
        if (alpha.length != yPred.dim(-1)) throw new IllegalArgumentException("categorical_focal_crossentropy: alpha has "
                + alpha.length + " values, expected one per class (" + yPred.dim(-1) + ") for y_pred of shape " + yPred.shape());
        float[] a = new float[alpha.length];
        for (int i = 0; i < a.length; i++) a[i] = (float) alpha[i];
        return Tensor.of(a, a.length);
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
        String fn = "sparse_categorical_crossentropy";
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        atLeastRank1(fn, yPred);
        yTrue = squeezeLabels(yTrue, yPred);
        int ax = LossSupport.axis(fn, yPred, axis);
        int[] expected = without(yPred.shape().dims(), ax);
        if (!Arrays.equals(yTrue.shape().dims(), expected)) throw new IllegalArgumentException(fn + ": y_true of shape "
                + yTrue.shape() + " does not match y_pred of shape " + yPred.shape() + "; expected y_true of shape "
                + Shape.of(expected) + " (or with a trailing axis of size 1)");
        LossSupport.classIndices(fn, yTrue, yPred.dim(ax), ignoreClass == null ? null : (double) ignoreClass);
        Tensor labels = yTrue, valid = null;
        if (ignoreClass != null) {
            valid = validMask(yTrue, ignoreClass);
            labels = Ops.mul(yTrue, valid);
        }
        Tensor logProb = logProbabilities(yPred, fromLogits, ax);
        Tensor index = Ops.expandDims(Ops.stopGradient(labels), ax);
        Tensor loss = Ops.neg(Ops.squeeze(Ops.takeAlongAxis(logProb, index, ax), ax));
        return valid == null ? loss : Ops.where(valid, loss, Tensor.scalar(0));
    }

    /** 1 where the label is not {@code ignoreClass}; labels are squeezed as the loss squeezes them. */
    static Tensor validMask(Tensor yTrue, int ignoreClass) {
        return Ops.notEqual(yTrue, Tensor.scalar(ignoreClass));
    }

    static Tensor squeezeLabels(Tensor yTrue, Tensor yPred) {
        if (yTrue.rank() == yPred.rank() && yTrue.rank() > 0 && yTrue.dim(-1) == 1) return Ops.squeeze(yTrue, -1);
        return yTrue;
    }

    private static int[] without(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, k = 0; i < dims.length; i++) if (i != axis) out[k++] = dims[i];
        return out;
    }

    /** Generalized crossentropy with Keras's q = 0.5. */
    public static Tensor categoricalGeneralizedCrossEntropy(Tensor yTrue, Tensor yPred) {
        return categoricalGeneralizedCrossEntropy(yTrue, yPred, 0.5);
    }

    /** (1 - p^q) / q, p = y_pred at the integer label y_true (no clipping), 0 < q < 1. */
    public static Tensor categoricalGeneralizedCrossEntropy(Tensor yTrue, Tensor yPred, double q) {
        String fn = "categorical_generalized_cross_entropy";
        checkQ(q);
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        atLeastRank1(fn, yPred);
        yTrue = squeezeLabels(yTrue, yPred);
        int numClasses = yPred.dim(-1);
        LossSupport.classIndices(fn, yTrue, numClasses, null);
        Tensor p = Ops.sum(Ops.mul(yPred, Ops.oneHot(Ops.stopGradient(yTrue), numClasses)), -1);
        return Ops.div(oneMinus(Ops.pow(p, q)), q);
    }

    static double checkQ(double q) {
        if (!(q > 0 && q < 1)) throw new IllegalArgumentException("q must be in the open interval (0, 1), got " + q);
        return q;
    }

    // ------------------------------------------------------------------ segmentation

    /** Dice over everything (Keras's axis=None): one number for the whole batch. */
    public static Tensor dice(Tensor yTrue, Tensor yPred) {
        return dice(yTrue, yPred, null);
    }

    /** 1 - 2 sum(y_true y_pred) / (sum(y_true) + sum(y_pred) + eps), summed over {@code axes} (null: all). */
    public static Tensor dice(Tensor yTrue, Tensor yPred, int[] axes) {
        checkPair("dice", yTrue, yPred);
        Tensor intersection = sumOver(Ops.mul(yTrue, yPred), axes);
        Tensor denominator = Ops.add(Ops.add(sumOver(yTrue, axes), sumOver(yPred, axes)), EPSILON);
        return oneMinus(Ops.div(Ops.mul(intersection, 2.0), denominator));
    }

    /** Tversky over everything with Keras's alpha = beta = 0.5. */
    public static Tensor tversky(Tensor yTrue, Tensor yPred) {
        return tversky(yTrue, yPred, 0.5, 0.5, null);
    }

    /** 1 - TP / (TP + alpha FP + beta FN + eps), summed over {@code axes} (null: all). */
    public static Tensor tversky(Tensor yTrue, Tensor yPred, double alpha, double beta, int[] axes) {
        checkPair("tversky", yTrue, yPred);
        Tensor tp = sumOver(Ops.mul(yTrue, yPred), axes);
        Tensor fp = sumOver(Ops.mul(oneMinus(yTrue), yPred), axes);
        Tensor fn = sumOver(Ops.mul(yTrue, oneMinus(yPred)), axes);
        Tensor denominator = Ops.add(Ops.add(Ops.add(tp, Ops.mul(fp, alpha)), Ops.mul(fn, beta)), EPSILON);
        return oneMinus(Ops.div(tp, denominator));
    }

    private static Tensor sumOver(Tensor x, int[] axes) {
        return axes == null ? Ops.sum(x) : Ops.sum(x, axes, false);
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
