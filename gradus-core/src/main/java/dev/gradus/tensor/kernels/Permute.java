package dev.gradus.tensor.kernels;

/** Copies a row-major array into the order given by an axis permutation (numpy's transpose). */
public final class Permute {
    private Permute() {}

    public static float[] permute(float[] in, int[] dims, int[] perm) {
        int rank = dims.length;
        float[] out = new float[in.length];
        if (in.length == 0) return out;
        int[] inStrides = new int[rank];
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = acc;
            acc *= dims[i];
        }
        int[] outDims = new int[rank], step = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = dims[perm[i]];
            step[i] = inStrides[perm[i]];
        }
        if (rank == 2 && perm[0] == 1) {
            transpose2d(in, 0, dims[1], dims[0], dims[1], out);
            return out;
        }
        int inner = outDims[rank - 1], innerStep = step[rank - 1];
        int rows = in.length / inner;
        int[] idx = new int[rank];
        int src = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * inner;
            for (int i = 0; i < inner; i++) out[o + i] = in[src + i * innerStep];
            for (int d = rank - 2; d >= 0; d--) {
                src += step[d];
                if (++idx[d] < outDims[d]) break;
                src -= step[d] * outDims[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /**
     * {@code out[j * rows + i] = in[inOff + i * ld + j]}: the (rows x cols) matrix at {@code inOff}, its rows
     * {@code ld} apart, transposed into {@code out} (cols x rows, packed). Blocked so that both sides stay in
     * cache: one element at a time down a column, every write touches another cache line.
     */
    static void transpose2d(float[] in, int inOff, int ld, int rows, int cols, float[] out) {
        final int b = 32;
        for (int i0 = 0; i0 < rows; i0 += b)
            for (int j0 = 0; j0 < cols; j0 += b) {
                int i1 = Math.min(rows, i0 + b), j1 = Math.min(cols, j0 + b);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++) out[j * rows + i] = in[inOff + i * ld + j];
            }
    }
}
