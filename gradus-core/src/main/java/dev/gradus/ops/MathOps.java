package dev.gradus.ops;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.BiasActivation;
import dev.gradus.tensor.kernels.Binary;
import dev.gradus.tensor.kernels.Elementwise;
import dev.gradus.tensor.kernels.StepBuffers;
import dev.gradus.tensor.kernels.Unary;

/** Elementwise arithmetic, activations and comparisons, each with its gradient rule. */
final class MathOps {
    private MathOps() {}

    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    // ------------------------------------------------------------------ raw kernels (not recorded)

    static Tensor raw(Binary op, String name, Tensor a, Tensor b) {
        Shape out = Shape.broadcast(name, a.shape(), b.shape());
        return Tensor.wrap(Elementwise.binary(op, a.unsafeBuffer(), a.shape().dims(), b.unsafeBuffer(), b.shape().dims(),
                out.dims()), out);
    }

    static Tensor raw(Unary op, Tensor x) {
        return raw(op, x, 0, 0);
    }

    static Tensor raw(Unary op, Tensor x, double p, double q) {
        return Tensor.wrap(Elementwise.unary(op, x.unsafeBuffer(), (float) p, (float) q), x.shape());
    }

    static Tensor check(String op, String arg, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        return t;
    }

    // ------------------------------------------------------------------ binary, broadcasting

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = raw(Binary.ADD, "add", check("add", "a", a), check("add", "b", b));
        if (Record.on()) Record.nary(out, (g, need) -> new Tensor[] {
                need[0] ? ReduceOps.sumTo(g, a.shape()) : null,
                need[1] ? ReduceOps.sumTo(g, b.shape()) : null}, a, b);
        return out;
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = raw(Binary.SUB, "sub", check("sub", "a", a), check("sub", "b", b));
        if (Record.on()) Record.nary(out, (g, need) -> new Tensor[] {
                need[0] ? ReduceOps.sumTo(g, a.shape()) : null,
                need[1] ? ReduceOps.sumTo(neg(g), b.shape()) : null}, a, b);
        return out;
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = raw(Binary.MUL, "mul", check("mul", "a", a), check("mul", "b", b));
        if (Record.on()) Record.nary(out, (g, need) -> new Tensor[] {
                need[0] ? ReduceOps.sumTo(mul(g, b), a.shape()) : null,
                need[1] ? ReduceOps.sumTo(mul(g, a), b.shape()) : null}, a, b);
        return out;
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = raw(Binary.DIV, "div", check("div", "a", a), check("div", "b", b));
        if (Record.on()) Record.nary(out, (g, need) -> new Tensor[] {
                need[0] ? ReduceOps.sumTo(div(g, b), a.shape()) : null,
                need[1] ? ReduceOps.sumTo(neg(div(mul(g, a), square(b))), b.shape()) : null}, a, b);
        return out;
    }

    /** {@code a ^ b}; as JAX, d/db uses log(a) with a = 0 read as 1, and d/da is 0 where b = 0. */
    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = raw(Binary.POW, "pow", check("pow", "a", a), check("pow", "b", b));
        if (Record.on()) Record.nary(out, (g, need) -> {
            Tensor da = null, db = null;
            if (need[0]) {
                Tensor d = mul(b, pow(a, sub(b, Tensor.scalar(1))));
                da = ReduceOps.sumTo(mul(g, where(raw(Binary.EQUAL, "pow", b, Tensor.scalar(0)), Tensor.scalar(0), d)), a.shape());
            }
            if (need[1]) {
                Tensor safeA = where(raw(Binary.EQUAL, "pow", a, Tensor.scalar(0)), Tensor.scalar(1), a);
                db = ReduceOps.sumTo(mul(g, mul(out, log(safeA))), b.shape());
            }
            return new Tensor[] {da, db};
        }, a, b);
        return out;
    }

    /** {@code x ^ p} for a constant exponent. */
    static Tensor pow(Tensor x, double p) {
        Tensor out = raw(Unary.POW_SCALAR, check("pow", "x", x), p, 0);
        if (Record.on()) Record.unary(out, x, g -> p == 0 ? Tensor.zeros(x.shape()) : mul(g, scale(pow(x, p - 1), p)));
        return out;
    }

    /** Elementwise maximum; a tie sends half the gradient to each side, as JAX. */
    static Tensor maximum(Tensor a, Tensor b) {
        return chooser(Binary.MAX, "maximum", a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return chooser(Binary.MIN, "minimum", a, b);
    }

    private static Tensor chooser(Binary op, String name, Tensor a, Tensor b) {
        Tensor out = raw(op, name, check(name, "a", a), check(name, "b", b));
        if (Record.on()) Record.nary(out, (g, need) -> {
            Tensor ea = raw(Binary.EQUAL, name, a, out), eb = raw(Binary.EQUAL, name, b, out);
            // 1 where only this side is chosen, 0.5 on ties
            Tensor wa = raw(Binary.DIV, name, ea, raw(Binary.ADD, name, ea, eb));
            Tensor wb = raw(Unary.AFFINE, wa, -1, 1);
            return new Tensor[] {
                    need[0] ? ReduceOps.sumTo(mul(g, wa), a.shape()) : null,
                    need[1] ? ReduceOps.sumTo(mul(g, wb), b.shape()) : null};
        }, a, b);
        return out;
    }

    /** {@code cond != 0 ? a : b}, broadcasting all three; no gradient flows to {@code cond}. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        check("where", "condition", cond);
        check("where", "x1", a);
        check("where", "x2", b);
        Shape s = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        Tensor out = Tensor.wrap(Elementwise.where(cond.unsafeBuffer(), cond.shape().dims(), a.unsafeBuffer(),
                a.shape().dims(), b.unsafeBuffer(), b.shape().dims(), s.dims()), s);
        if (Record.on()) Record.nary(out, (g, need) -> {
            Tensor zero = Tensor.scalar(0);
            return new Tensor[] {null,
                    need[1] ? ReduceOps.sumTo(where(cond, g, zero), a.shape()) : null,
                    need[2] ? ReduceOps.sumTo(where(cond, zero, g), b.shape()) : null};
        }, cond, a, b);
        return out;
    }

    static Tensor compare(Binary op, String name, Tensor a, Tensor b) {
        return raw(op, name, check(name, "a", a), check(name, "b", b));
    }

    // ------------------------------------------------------------------ unary

    /** {@code p * x + q}: scaling by constants without a broadcast. */
    static Tensor affine(Tensor x, double p, double q) {
        Tensor out = raw(Unary.AFFINE, x, p, q);
        if (Record.on()) Record.unary(out, x, g -> scale(g, p));
        return out;
    }

    static Tensor scale(Tensor x, double p) {
        return affine(x, p, 0);
    }

    static Tensor neg(Tensor x) {
        Tensor out = raw(Unary.NEG, check("neg", "x", x));
        if (Record.on()) Record.unary(out, x, MathOps::neg);
        return out;
    }

    static Tensor abs(Tensor x) {
        Tensor out = raw(Unary.ABS, check("abs", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, raw(Unary.SIGN, x)));
        return out;
    }

    /** Sign, with a zero gradient (TF and JAX both define one). */
    static Tensor sign(Tensor x) {
        Tensor out = raw(Unary.SIGN, check("sign", "x", x));
        if (Record.on()) Record.unary(out, x, g -> Tensor.zeros(x.shape()));
        return out;
    }

    static Tensor square(Tensor x) {
        Tensor out = raw(Unary.SQUARE, check("square", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, scale(x, 2)));
        return out;
    }

    static Tensor sqrt(Tensor x) {
        Tensor out = raw(Unary.SQRT, check("sqrt", "x", x));
        if (Record.on()) Record.unary(out, x, g -> div(scale(g, 0.5), out));
        return out;
    }

    static Tensor rsqrt(Tensor x) {
        Tensor out = raw(Unary.RSQRT, check("rsqrt", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, scale(div(out, x), -0.5)));
        return out;
    }

    static Tensor reciprocal(Tensor x) {
        Tensor out = raw(Unary.RECIPROCAL, check("reciprocal", "x", x));
        if (Record.on()) Record.unary(out, x, g -> neg(mul(g, square(out))));
        return out;
    }

    static Tensor exp(Tensor x) {
        Tensor out = raw(Unary.EXP, check("exp", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, out));
        return out;
    }

    static Tensor log(Tensor x) {
        Tensor out = raw(Unary.LOG, check("log", "x", x));
        if (Record.on()) Record.unary(out, x, g -> div(g, x));
        return out;
    }

    static Tensor log1p(Tensor x) {
        Tensor out = raw(Unary.LOG1P, check("log1p", "x", x));
        if (Record.on()) Record.unary(out, x, g -> div(g, affine(x, 1, 1)));
        return out;
    }

    static Tensor expm1(Tensor x) {
        Tensor out = raw(Unary.EXPM1, check("expm1", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, affine(out, 1, 1)));
        return out;
    }

    static Tensor tanh(Tensor x) {
        Tensor out = raw(Unary.TANH, check("tanh", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, affine(square(out), -1, 1)));
        return out;
    }

    static Tensor sin(Tensor x) {
        Tensor out = raw(Unary.SIN, check("sin", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, cos(x)));
        return out;
    }

    static Tensor cos(Tensor x) {
        Tensor out = raw(Unary.COS, check("cos", "x", x));
        if (Record.on()) Record.unary(out, x, g -> neg(mul(g, sin(x))));
        return out;
    }

    static Tensor sigmoid(Tensor x) {
        Tensor out = raw(Unary.SIGMOID, check("sigmoid", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, mul(out, affine(out, -1, 1))));
        return out;
    }

    static Tensor erf(Tensor x) {
        Tensor out = raw(Unary.ERF, check("erf", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, scale(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))));
        return out;
    }

    // ------------------------------------------------------------------ activations

    /**
     * {@code relu(x + bias)} (or {@code x + bias}) with a bias over the last axis, one op forward and
     * one fused pass backward; the same numbers as {@code relu(add(x, bias))}. Under an outer tape
     * (higher derivatives) the gradient is built from recorded ops instead.
     */
    static Tensor biasAdd(Tensor x, Tensor bias, boolean relu) {
        check("biasAdd", "x", x);
        check("biasAdd", "bias", bias);
        if (bias.rank() != 1 || x.rank() < 1 || x.shape().get(-1) != bias.size()) throw new IllegalArgumentException(
                "biasAdd: bias must have shape (" + (x.rank() < 1 ? "channels" : x.shape().get(-1)) + ",) to match the last axis of x "
                        + x.shape() + ", got " + bias.shape());
        Tensor out = Tensor.wrap(BiasActivation.forward(x.unsafeBuffer(), bias.unsafeBuffer(), relu), x.shape());
        if (Record.on()) Record.rule(out, new BiasAddRule(out, bias, relu), x, bias);
        return out;
    }

    /** {@link #biasAdd}'s gradient rule. */
    private record BiasAddRule(Tensor out, Tensor bias, boolean relu) implements BiasReluRule {
        @Override
        public Tensor[] apply(Tensor[] outputGrads, boolean[] needed) {
            return biasAddBackward(outputGrads[0], out, bias, relu, needed[0], needed[1]);
        }

        @Override
        public Tensor[] fromPreActivation(Tensor dz, Tensor dBias, boolean[] needed) {
            return new Tensor[] {needed[0] ? dz : null, needed[1] ? dBias : null};
        }
    }

    /**
     * The gradients of {@code out = biasAdd(x, bias, relu)} from {@code g}: with respect to x (the
     * pre-bias input) and to the bias, each null where not needed.
     */
    static Tensor[] biasAddBackward(Tensor g, Tensor out, Tensor bias, boolean relu, boolean needX, boolean needBias) {
        if (GradientTape.isRecording()) { // differentiable ops, for gradients of gradients
            Tensor gz = relu ? mul(g, raw(Unary.STEP, out, 0, 0)) : g;
            return new Tensor[] {needX ? gz : null, needBias ? ReduceOps.sumTo(gz, bias.shape()) : null};
        }
        float[] gx = relu ? StepBuffers.take(g.size()) : null;
        float[] db = BiasActivation.backward(g.unsafeBuffer(), out.unsafeBuffer(), bias.size(), relu, gx);
        return new Tensor[] {needX ? (relu ? Tensor.wrap(gx, out.shape()) : g) : null, needBias ? Tensor.wrap(db, bias.shape()) : null};
    }

    static Tensor relu(Tensor x) {
        Tensor out = raw(Unary.RELU, check("relu", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, raw(Unary.STEP, x, 0, 0)));
        return out;
    }

    /** {@code min(max(x, 0), 6)}; the gradient passes strictly inside (0, 6), as jax.nn.relu6. */
    static Tensor relu6(Tensor x) {
        Tensor out = raw(Unary.CLIP, check("relu6", "x", x), 0, 6);
        if (Record.on()) Record.unary(out, x, g -> mul(g, openInterval(x, 0, 6)));
        return out;
    }

    /** 1 where {@code lo < x < hi}, else 0. */
    private static Tensor openInterval(Tensor x, double lo, double hi) {
        return raw(Binary.MUL, "mask", raw(Unary.STEP, x, lo, 0), raw(Unary.STEP, raw(Unary.NEG, x), -hi, 0));
    }

    /** {@code x} where {@code x >= 0}, else {@code negativeSlope * x}. */
    static Tensor leakyRelu(Tensor x, double negativeSlope) {
        Tensor out = raw(Unary.LEAKY_RELU, check("leakyRelu", "x", x), negativeSlope, 0);
        if (Record.on()) Record.unary(out, x, g -> {
            Tensor nonNeg = raw(Binary.GREATER_EQUAL, "leakyRelu", x, Tensor.scalar(0));
            return mul(g, raw(Unary.AFFINE, nonNeg, 1 - negativeSlope, negativeSlope));
        });
        return out;
    }

    /** {@code x} where {@code x > 0}, else {@code alpha * (exp(x) - 1)}. */
    static Tensor elu(Tensor x, double alpha) {
        Tensor out = raw(Unary.ELU, check("elu", "x", x), alpha, 0);
        if (Record.on()) Record.unary(out, x, g -> where(raw(Unary.STEP, x, 0, 0), g, mul(g, affine(out, 1, alpha))));
        return out;
    }

    static Tensor selu(Tensor x) {
        Tensor out = raw(Unary.SELU, check("selu", "x", x));
        if (Record.on()) Record.unary(out, x, g -> where(raw(Unary.STEP, x, 0, 0), scale(g, SELU_SCALE),
                mul(g, affine(out, 1, SELU_SCALE * SELU_ALPHA))));
        return out;
    }

    /** GELU, exact ({@code x * Phi(x)}) or with the tanh approximation. */
    static Tensor gelu(Tensor x, boolean approximate) {
        check("gelu", "x", x);
        if (approximate) {
            Tensor out = raw(Unary.GELU_TANH, x);
            if (Record.on()) Record.unary(out, x, g -> {
                Tensor x2 = square(x);
                Tensor t = tanh(scale(mul(x, affine(x2, 0.044715, 1)), SQRT_2_OVER_PI));
                Tensor du = scale(affine(x2, 3 * 0.044715, 1), SQRT_2_OVER_PI);
                Tensor d = add(scale(affine(t, 1, 1), 0.5), scale(mul(mul(x, affine(square(t), -1, 1)), du), 0.5));
                return mul(g, d);
            });
            return out;
        }
        Tensor out = raw(Unary.GELU, x);
        if (Record.on()) Record.unary(out, x, g -> {
            Tensor cdf = scale(affine(erf(scale(x, 1 / Math.sqrt(2))), 1, 1), 0.5);
            Tensor pdf = scale(exp(scale(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
            return mul(g, add(cdf, mul(x, pdf)));
        });
        return out;
    }

    /** Keras 3's {@code relu6(x + 3) / 6}. */
    static Tensor hardSigmoid(Tensor x) {
        Tensor out = raw(Unary.HARD_SIGMOID, check("hardSigmoid", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, scale(openInterval(x, -3, 3), 1.0 / 6)));
        return out;
    }

    static Tensor softplus(Tensor x) {
        Tensor out = raw(Unary.SOFTPLUS, check("softplus", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, sigmoid(x)));
        return out;
    }

    static Tensor softsign(Tensor x) {
        Tensor out = raw(Unary.SOFTSIGN, check("softsign", "x", x));
        if (Record.on()) Record.unary(out, x, g -> div(g, square(affine(abs(x), 1, 1))));
        return out;
    }

    static Tensor silu(Tensor x) {
        Tensor out = raw(Unary.SILU, check("silu", "x", x));
        if (Record.on()) Record.unary(out, x, g -> {
            Tensor s = sigmoid(x);
            return mul(g, mul(s, affine(mul(x, affine(s, -1, 1)), 1, 1)));
        });
        return out;
    }

    static Tensor logSigmoid(Tensor x) {
        Tensor out = raw(Unary.LOG_SIGMOID, check("logSigmoid", "x", x));
        if (Record.on()) Record.unary(out, x, g -> mul(g, sigmoid(neg(x))));
        return out;
    }

    /** Clip to {@code [min, max]}; the gradient passes where {@code min <= x <= max}. */
    static Tensor clip(Tensor x, double min, double max) {
        check("clip", "x", x);
        if (!(min <= max)) throw new IllegalArgumentException("clip: expected min <= max, got min=" + min + ", max=" + max);
        Tensor out = raw(Unary.CLIP, x, min, max);
        if (Record.on()) Record.unary(out, x, g -> {
            Tensor inside = raw(Binary.MUL, "clip", raw(Binary.GREATER_EQUAL, "clip", x, Tensor.scalar(min)),
                    raw(Binary.LESS_EQUAL, "clip", x, Tensor.scalar(max)));
            return mul(g, inside);
        });
        return out;
    }
}
