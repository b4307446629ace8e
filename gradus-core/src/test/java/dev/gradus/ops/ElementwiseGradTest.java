package dev.gradus.ops;

import static dev.gradus.testing.GradCheck.awayFromZero;
import static dev.gradus.testing.GradCheck.check;
import static dev.gradus.testing.GradCheck.checkSecondOrder;

import dev.gradus.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tape gradients of the elementwise ops against float64 central differences, first and second order. */
class ElementwiseGradTest {

    /** Three shape pairs per binary op: equal shapes, a broadcast row, a broadcast scalar and column. */
    static final int[][][] BINARY_SHAPES = {{{2, 3}, {2, 3}}, {{4, 3}, {3}}, {{2, 1, 3}, {4, 1}}};
    static final int[][] UNARY_SHAPES = {{5}, {2, 3}, {2, 2, 3}};

    static Stream<Arguments> unary() {
        return Stream.of(
                u("neg", Ops::neg, false), u("square", Ops::square, false), u("abs", Ops::abs, true),
                u("sqrt", x -> Ops.sqrt(Ops.add(Ops.abs(x), 0.5)), true), u("rsqrt", x -> Ops.rsqrt(Ops.add(Ops.abs(x), 0.5)), true),
                u("reciprocal", Ops::reciprocal, true), u("exp", Ops::exp, false),
                u("log", x -> Ops.log(Ops.add(Ops.abs(x), 0.5)), true), u("log1p", x -> Ops.log1p(Ops.abs(x)), true),
                u("expm1", Ops::expm1, false), u("tanh", Ops::tanh, false), u("sigmoid", Ops::sigmoid, false),
                u("erf", Ops::erf, false), u("sin", Ops::sin, false), u("cos", Ops::cos, false), u("relu", Ops::relu, true), u("relu6", x -> Ops.relu6(Ops.mul(x, 4)), true),
                u("leakyRelu", x -> Ops.leakyRelu(x, 0.3), true), u("elu", x -> Ops.elu(x, 1.5), true), u("selu", Ops::selu, true),
                u("gelu", x -> Ops.gelu(x, false), false), u("geluTanh", x -> Ops.gelu(x, true), false),
                u("hardSigmoid", x -> Ops.hardSigmoid(Ops.mul(x, 2)), true), u("softplus", Ops::softplus, false),
                u("softsign", Ops::softsign, true), u("silu", Ops::silu, false), u("logSigmoid", Ops::logSigmoid, false),
                u("clip", x -> Ops.clip(x, -1, 1.5), true), u("powScalar", x -> Ops.pow(Ops.add(Ops.abs(x), 0.5), 2.5), true),
                u("affine", x -> Ops.add(Ops.mul(x, 3), 2), false), u("sign", x -> Ops.mul(Ops.sign(x), x), true));
    }

    static Arguments u(String name, Function<Tensor, Tensor> f, boolean kinked) {
        return Arguments.of(name, f, kinked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unary")
    void unaryFirstAndSecondOrder(String name, Function<Tensor, Tensor> f, boolean kinked) {
        for (int s = 0; s < UNARY_SHAPES.length; s++) {
            Tensor x = input(s, kinked, UNARY_SHAPES[s]);
            check(xs -> f.apply(xs[0]), x);
            checkSecondOrder(xs -> f.apply(xs[0]), x);
        }
    }

    static Stream<Arguments> binary() {
        return Stream.of(
                b("add", Ops::add), b("sub", Ops::sub), b("mul", Ops::mul),
                b("div", (x, y) -> Ops.div(x, Ops.add(Ops.abs(y), 0.5))),
                b("pow", (x, y) -> Ops.pow(Ops.add(Ops.abs(x), 0.5), y)),
                b("maximum", Ops::maximum), b("minimum", Ops::minimum),
                b("where", (x, y) -> Ops.where(Ops.greater(x, Tensor.scalar(0)), Ops.mul(x, 2), y)));
    }

    static Arguments b(String name, java.util.function.BinaryOperator<Tensor> f) {
        return Arguments.of(name, f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binary")
    void binaryWithBroadcasting(String name, java.util.function.BinaryOperator<Tensor> f) {
        for (int s = 0; s < BINARY_SHAPES.length; s++) {
            Tensor x = awayFromZero(10 + s, 0.2, BINARY_SHAPES[s][0]);
            // offset y so that maximum/minimum have no ties within the finite-difference step
            Tensor y = Ops.add(awayFromZero(20 + s, 0.2, BINARY_SHAPES[s][1]), 0.05);
            check(xs -> f.apply(xs[0], xs[1]), x, y);
            checkSecondOrder(xs -> f.apply(xs[0], xs[1]), x, y);
        }
    }

    static Tensor input(int s, boolean kinked, int... shape) {
        return kinked ? awayFromZero(s, 0.1, shape) : Tensor.randomUniform(dev.gradus.tensor.Shape.of(shape), -2, 2, s);
    }
}
