package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.models.Functional;
import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import dev.gradus.training.PredictOptions;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Attention and AdditiveAttention against hand computation, masks, finite differences and Keras's configs. */
class AttentionLayersTest {
    static final float[][] Q = {{1, 0}, {0.5f, -1}}, V = {{1, 2}, {-1, 0.5f}, {0, 3}};

    /** softmax over the allowed value steps of score(q_i, v_j), then the weighted values; one batch row. */
    static double[] byHand(BiFunction<float[], float[], Double> score, boolean[][] allowed, boolean[] queryValid) {
        double[] out = new double[Q.length * 2];
        for (int i = 0; i < Q.length; i++) {
            double[] s = new double[V.length];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < V.length; j++) {
                s[j] = score.apply(Q[i], V[j]) - (allowed == null || allowed[i][j] ? 0 : 1e9);
                max = Math.max(max, s[j]);
            }
            for (int j = 0; j < V.length; j++) sum += s[j] = Math.exp(s[j] - max);
            for (int j = 0; j < V.length; j++)
                for (int c = 0; c < 2; c++) out[i * 2 + c] += (queryValid == null || queryValid[i] ? 1 : 0) * s[j] / sum * V[j][c];
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        return a[0] * b[0] + a[1] * b[1];
    }

    static final Tensor QT = Tensor.of(Q).reshape(1, 2, 2), VT = Tensor.of(V).reshape(1, 3, 2);

    @Test
    void dotAttentionWithScaleMasksAndCausal() {
        Attention att = new Attention().useScale(true);
        assertValues(att.apply(List.of(QT, VT)), byHand((a, b) -> dot(a, b), null, null), 1e-6);
        att.weights().get(0).assign(Tensor.scalar(2));
        assertValues(att.apply(List.of(QT, VT)), byHand((a, b) -> 2 * dot(a, b), null, null), 1e-6);
        // value mask (last step padding) and query mask (second step padding): masked scores lose 1e9, masked queries give 0
        Tensor q = Masks.set(Ops.mul(QT, 1), Tensor.of(new double[][] {{1, 0}})), v = Masks.set(Ops.mul(VT, 1),
                Tensor.of(new double[][] {{1, 1, 0}}));
        boolean[][] allowed = {{true, true, false}, {true, true, false}};
        Tensor out = att.apply(List.of(q, v));
        assertValues(out, byHand((a, b) -> 2 * dot(a, b), allowed, new boolean[] {true, false}), 1e-6);
        assertValues(Masks.get(out), new double[] {1, 0}, 0);
        // use_causal_mask: query step i sees value steps <= i; the scores come back too
        List<Tensor> causal = new Attention().applyAll(List.of(QT, VT), Map.of("use_causal_mask", true, "return_attention_scores", true),
                false);
        assertValues(causal.get(0), byHand((a, b) -> dot(a, b), new boolean[][] {{true, false, false}, {true, true, false}}, null), 1e-6);
        assertThat(causal.get(1).shape().dims()).containsExactly(1, 2, 3);
        assertValues(Ops.sum(causal.get(1), new int[] {-1}, false), new double[] {1, 1}, 1e-6);
    }

    @Test
    void concatScoresAndAdditiveAttention() {
        Attention concat = new Attention().scoreMode("concat").useScale(true);
        concat.apply(List.of(QT, VT));
        concat.weights().get(0).assign(Tensor.scalar(0.5));
        concat.weights().get(1).assign(Tensor.scalar(3));
        assertValues(concat.apply(List.of(QT, VT)), byHand((a, b) -> 3 * (Math.tanh(0.5 * (a[0] + b[0]))
                + Math.tanh(0.5 * (a[1] + b[1]))), null, null), 1e-6);
        AdditiveAttention add = new AdditiveAttention();
        add.apply(List.of(QT, VT));
        assertThat(add.weights().get(0).shape().dims()).containsExactly(2);
        add.weights().get(0).assign(Tensor.of(new double[] {0.7, -1.2}));
        assertValues(add.apply(List.of(QT, VT)), byHand((a, b) -> 0.7 * Math.tanh(a[0] + b[0]) - 1.2 * Math.tanh(a[1] + b[1]),
                null, null), 1e-6);
        AdditiveAttention plain = new AdditiveAttention().useScale(false);
        assertValues(plain.apply(List.of(QT, VT)), byHand((a, b) -> Math.tanh(a[0] + b[0]) + Math.tanh(a[1] + b[1]), null, null),
                1e-6);
        assertThat(plain.weights()).isEmpty();
        // a separate key gives the scores, the values the result
        Tensor k = Tensor.of(new double[][][] {{{0, 1}, {1, 1}, {2, 0}}});
        float[][] keys = {{0, 1}, {1, 1}, {2, 0}};
        double[] expected = new double[4];
        for (int i = 0; i < 2; i++) {
            double[] s = new double[3];
            double sum = 0;
            for (int j = 0; j < 3; j++) sum += s[j] = Math.exp(dot(Q[i], keys[j]));
            for (int j = 0; j < 3; j++) for (int c = 0; c < 2; c++) expected[i * 2 + c] += s[j] / sum * V[j][c];
        }
        assertValues(new Attention().apply(List.of(QT, VT, k)), expected, 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor q = Tensor.randomNormal(1, 2, 3, 4), v = Tensor.randomNormal(2, 2, 5, 4);
        for (BaseAttention<?> layer : List.<BaseAttention<?>>of(new Attention().useScale(true), new Attention().scoreMode("concat"),
                new AdditiveAttention())) {
            layer.apply(List.of(q, v));
            GradCheck.check(xs -> layer.apply(List.of(xs[0], xs[1])), q, v);
            RecurrentLayersTest.checkWeightGradients(layer, x -> layer.apply(List.of(x, v)), q);
        }
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        assertThat(new Attention().getConfig().keySet()).containsExactly("name", "trainable", "dtype", "use_scale", "score_mode",
                "dropout", "seed");
        assertThat(new AdditiveAttention().getConfig().keySet()).containsExactly("name", "trainable", "dtype", "use_scale",
                "dropout", "seed");
        roundTrip(new Attention().useScale(true).scoreMode("concat").dropout(0.2).seed(4));
        roundTrip(new AdditiveAttention().useScale(false));
        assertThatThrownBy(() -> new Attention().scoreMode("general")).hasMessageContaining("score_mode");
        assertThatThrownBy(() -> Attention.fromConfig(Config.of("causal", true))).hasMessageContaining("use_causal_mask");
        assertThatThrownBy(() -> new Attention().apply(Tensor.zeros(1, 2, 2))).hasMessageContaining("list of inputs");
        assertThatThrownBy(() -> new Attention().apply(List.of(QT))).hasMessageContaining("length 2 or 3");
        Tensor x = Tensor.randomNormal(3, 4, 2, 2);
        Attention drop = new Attention().dropout(0.5).seed(1);
        assertThat(drop.apply(List.of(x, x), true).allClose(drop.apply(List.of(x, x), false), 1e-4, 1e-4)).isFalse();
    }

    @Test
    void inAFunctionalGraphWithScores() {
        KerasTensor q = Input.of(2, 2), v = Input.of(3, 2);
        List<KerasTensor> outs = new AdditiveAttention().applySymbolicAll(List.of(q, v), Map.of("return_attention_scores", true));
        assertThat(outs.get(1).shape()).containsExactly(-1, 2, 3);
        Model model = Model.of(List.of(q, v), List.of(outs.get(0), outs.get(1)));
        List<Tensor> got = model.predictAll(List.of(QT, VT), new PredictOptions().verbose(0));
        Model back = Functional.fromConfig(model.getConfig());
        back.setWeights(model.getWeights());
        assertThat(back.predictAll(List.of(QT, VT), new PredictOptions().verbose(0)).get(1).allClose(got.get(1), 0, 0)).isTrue();
    }
}
