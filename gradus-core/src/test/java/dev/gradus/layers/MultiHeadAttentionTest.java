package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Variable;
import dev.gradus.models.Functional;
import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import dev.gradus.training.PredictOptions;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MultiHeadAttention against a loop-by-loop computation, masks, finite differences, Keras's weights and config. */
class MultiHeadAttentionTest {

    /**
     * The attention by hand: per batch row, head, query step, the softmax over the allowed key steps of
     * q·k/√d, then the weighted values and the output projection. {@code allowed[b][t][s]}; a row with
     * nothing allowed gets {@code rowWhenNone} weights (uniform or zero).
     */
    static double[][][] byHand(MultiHeadAttention mha, float[][][] q, float[][][] v, boolean[][][] allowed, boolean zeroRows,
                               double[][][][] weightsOut) {
        List<Tensor> w = mha.getWeights();
        float[] wq = w.get(0).toFloatArray(), bq = w.get(1).toFloatArray(), wk = w.get(2).toFloatArray(), bk = w.get(3).toFloatArray();
        float[] wv = w.get(4).toFloatArray(), bv = w.get(5).toFloatArray(), wo = w.get(6).toFloatArray(), bo = w.get(7).toFloatArray();
        int n = mha.numHeads(), d = mha.keyDim(), dv = mha.valueDim(), dim = q[0][0].length, vdim = v[0][0].length;
        int out = bo.length, batch = q.length, t = q[0].length, s = v[0].length;
        double[][][] result = new double[batch][t][out];
        for (int b = 0; b < batch; b++) {
            double[][][] qh = project(q[b], wq, bq, n, d, dim), kh = project(v[b], wk, bk, n, d, vdim), vh = project(v[b], wv, bv, n, dv, vdim);
            for (int i = 0; i < t; i++) {
                double[][] heads = new double[n][dv];
                for (int h = 0; h < n; h++) {
                    double[] logits = new double[s];
                    double max = Double.NEGATIVE_INFINITY;
                    boolean any = false;
                    for (int j = 0; j < s; j++) {
                        for (int c = 0; c < d; c++) logits[j] += qh[i][h][c] * kh[j][h][c];
                        logits[j] /= Math.sqrt(d);
                        if (allowed == null || allowed[b][i][j]) {
                            max = Math.max(max, logits[j]);
                            any = true;
                        }
                    }
                    double[] p = new double[s];
                    double sum = 0;
                    for (int j = 0; j < s; j++) {
                        boolean ok = allowed == null || allowed[b][i][j];
                        p[j] = !any ? (zeroRows ? 0 : 1.0 / s) : ok ? Math.exp(logits[j] - max) : 0;
                        sum += any ? p[j] : 0;
                    }
                    if (any) for (int j = 0; j < s; j++) p[j] /= sum;
                    if (weightsOut != null) weightsOut[b][h][i] = p;
                    for (int j = 0; j < s; j++) for (int c = 0; c < dv; c++) heads[h][c] += p[j] * vh[j][h][c];
                }
                for (int o = 0; o < out; o++) {
                    double acc = bo[o];
                    for (int h = 0; h < n; h++) for (int c = 0; c < dv; c++) acc += heads[h][c] * wo[(h * dv + c) * out + o];
                    result[b][i][o] = acc;
                }
            }
        }
        return result;
    }

    private static double[][][] project(float[][] x, float[] w, float[] bias, int n, int d, int dim) {
        double[][][] out = new double[x.length][n][d];
        for (int i = 0; i < x.length; i++)
            for (int h = 0; h < n; h++)
                for (int c = 0; c < d; c++) {
                    double acc = bias[h * d + c];
                    for (int k = 0; k < dim; k++) acc += x[i][k] * w[(k * n + h) * d + c];
                    out[i][h][c] = acc;
                }
        return out;
    }

    private static float[][][] arr(Tensor x) {
        int b = x.dim(0), t = x.dim(1), c = x.dim(2);
        float[] f = x.toFloatArray();
        float[][][] out = new float[b][t][c];
        for (int i = 0; i < b; i++) for (int j = 0; j < t; j++) System.arraycopy(f, (i * t + j) * c, out[i][j], 0, c);
        return out;
    }

    private static double[] flat(double[][][] x) {
        List<Double> out = new ArrayList<>();
        for (double[][] a : x) for (double[] r : a) for (double v : r) out.add(v);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static MultiHeadAttention built(int heads, int keyDim, Tensor q, Tensor v) {
        MultiHeadAttention mha = new MultiHeadAttention(heads, keyDim).biasInitializer("random_normal").seed(1);
        mha.apply(List.of(q, v));
        return mha;
    }

    @Test
    void crossAttentionMatchesTheLoopByLoopComputation() {
        Tensor q = Tensor.randomNormal(1, 2, 3, 4), v = Tensor.randomNormal(2, 2, 5, 6);
        MultiHeadAttention mha = built(2, 3, q, v);
        double[][][][] weights = new double[2][2][3][];
        double[][][] expected = byHand(mha, arr(q), arr(v), null, false, weights);
        Tensor out = mha.apply(List.of(q, v));
        assertThat(out.shape().dims()).containsExactly(2, 3, 4);
        assertValues(out, flat(expected), 1e-5);
        List<Tensor> withScores = mha.applyAll(List.of(q, v), Map.of("return_attention_scores", true), false);
        assertThat(withScores.get(1).shape().dims()).containsExactly(2, 2, 3, 5);
        List<Double> w = new ArrayList<>();
        for (double[][][] b : weights) for (double[][] h : b) for (double[] r : h) for (double x : r) w.add(x);
        assertValues(withScores.get(1), w.stream().mapToDouble(Double::doubleValue).toArray(), 1e-6);
        assertValues(withScores.get(0), flat(expected), 1e-5);
        // a separate key: the keys come from it, the values from value
        Tensor k = Tensor.randomNormal(3, 2, 5, 6);
        assertThat(mha.apply(List.of(q, v, k)).allClose(out, 1e-3, 1e-3)).isFalse();
    }

    @Test
    void masksFollowKerasIncludingFullyMaskedRows() {
        Tensor x = Tensor.randomNormal(4, 2, 4, 3);
        MultiHeadAttention mha = built(2, 2, x, x);
        // the value's Keras mask (padding) and a causal mask
        Tensor padMask = Tensor.of(new double[][] {{1, 1, 1, 0}, {1, 1, 0, 0}});
        Tensor masked = Masks.set(Ops.mul(x, 1), padMask);
        boolean[][][] allowed = new boolean[2][4][4];
        for (int b = 0; b < 2; b++) for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++)
            allowed[b][i][j] = padMask.toFloatArray()[b * 4 + i] > 0 && padMask.toFloatArray()[b * 4 + j] > 0 && j <= i;
        Tensor out = mha.applyAll(List.of(masked, masked), Map.of("use_causal_mask", true), false).get(0);
        // the padded query rows have every key masked: Keras's dot_product_attention averages the values uniformly
        assertValues(out, flat(byHand(mha, arr(x), arr(x), allowed, false, null)), 1e-5);
        // the output carries the query's mask
        assertValues(Masks.get(out), new double[] {1, 1, 1, 0, 1, 1, 0, 0}, 0);
        // with the scores returned Keras's masked softmax zeroes those rows instead
        List<Tensor> scored = mha.applyAll(List.of(masked, masked), Map.of("use_causal_mask", true, "return_attention_scores", true),
                false);
        assertValues(scored.get(0), flat(byHand(mha, arr(x), arr(x), allowed, true, null)), 1e-5);
        assertValues(Ops.slice(scored.get(1), 2, 3, 4), new double[16], 0); // query step 3 is padding in both rows: zero weights
        // an explicit attention_mask (batch, T, S) alone
        Tensor am = Tensor.of(new double[][][] {{{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}},
                {{0, 1, 0, 0}, {0, 1, 0, 0}, {0, 1, 1, 0}, {1, 1, 1, 1}}});
        boolean[][][] fromAm = new boolean[2][4][4];
        float[] amv = am.toFloatArray();
        for (int i = 0; i < 32; i++) fromAm[i / 16][(i / 4) % 4][i % 4] = amv[i] > 0;
        assertValues(mha.applyAll(List.of(x, x), Map.of("attention_mask", am), false).get(0),
                flat(byHand(mha, arr(x), arr(x), fromAm, false, null)), 1e-5);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor q = Tensor.randomNormal(5, 2, 3, 4), v = Tensor.randomNormal(6, 2, 2, 4);
        MultiHeadAttention mha = built(2, 2, q, v);
        GradCheck.check(xs -> mha.apply(List.of(xs[0], xs[1])), q, v);
        RecurrentLayersTest.checkWeightGradients(mha, x -> mha.apply(List.of(x, v)), q);
    }

    @Test
    void weightsAreKerasEinsumDenseLayout() {
        KerasTensor in = Input.of(10, 32);
        MultiHeadAttention mha = new MultiHeadAttention(2, 32);
        Model m = Model.of(in, mha.applySymbolic(List.of(in, in)));
        // Keras's transformer text-classification example: MultiHeadAttention(num_heads=2, key_dim=32) on 32 features
        assertThat(m.countParams()).isEqualTo(8_416);
        assertThat(mha.weights()).extracting(Variable::name).containsExactly("query/kernel", "query/bias", "key/kernel", "key/bias",
                "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias");
        assertThat(mha.weights()).extracting(x -> x.shape().toString()).containsExactly("(32, 2, 32)", "(2, 32)", "(32, 2, 32)",
                "(2, 32)", "(32, 2, 32)", "(2, 32)", "(2, 32, 32)", "(32,)");
        assertThat(mha.namedSublayers().keySet()).containsExactlyInAnyOrder("query_dense", "key_dense", "value_dense", "output_dense");
        MultiHeadAttention shaped = new MultiHeadAttention(3, 4).valueDim(5).outputShape(7).useBias(false);
        Tensor y = shaped.apply(List.of(Tensor.zeros(2, 3, 6), Tensor.zeros(2, 4, 8)));
        assertThat(y.shape().dims()).containsExactly(2, 3, 7);
        assertThat(shaped.weights()).extracting(x -> x.shape().toString()).containsExactly("(6, 3, 4)", "(8, 3, 4)", "(8, 3, 5)",
                "(3, 5, 7)");
    }

    @Test
    void configIsKerasAndRoundTrips() {
        MultiHeadAttention mha = new MultiHeadAttention(4, 8).valueDim(6).dropout(0.1).outputShape(12).kernelRegularizer("l2")
                .activityRegularizer("l1").seed(3);
        assertThat(mha.getConfig().keySet()).containsExactly("name", "trainable", "dtype", "num_heads", "key_dim", "value_dim",
                "dropout", "use_bias", "use_gate", "output_shape", "attention_axes", "sliding_window", "kernel_initializer",
                "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                "bias_constraint", "seed");
        roundTrip(mha);
        roundTrip(new MultiHeadAttention(2, 3));
        MultiHeadAttention read = MultiHeadAttention.fromConfig(Config.of("num_heads", 2, "key_dim", 4, "value_dim", null,
                "output_shape", 5, "attention_axes", List.of(1), "flash_attention", null, "use_gate", false));
        assertThat(read.valueDim()).isEqualTo(4);
        assertThat(read.getConfig().get("output_shape")).isEqualTo(List.of(5));
        assertThatThrownBy(() -> new MultiHeadAttention(2, 2).attentionAxes(1, 2)).hasMessageContaining("attention_axes");
        assertThatThrownBy(() -> MultiHeadAttention.fromConfig(Config.of("num_heads", 2, "key_dim", 4, "use_gate", true)))
                .hasMessageContaining("use_gate");
        assertThatThrownBy(() -> new MultiHeadAttention(2, 2).apply(Tensor.zeros(1, 2, 2))).hasMessageContaining("[query, value]");
        assertThatThrownBy(() -> new MultiHeadAttention(2, 2).applyAll(List.of(Tensor.zeros(1, 2, 2), Tensor.zeros(1, 2, 2)),
                Map.of("causal", true), false)).hasMessageContaining("no call argument 'causal'");
    }

    @Test
    void scoresAndCausalMaskInAFunctionalGraphAndItsConfig() {
        KerasTensor in = Input.of(4, 3);
        MultiHeadAttention mha = new MultiHeadAttention(2, 2);
        List<KerasTensor> outs = mha.applySymbolicAll(List.of(in, in), Map.of("use_causal_mask", true, "return_attention_scores", true));
        assertThat(outs.get(1).shape()).containsExactly(-1, 2, 4, 4);
        Model model = Model.of(List.of(in), List.of(outs.get(0), outs.get(1)));
        Tensor x = Tensor.randomNormal(9, 2, 4, 3);
        List<Tensor> got = model.predictAll(List.of(x), new PredictOptions().verbose(0));
        List<Tensor> eager = mha.applyAll(List.of(x, x), Map.of("use_causal_mask", true, "return_attention_scores", true), false);
        assertThat(got.get(1).allClose(eager.get(1), 0, 0)).isTrue();
        assertThat(Ops.slice(got.get(1), 3, 1, 4).toFloatArray()[0]).isZero(); // step 0 cannot see step 1
        Map<String, Object> config = model.getConfig();
        // Keras's node: two positional tensors and the call's kwargs
        @SuppressWarnings("unchecked") Map<String, Object> node = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                ((List<Object>) config.get("layers")).get(1)).get("inbound_nodes")).get(0);
        assertThat((List<?>) node.get("args")).hasSize(2);
        assertThat(node.get("kwargs")).isEqualTo(Map.of("use_causal_mask", true, "return_attention_scores", true));
        Model back = Functional.fromConfig(config);
        back.setWeights(model.getWeights());
        assertThat(back.getConfig()).isEqualTo(config);
        assertThat(back.predictAll(List.of(x), new PredictOptions().verbose(0)).get(0).allClose(got.get(0), 0, 0)).isTrue();
    }
}
