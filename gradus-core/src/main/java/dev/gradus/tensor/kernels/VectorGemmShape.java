package dev.gradus.tensor.kernels;

/**
 * Block sizes of {@code VectorGemm}, kept apart from it so that {@link Gemm} can read them without
 * loading a class that references {@code jdk.incubator.vector}.
 */
final class VectorGemmShape {
    /** Rows of C per register tile (micro-kernel). */
    static final int MR = 8;
    /** Vectors per row of a register tile (VectorGemm's main micro-kernel is written for 3). */
    static final int NR_VECTORS = 3;
    /** Columns of C per register tile at 16 lanes, used to split work between threads. */
    static final int NR = 48;
    /** Depth of one packed panel (k block). */
    static final int KC = Integer.getInteger("gradus.gemm.kc", 384);
    /** Rows of A packed at once (m block), a multiple of MR. */
    static final int MC = Integer.getInteger("gradus.gemm.mc", 192) / MR * MR;
    /** Columns of B packed at once (n block), rounded to whole register tiles by VectorGemm. */
    static final int NC = Integer.getInteger("gradus.gemm.nc", 960);

    private VectorGemmShape() {}
}
