package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values printed by NumPy 2.4 ({@code np.random.RandomState(113)}), the generator Keras's dataset loaders use. */
class NumpyRandomTest {
    @Test
    void mt19937OutputsAreNumpys() {
        // r.randint(0, 2**32, size=3, dtype=np.uint64)
        NumpyRandom r = new NumpyRandom(113);
        assertThat(new long[] {r.nextUnsigned32(), r.nextUnsigned32(), r.nextUnsigned32()})
                .containsExactly(3659249829L, 529109724L, 317413538L);
    }

    @Test
    void shufflesAreNumpys() {
        assertThat(new NumpyRandom(113).permutation(20))
                .containsExactly(14, 11, 19, 17, 1, 4, 8, 3, 13, 15, 16, 9, 0, 7, 6, 18, 12, 10, 2, 5);
        assertThat(new NumpyRandom(113).permutation(506)).startsWith(22, 202, 368, 335, 461, 323, 382, 143);
        // two shuffles from one generator (imdb shuffles train, then test)
        NumpyRandom r = new NumpyRandom(113);
        assertThat(r.permutation(7)).containsExactly(1, 3, 0, 6, 2, 4, 5);
        assertThat(r.permutation(5)).containsExactly(2, 3, 4, 1, 0);
    }
}
