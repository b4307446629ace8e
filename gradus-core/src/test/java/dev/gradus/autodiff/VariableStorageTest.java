package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class VariableStorageTest {
    @Test
    void inPlaceUpdatesDoNotChangeTensorsReadEarlier() {
        Variable v = new Variable(Tensor.of(new float[] {1, 2, 3}));
        Tensor before = v.value();
        float[] storage = v.writableStorage();
        storage[0] = 10;
        assertThat(before.toFloatArray()).isEqualTo(new float[] {1, 2, 3});
        assertThat(v.value().toFloatArray()).isEqualTo(new float[] {10, 2, 3});
    }

    @Test
    void repeatedUpdatesWithoutReadsReuseTheSameArray() {
        Variable v = new Variable(Tensor.of(new float[] {1, 2}));
        float[] first = v.writableStorage();
        float[] second = v.writableStorage();
        assertThat(second).isSameAs(first);
        second[1] = 5;
        assertThat(v.value().toFloatArray()).isEqualTo(new float[] {1, 5});
        assertThat(v.writableStorage()).isNotSameAs(first); // value() handed the storage out
    }

    @Test
    void theInitialTensorStaysUntouched() {
        Tensor initial = Tensor.of(new float[] {1, 2});
        Variable v = new Variable(initial);
        v.writableStorage()[0] = 7;
        assertThat(initial.toFloatArray()).isEqualTo(new float[] {1, 2});
    }

    @Test
    void assignedTensorsStayUntouched() {
        Tensor mine = Tensor.of(new float[] {4, 5});
        Variable v = new Variable(Tensor.zeros(2));
        v.assign(mine);
        v.writableStorage()[0] = 9;
        assertThat(mine.toFloatArray()).isEqualTo(new float[] {4, 5});
        v.assignAdd(Tensor.scalar(1));
        assertThat(v.value().toFloatArray()).isEqualTo(new float[] {10, 6});
    }
}
