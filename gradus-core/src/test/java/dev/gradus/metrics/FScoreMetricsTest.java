package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FScoreMetricsTest {
    private static final Tensor YT = t(new int[][] {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}});
    private static final Tensor YP = t(new double[][] {{0.2, 0.6, 0.7}, {0.2, 0.6, 0.6}, {0.6, 0.8, 0.0}});

    @Test
    void f1AndF2FromTheKerasDocs() {
        F1Score f1 = new F1Score().threshold(0.5);
        f1.updateState(YT, YP);
        close(f1.result(), 0.5, 0.8, 2 / 3.0);
        FBetaScore f2 = new FBetaScore().beta(2.0).threshold(0.5);
        f2.updateState(YT, YP);
        close(f2.result(), 0.3846154, 0.90909094, 0.8333334);
        assertThat(f1.name()).isEqualTo("f1_score");
        assertThat(f2.name()).isEqualTo("fbeta_score");
    }

    @Test
    void averages() {
        // per class (threshold 0.5): tp = [1, 2, 1], fp = [0, 1, 1], fn = [2, 0, 0]
        double[] f = {0.5, 0.8, 2 / 3.0};
        FBetaScore macro = new FBetaScore().average("macro").threshold(0.5);
        macro.updateState(YT, YP);
        close(macro.result(), (f[0] + f[1] + f[2]) / 3);
        // micro: tp 4, fp 2, fn 2 -> p = r = 2/3
        FBetaScore micro = new FBetaScore().average("micro").threshold(0.5);
        micro.updateState(YT, YP);
        close(micro.result(), 2 / 3.0);
        // weighted by support [3, 2, 1]
        FBetaScore weighted = new FBetaScore().average("weighted").threshold(0.5);
        weighted.updateState(YT, YP);
        close(weighted.result(), (3 * f[0] + 2 * f[1] + f[2]) / 6);
    }

    @Test
    void withoutAThresholdTheRowMaximumIsPositive() {
        Tensor yt = t(new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {1, 0, 0}, {0, 0, 1}});
        Tensor yp = t(new double[][] {{0.9, 0.1, 0}, {0.2, 0.6, 0.2}, {0, 0, 1}, {0.4, 0.3, 0.3}, {0, 0.9, 0.1}, {0, 0, 1}});
        FBetaScore m = new FBetaScore();
        m.updateState(yt, yp);
        // class 0: tp 2 fn 1; class 1: tp 1 fp 1; class 2: tp 2
        close(m.result(), 0.8, 2 / 3.0, 1);
        // ties are all positive; an all-zero row predicts nothing
        F1Score ties = new F1Score();
        ties.updateState(t(new int[][] {{1, 0}, {0, 1}}), t(new double[][] {{0.5, 0.5}, {0, 0}}));
        // class 0: row 0's tie is a true positive; class 1: row 0's tie is a false positive, row 1 a miss
        close(ties.result(), 1, 0);
    }

    @Test
    void perSampleAndPerElementWeights() {
        Tensor yt = t(new int[][] {{1, 1}, {1, 0}});
        Tensor yp = t(new double[][] {{0.2, 0.6}, {0.2, 0.6}});
        F1Score perElement = new F1Score().threshold(0.5);
        perElement.updateState(yt, yp, t(new double[][] {{0.5, 0.2}, {0.3, 0.8}}));
        // class 1: tp 0.2, fp 0.8 -> p 0.2, r 1
        close(perElement.result(), 0, 1 / 3.0);
        F1Score perSample = new F1Score().threshold(0.5);
        perSample.updateState(yt, yp, t(new double[] {1, 0}));
        close(perSample.result(), 0, 1);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> new FBetaScore().beta(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta must be > 0, got 0.0");
        assertThatThrownBy(() -> new FBetaScore().beta(-1.5)).hasMessageContaining("beta must be > 0, got -1.5");
        assertThatThrownBy(() -> new FBetaScore().beta(Double.NaN)).hasMessageContaining("beta must be > 0");
        assertThatThrownBy(() -> new F1Score().beta(2)).hasMessageContaining("beta is fixed at 1");
        assertThatThrownBy(() -> new FBetaScore().threshold(0.0)).hasMessageContaining("0 < threshold <= 1, got 0.0");
        assertThatThrownBy(() -> new FBetaScore().threshold(1.5)).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> new FBetaScore().average("mean")).hasMessageContaining("average must be one of");
        assertThatThrownBy(() -> new FBetaScore().updateState(t(new int[] {1, 0}), t(new double[] {0.5, 0.5})))
                .hasMessageContaining("2D inputs");
        assertThatThrownBy(() -> new FBetaScore().updateState(t(new int[][] {{1, 0}}), t(new double[][] {{0.5, 0.5, 0}})))
                .hasMessageContaining("same shape").hasMessageContaining("(1, 2)").hasMessageContaining("(1, 3)");
    }
}
