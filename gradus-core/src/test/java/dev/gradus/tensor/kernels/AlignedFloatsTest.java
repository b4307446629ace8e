package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlignedFloatsTest {

    @Test
    void bufferHoldsTheRequestedFloatsPastItsOffset() {
        for (int size : new int[] {1, 48, 1000, 256 * 1056}) {
            AlignedFloats buffer = AlignedFloats.allocate(size);
            assertThat(buffer.offset).as("offset for %d floats", size).isBetween(0, 15);
            assertThat(buffer.data.length - buffer.offset).as("room for %d floats", size).isGreaterThanOrEqualTo(size);
            if (!AlignedFloats.aligned()) assertThat(buffer.offset).isZero();
        }
    }

    @Test
    void underG1TheOffsetSkipsTheArrayHeaderToA64ByteBoundary() {
        if (!AlignedFloats.aligned()) return; // another collector: nothing to align
        int base = sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET;
        assertThat((base + AlignedFloats.allocate(100).offset * Float.BYTES) % 64).isZero();
    }
}
