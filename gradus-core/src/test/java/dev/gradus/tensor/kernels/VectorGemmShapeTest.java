package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorGemmShapeTest {

    @Test
    void cacheSizesAreReadAsSysfsWritesThem() {
        assertThat(VectorGemmShape.parseSize("48K")).isEqualTo(49_152);
        assertThat(VectorGemmShape.parseSize("2048K")).isEqualTo(2_097_152);
        assertThat(VectorGemmShape.parseSize("1M")).isEqualTo(1_048_576);
        assertThat(VectorGemmShape.parseSize("512")).isEqualTo(512);
        assertThat(VectorGemmShape.parseSize("")).isZero();
        assertThat(VectorGemmShape.parseSize("K")).isZero();
        assertThat(VectorGemmShape.parseSize("big")).isZero();
    }

    @Test
    void blocksAreWholeTilesAndHoldAtLeastOneSliver() {
        assertThat(VectorGemmShape.KC).isPositive();
        assertThat(VectorGemmShape.MC % VectorGemmShape.MR).isZero();
        assertThat(VectorGemmShape.NC).isGreaterThanOrEqualTo(VectorGemmShape.NR);
        // a level that no CPU has reads as unknown, not as an error
        assertThat(VectorGemmShape.cacheBytes(9, "Data")).isZero();
    }
}
