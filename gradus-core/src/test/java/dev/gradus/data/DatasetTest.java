package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** x row i is (i, 10 i), y is i, sample weight is i / 10: every component names its row. */
    static Dataset rows(int n) {
        float[] x = new float[2 * n], y = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
            w[i] = i / 10f;
        }
        return Dataset.fromTensors(Tensor.of(x, n, 2), Tensor.of(y, n), Tensor.of(w, n));
    }

    /** The row ids a pass yields, in order, checking that x, y and the weight stay aligned. */
    static List<Integer> ids(Dataset d) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : d) {
            float[] x = b.x().toFloatArray(), y = b.y().toFloatArray(), w = b.sampleWeight().toFloatArray();
            for (int i = 0; i < y.length; i++) {
                assertThat(x[2 * i]).isEqualTo(y[i]);
                assertThat(x[2 * i + 1]).isEqualTo(10 * y[i]);
                assertThat(w[i]).isEqualTo(y[i] / 10f);
                out.add((int) y[i]);
            }
        }
        return out;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(i);
        return out;
    }

    @Test
    void fromTensorsYieldsSlices() {
        List<Batch> all = new ArrayList<>();
        rows(3).forEach(all::add);
        assertThat(all).hasSize(3);
        assertThat(all.get(1).x()).isEqualTo(Tensor.of(new float[] {1, 10}, 2));
        assertThat(all.get(1).y().shape()).isEqualTo(Shape.scalar());
        assertThat(all.get(2).sampleWeight().item()).isEqualTo(0.2f);
        assertThat(rows(3).cardinality()).isEqualTo(3);
    }

    @Test
    void batchKeepsOrderAndShapesWithASmallerLastBatch() {
        Dataset d = rows(10).batch(4);
        assertThat(d.cardinality()).isEqualTo(3);
        List<int[]> shapes = new ArrayList<>();
        for (Batch b : d) shapes.add(b.x().shape().dims());
        assertThat(shapes).containsExactly(new int[] {4, 2}, new int[] {4, 2}, new int[] {2, 2});
        assertThat(ids(d)).isEqualTo(range(0, 10));
        assertThat(rows(10).batch(4, true).cardinality()).isEqualTo(2);
        assertThat(ids(rows(10).batch(4, true))).isEqualTo(range(0, 8));
    }

    @Test
    void shuffleIsAPermutationReproducibleFromTheSeedAndNewEachPass() {
        Dataset d = rows(50).shuffle(7);
        List<Integer> first = ids(d), second = ids(d);
        assertThat(new HashSet<>(first)).isEqualTo(new HashSet<>(range(0, 50)));
        assertThat(first).hasSize(50).isNotEqualTo(range(0, 50));
        assertThat(second).isNotEqualTo(first);                 // reshuffled on each pass
        Dataset again = rows(50).shuffle(7);
        assertThat(ids(again)).isEqualTo(first);                // same seed, same sequence of passes
        assertThat(ids(again)).isEqualTo(second);
        assertThat(ids(rows(50).shuffle(8))).isNotEqualTo(first);
    }

    @Test
    void shuffleThenBatchGathersTheShuffledRows() {
        List<Integer> order = ids(rows(23).shuffle(3));
        assertThat(ids(rows(23).shuffle(3).batch(5))).isEqualTo(order);
    }

    @Test
    void fastPathAndGenericPathGiveTheSameOrders() {
        // map forces the generic iterator path; identity map keeps the values
        for (int buffer : new int[] {1, 4, 100}) {
            List<Integer> fast = ids(rows(30).shuffle(buffer, 11));
            List<Integer> generic = ids(rows(30).map(b -> b).shuffle(buffer, 11));
            assertThat(generic).as("buffer %d", buffer).isEqualTo(fast);
        }
        assertThat(ids(rows(30).shuffle(1, 11))).isEqualTo(range(0, 30));   // a buffer of 1 does not shuffle
        assertThat(ids(rows(12).map(b -> b).batch(5))).isEqualTo(range(0, 12));
    }

    @Test
    void smallShuffleBufferOnlyMixesNearbyElements() {
        List<Integer> out = ids(rows(200).shuffle(4, 1));
        // element k can only be emitted once the first k-3 inputs were read, i.e. at position >= k - 3
        for (int pos = 0; pos < out.size(); pos++) assertThat(out.get(pos)).isLessThanOrEqualTo(pos + 3);
        assertThat(new HashSet<>(out)).hasSize(200);
    }

    @Test
    void takeAndSkip() {
        assertThat(ids(rows(10).take(3))).isEqualTo(range(0, 3));
        assertThat(ids(rows(10).skip(7))).isEqualTo(range(7, 10));
        assertThat(ids(rows(10).skip(3).take(4))).isEqualTo(range(3, 7));
        assertThat(rows(10).take(20).cardinality()).isEqualTo(10);
        assertThat(rows(10).skip(20).cardinality()).isZero();
        assertThat(ids(rows(10).skip(20))).isEmpty();
        // on batches they count batches
        assertThat(ids(rows(10).batch(3).take(2))).isEqualTo(range(0, 6));
        assertThat(ids(rows(10).batch(3).skip(2))).isEqualTo(range(6, 10));
        assertThat(rows(10).batch(3).skip(2).cardinality()).isEqualTo(2);
        // a take after a shuffle takes from each pass's new order
        Dataset d = rows(20).shuffle(5).take(4);
        List<Integer> a = ids(d), b = ids(d);
        Dataset whole = rows(20).shuffle(5);
        assertThat(a).isEqualTo(ids(whole).subList(0, 4));
        assertThat(b).isEqualTo(ids(whole).subList(0, 4));
    }

    @Test
    void mapAppliesPerElementOrPerBatch() {
        Dataset scaled = rows(6).batch(4).map(b -> b.withX(b.x().div(2)));
        List<Float> firstCol = new ArrayList<>();
        for (Batch b : scaled) for (int i = 0; i < b.size(); i++) firstCol.add(b.x().get(i, 0));
        assertThat(firstCol).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f);
        assertThat(scaled.cardinality()).isEqualTo(2);
        Dataset relabel = rows(3).map(b -> b.withY(b.y().add(100))).batch(3);
        assertThat(relabel.iterator().next().y()).isEqualTo(Tensor.of(new float[] {100, 101, 102}, 3));
    }

    @Test
    void repeat() {
        List<Integer> twice = new ArrayList<>(range(0, 3));
        twice.addAll(range(0, 3));
        assertThat(ids(rows(3).repeat(2))).isEqualTo(twice);
        assertThat(rows(3).repeat(2).cardinality()).isEqualTo(6);
        assertThat(rows(3).repeat().cardinality()).isEqualTo(Dataset.INFINITE);
        assertThat(ids(rows(3).repeat().take(7))).isEqualTo(List.of(0, 1, 2, 0, 1, 2, 0));
        assertThat(rows(3).repeat().take(7).cardinality()).isEqualTo(7);
        assertThat(ids(rows(0).repeat().take(5))).isEmpty();
        // each repetition of a shuffled dataset is a new pass
        List<Integer> r = ids(rows(10).shuffle(2).repeat(2));
        Dataset s = rows(10).shuffle(2);
        List<Integer> expected = new ArrayList<>(ids(s));
        expected.addAll(ids(s));
        assertThat(r).isEqualTo(expected);
    }

    @Test
    void fromIterableAndGenericBatchStacking() {
        List<Batch> items = List.of(Batch.of(Tensor.of(new float[] {1, 2}, 2), Tensor.scalar(0)),
                Batch.of(Tensor.of(new float[] {3, 4}, 2), Tensor.scalar(1)),
                Batch.of(Tensor.of(new float[] {5, 6}, 2), Tensor.scalar(1)));
        Dataset d = Dataset.fromIterable(items);
        assertThat(d.cardinality()).isEqualTo(Dataset.UNKNOWN);
        assertThat(d.batch(2).cardinality()).isEqualTo(Dataset.UNKNOWN);
        Batch b = d.batch(2).iterator().next();
        assertThat(b.x()).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertThat(b.y()).isEqualTo(Tensor.of(new float[] {0, 1}, 2));
        assertThat(b.sampleWeight()).isNull();
        Set<Float> firsts = new HashSet<>();
        for (Batch e : d.shuffle(3)) firsts.add(e.x().get(0));
        assertThat(firsts).containsExactlyInAnyOrder(1f, 3f, 5f);
    }

    @Test
    void severalInputsAndTargets() {
        Tensor a = Tensor.of(new float[] {0, 1, 2, 3}, 4), b = Tensor.of(new float[] {0, 10, 20, 30, 40, 50, 60, 70}, 4, 2);
        Tensor y1 = Tensor.of(new float[] {5, 6, 7, 8}, 4), y2 = Tensor.of(new float[] {1, 0, 1, 0}, 4);
        Dataset d = Dataset.fromTensors(List.of(a, b), List.of(y1, y2), null).batch(3);
        Batch first = d.iterator().next();
        assertThat(first.inputs()).hasSize(2);
        assertThat(first.inputs().get(1)).isEqualTo(Tensor.of(new float[] {0, 10, 20, 30, 40, 50}, 3, 2));
        assertThat(first.targets().get(1)).isEqualTo(Tensor.of(new float[] {1, 0, 1}, 3));
        assertThatThrownBy(first::x).hasMessageContaining("2 inputs");
        assertThatThrownBy(first::y).hasMessageContaining("2 targets");
    }

    @Test
    void higherRankSlicesKeepTheirShape() {
        Tensor images = Tensor.arange(2 * 3 * 4 * 1).reshape(2, 3, 4, 1);
        Batch b = Dataset.fromTensors(images).batch(2).iterator().next();
        assertThat(b.x()).isEqualTo(images);
        Batch one = Dataset.fromTensors(images).skip(1).iterator().next();
        assertThat(one.x().shape().dims()).containsExactly(3, 4, 1);
        assertThat(one.x().get(0, 0, 0)).isEqualTo(12f);
        assertThat(one.y()).isNull();
        assertThat(one.targets()).isEmpty();
    }

    @Test
    void badInputIsNamed() {
        Tensor x = Tensor.zeros(5, 2);
        assertThatThrownBy(() -> Dataset.fromTensors(x, Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x has shape (5, 2) but y has shape (4,)");
        assertThatThrownBy(() -> Dataset.fromTensors(x, Tensor.zeros(5), Tensor.zeros(6)))
                .hasMessageContaining("sample_weight has shape (6,)");
        assertThatThrownBy(() -> Dataset.fromTensors(Tensor.scalar(1))).hasMessageContaining("x is a scalar");
        assertThatThrownBy(() -> Dataset.fromTensors((Tensor) null)).hasMessageContaining("x must not be null");
        assertThatThrownBy(() -> rows(4).batch(0)).hasMessageContaining("batch_size must be >= 1, got 0");
        assertThatThrownBy(() -> rows(4).take(-1)).hasMessageContaining("count must be >= 0, got -1");
        assertThatThrownBy(() -> rows(4).shuffle(0, 1)).hasMessageContaining("buffer_size must be >= 1, got 0");
        assertThatThrownBy(() -> rows(4).repeat().shuffle(1)).hasMessageContaining("infinite");
        assertThatThrownBy(() -> rows(4).map(null)).hasMessageContaining("fn must not be null");
        assertThatThrownBy(() -> rows(4).map(b -> null).iterator().next()).hasMessageContaining("returned null");
        Dataset mixed = Dataset.fromIterable(List.of(Batch.of(Tensor.zeros(2)), Batch.of(Tensor.zeros(3))));
        assertThatThrownBy(() -> mixed.batch(2).iterator().next())
                .hasMessageContaining("inputs[0] of element 1 has shape (3,) but element 0 has shape (2,)");
        Dataset ragged = Dataset.fromIterable(List.of(Batch.of(Tensor.zeros(2), Tensor.zeros(1)), Batch.of(Tensor.zeros(2))));
        assertThatThrownBy(() -> ragged.batch(2).iterator().next()).hasMessageContaining("same structure");
        assertThatThrownBy(() -> new Batch(List.of(), List.of(), null)).hasMessageContaining("inputs must hold at least one");
        assertThatThrownBy(() -> Batch.of(Tensor.zeros(2), null, Tensor.zeros(1))).hasMessageContaining("needs targets");
        assertThatThrownBy(() -> Dataset.fromTensors(java.util.Arrays.asList(x, null), List.of(), null))
                .hasMessageContaining("inputs[1] is null");
    }
}
