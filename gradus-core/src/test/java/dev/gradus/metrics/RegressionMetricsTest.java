package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    private static final Tensor YT = t(new int[][] {{0, 1}, {0, 0}});
    private static final Tensor YP = t(new int[][] {{1, 1}, {0, 0}});

    @Test
    void rootMeanSquaredError() {
        RootMeanSquaredError m = new RootMeanSquaredError();
        m.updateState(t(new int[] {2, 4, 6}), t(new int[] {1, 3, 2}));
        close(m.result(), Math.sqrt(6));
        m.resetState();
        m.updateState(YT, YP, t(new int[] {1, 0}));
        close(m.result(), Math.sqrt(0.5));
        m.resetState();
        m.updateState(t(new int[] {2, 4, 6, 8}), t(new int[] {1, 3, 2, 3}), t(new int[] {0, 1, 0, 1}));
        close(m.result(), Math.sqrt(13));
        assertThat(m.direction()).isEqualTo(Direction.DOWN);
    }

    @Test
    void cosineSimilarityIsPositiveForTheSameDirection() {
        CosineSimilarity m = new CosineSimilarity().axis(1);
        m.updateState(t(new double[][] {{0, 1}, {1, 1}}), t(new double[][] {{1, 0}, {1, 1}}));
        close(m.result(), 0.5);
        m.resetState();
        m.updateState(t(new double[][] {{0, 1}, {1, 1}}), t(new double[][] {{1, 0}, {1, 1}}), t(new double[] {0.3, 0.7}));
        close(m.result(), 0.7);
        CosineSimilarity d = new CosineSimilarity();
        d.updateState(t(new double[][] {{1, 9, 2}, {-5, -2, 6}}), t(new double[][] {{4, 8, 12}, {8, 1, 3}}));
        // numpy: mean of the row cosines 0.72048802 and -0.34604988
        close(d.result(), 0.18721907);
        assertThat(d.direction()).isEqualTo(Direction.UP);
    }

    @Test
    void aZeroVectorHasCosineZero() {
        CosineSimilarity m = new CosineSimilarity();
        m.updateState(t(new double[][] {{0, 0}}), t(new double[][] {{1, 2}}));
        close(m.result(), 0);
    }

    @Test
    void pearsonAndConcordanceMatchKerasDocs() {
        Tensor yt = t(new double[][] {{0, 1, 0.5}, {1, 1, 0.2}});
        Tensor yp = t(new double[][] {{0.1, 0.9, 0.5}, {1, 0.9, 0.2}});
        PearsonCorrelation p = new PearsonCorrelation();
        p.updateState(yt, yp);
        close(p.result(), 0.9966996);
        ConcordanceCorrelation c = new ConcordanceCorrelation();
        c.updateState(yt, yp);
        close(c.result(), 0.9816320);
        close(Metrics.concordanceCorrelation(yt, yp), 0.9756094, 0.9876540);
    }

    @Test
    void pearsonOfALinearMapIsOne() {
        PearsonCorrelation p = new PearsonCorrelation();
        p.updateState(t(new double[][] {{1, 2, 3, 4}}), t(new double[][] {{-3, -1, 1, 3}}));
        close(p.result(), 1);
        p.resetState();
        p.updateState(t(new double[][] {{1, 2, 3, 4}}), t(new double[][] {{3, 1, -1, -3}}));
        close(p.result(), -1);
    }

    @Test
    void r2ScoreFromTheKerasDoc() {
        R2Score m = new R2Score();
        m.updateState(t(new int[][] {{1}, {4}, {3}}), t(new int[][] {{2}, {4}, {4}}));
        close(m.result(), 4.0 / 7);
        assertThat(m.name()).isEqualTo("r2_score");
    }

    @Test
    void r2PerColumnAggregatedAndAdjusted() {
        Tensor yt = t(new double[][] {{0, 0, 1}, {0, 1, 0}, {1, 0, 0}});
        Tensor yp = t(new double[][] {{0.4, 0.5, 0.6}, {0.1, 0.2, 0.3}, {0.5, 0.8, 0.2}});
        R2Score raw = new R2Score().classAggregation(null);
        raw.updateState(yt, yp);
        // sklearn r2_score(multioutput="raw_values")
        close(raw.result(), 0.37, -1.295, 0.565);
        R2Score uniform = new R2Score();
        uniform.updateState(yt, yp);
        close(uniform.result(), (0.37 - 1.295 + 0.565) / 3);
        // every column has the same variance, so the variance-weighted average equals the plain mean
        R2Score weighted = new R2Score().classAggregation("variance_weighted_average");
        weighted.updateState(yt, yp);
        close(weighted.result(), (0.37 - 1.295 + 0.565) / 3);
        // adjusted with p = 1, n = 3: 1 - (1 - r2) (n - 1) / (n - p - 1)
        R2Score adjusted = new R2Score().classAggregation(null).numRegressors(1);
        adjusted.updateState(yt, yp);
        close(adjusted.result(), -0.26, -3.59, 0.13);
        // p = n - 1 falls back to the plain score
        R2Score fallback = new R2Score().classAggregation(null).numRegressors(2);
        fallback.updateState(yt, yp);
        close(fallback.result(), 0.37, -1.295, 0.565);
    }

    @Test
    void r2WeightsPerSample() {
        // a zero weight removes the sample: r2 of the remaining two equals their unweighted r2
        R2Score m = new R2Score();
        m.updateState(t(new int[][] {{1}, {4}, {3}}), t(new int[][] {{2}, {4}, {9}}), t(new int[] {1, 1, 0}));
        // y = [1, 4], mean 2.5, SS_tot 4.5, SS_res 1
        close(m.result(), 1 - 1 / 4.5);
    }

    @Test
    void r2NeedsTwoDimensionalInputs() {
        assertThatThrownBy(() -> new R2Score().updateState(t(new int[] {1, 2}), t(new int[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2D inputs");
        R2Score m = new R2Score();
        m.updateState(t(new int[][] {{1, 2}}), t(new int[][] {{1, 2}}));
        assertThatThrownBy(() -> m.updateState(t(new int[][] {{1, 2, 3}}), t(new int[][] {{1, 2, 3}})))
                .hasMessageContaining("built for 2 outputs");
        assertThatThrownBy(() -> new R2Score().classAggregation("mean")).hasMessageContaining("classAggregation");
        assertThatThrownBy(() -> new R2Score().numRegressors(-1)).hasMessageContaining("numRegressors must be >= 0");
    }
}
