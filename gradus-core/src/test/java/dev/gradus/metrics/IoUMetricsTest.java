package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class IoUMetricsTest {
    private static final Tensor T4 = t(new int[] {0, 0, 1, 1});
    private static final Tensor P4 = t(new int[] {0, 1, 0, 1});

    @Test
    void iouOfOneClassAndOfBoth() {
        // cm = [[1, 1], [1, 1]]: each class 1 / (2 + 2 - 1)
        IoU one = new IoU(2, 0);
        one.updateState(T4, P4);
        close(one.result(), 1 / 3.0);
        assertThat(one.confusionMatrix().toFloatArray()).containsExactly(1, 1, 1, 1);
        MeanIoU mean = new MeanIoU(2);
        mean.updateState(T4, P4);
        close(mean.result(), 1 / 3.0);
        assertThat(one.name()).startsWith("io_u");
        assertThat(mean.direction()).isEqualTo(Direction.UP);
    }

    @Test
    void floatWeightsNeedAFloatDtype() {
        Tensor w = t(new double[] {0.2, 0.3, 0.4, 0.1});
        // cm = [[0.2, 0.3], [0.4, 0.1]]: iou0 = 0.2 / (0.6 + 0.5 - 0.2), iou1 = 0.1 / (0.5 + 0.4 - 0.1)
        double expected = (0.2 / 0.9 + 0.1 / 0.8) / 2;
        IoU f = new IoU(2, 1, 0).dtype("float32");
        f.updateState(T4, P4, w);
        close(f.result(), expected);
        // trap T10: the default int dtype truncates every weight to 0, leaving nothing to average
        IoU i = new IoU(2, 1, 0);
        i.updateState(T4, P4, w);
        close(i.result(), 0);
        assertThat(i.dtype()).isEqualTo("int32");
        // whole-number weights are the same in both
        IoU whole = new IoU(2, 0, 1);
        whole.updateState(T4, P4, t(new int[] {2, 3, 4, 1}));
        close(whole.result(), (2 / 9.0 + 1 / 8.0) / 2);
    }

    @Test
    void idsOutsideTheClassesAreDroppedAndAbsentClassesLeftOutOfTheMean() {
        IoU outOfRange = new IoU(2, 0, 1);
        outOfRange.updateState(t(new int[] {0, 2}), t(new int[] {0, 1}));
        close(outOfRange.result(), 1);
        MeanIoU absent = new MeanIoU(3);
        absent.updateState(t(new int[] {0, 0, 0, 0}), t(new int[] {0, 0, 0, 0}));
        close(absent.result(), 1);
        IoU nothing = new IoU(2, 0, 1);
        close(nothing.result(), 0);
    }

    @Test
    void ignoredLabelsAreLeftOut() {
        MeanIoU m = new MeanIoU(3).ignoreClass(255);
        m.updateState(t(new int[] {0, 1, 2, 255}), t(new int[] {0, 1, 1, 1}));
        // cm = [[1,0,0],[0,1,0],[0,1,0]]: ious 1, 1/2, 0 over 3 present classes
        close(m.result(), 0.5);
        MeanIoU minus = new MeanIoU(2).ignoreClass(-1).dtype("float32");
        minus.updateState(t(new int[] {0, 0, 1, -1}), t(new int[] {0, 1, 0, 1}), t(new double[] {0.2, 0.3, 0.4, 0.1}));
        close(minus.result(), (0.2 / 0.9 + 0) / 2);
    }

    @Test
    void denseInputsUseTheArgmax() {
        Tensor yTrue = t(new int[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}});
        Tensor yPred = t(new double[][] {{0.2, 0.3, 0.5}, {0.1, 0.2, 0.7}, {0.5, 0.3, 0.1}, {0.1, 0.4, 0.5}});
        // true 2,0,1,0 predicted 2,2,0,2: cm[2][2]=1, cm[0][2]=2, cm[1][0]=1
        OneHotIoU one = new OneHotIoU(3, 0, 2);
        one.updateState(yTrue, yPred);
        close(one.result(), (0 + 1 / 3.0) / 2);
        OneHotMeanIoU mean = new OneHotMeanIoU(3);
        mean.updateState(yTrue, yPred);
        close(mean.result(), (1 / 3.0) / 3);
        IoU dense = new IoU(3, 0, 2).sparseYTrue(false).sparseYPred(false);
        dense.updateState(yTrue, yPred);
        close(dense.result(), (1 / 3.0) / 2);
        OneHotIoU weighted = new OneHotIoU(3, 0, 2).dtype("float32");
        weighted.updateState(yTrue, yPred, t(new double[] {0.1, 0.2, 0.3, 0.4}));
        close(weighted.result(), (0 + 0.1 / 0.7) / 2);
    }

    @Test
    void binaryIoUPredictsOneAtOrAboveTheThreshold() {
        BinaryIoU m = new BinaryIoU().threshold(0.3);
        m.updateState(t(new int[] {0, 1, 0, 1}), t(new double[] {0.1, 0.2, 0.4, 0.7}));
        close(m.result(), 1 / 3.0);
        // 0.5 at threshold 0.5 is class 1 (>=, trap T11)
        BinaryIoU at = new BinaryIoU(1);
        at.updateState(t(new int[] {1}), t(new double[] {0.5}));
        close(at.result(), 1);
        BinaryIoU weighted = new BinaryIoU().threshold(0.3).dtype("float32");
        weighted.updateState(t(new int[] {0, 1, 0, 1}), t(new double[] {0.1, 0.2, 0.4, 0.7}), t(new double[] {0.2, 0.3, 0.4, 0.1}));
        close(weighted.result(), (0.2 / 0.9 + 0.1 / 0.8) / 2);
    }

    @Test
    void multiDimensionalInputsAreFlattened() {
        MeanIoU m = new MeanIoU(2).dtype("float32");
        m.updateState(t(new int[][] {{0, 0}, {1, 1}}), t(new int[][] {{0, 1}, {0, 1}}), t(new double[][] {{0.2, 0.3}, {0.4, 0.1}}));
        close(m.result(), (0.2 / 0.9 + 0.1 / 0.8) / 2);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> new IoU(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target class id 2 is out of range, which is [0, 2)");
        assertThatThrownBy(() -> new IoU(2)).hasMessageContaining("at least one class");
        assertThatThrownBy(() -> new MeanIoU(0)).hasMessageContaining("numClasses must be >= 1");
        assertThatThrownBy(() -> new MeanIoU(2).dtype("int33")).hasMessageContaining("dtype must be one of");
        assertThatThrownBy(() -> new MeanIoU(2).updateState(t(new int[] {0, 1}), t(new int[] {0, 1, 1})))
                .hasMessageContaining("2 true and 3 predicted");
        assertThatThrownBy(() -> new MeanIoU(2).updateState(t(new int[] {0, 1}), t(new int[] {0, 1}), t(new int[] {1, 1, 1})))
                .hasMessageContaining("sampleWeight of shape (3,)");
    }
}
