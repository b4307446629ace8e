package dev.gradus.tensor.kernels;

/** Stable sorting of the lines of a tensor seen as {@code (outer, n, inner)}, along the middle axis. */
public final class Sorting {
    private Sorting() {}

    /**
     * For each line, the positions of its first {@code k} elements in sorted order: ascending with NaN
     * last (numpy), or descending with NaN first; equal values keep their order. Shape {@code (outer, k, inner)}.
     */
    public static int[] argsort(float[] x, int outer, int n, int inner, int k, boolean descending) {
        int[] out = new int[outer * k * inner];
        long cost = Math.max(1, n) * (long) (32 - Integer.numberOfLeadingZeros(Math.max(1, n)));
        Parallel.forRange(outer * inner, cost, (lo, hi) -> {
            float[] keys = new float[n];
            int[] perm = new int[n], tmp = new int[n];
            for (int line = lo; line < hi; line++) {
                int o = line / inner, i = line % inner, base = o * n * inner + i;
                for (int j = 0; j < n; j++) {
                    keys[j] = x[base + j * inner];
                    perm[j] = j;
                }
                mergeSort(perm, tmp, keys, 0, n, descending);
                int dst = o * k * inner + i;
                for (int j = 0; j < k; j++) out[dst + j * inner] = perm[j];
            }
        });
        return out;
    }

    /** True when key {@code a} must come strictly before key {@code b}. */
    private static boolean before(float a, float b, boolean descending) {
        boolean aNan = a != a, bNan = b != b;
        return descending ? a > b || (aNan && !bNan) : a < b || (!aNan && bNan);
    }

    private static void mergeSort(int[] perm, int[] tmp, float[] keys, int from, int to, boolean desc) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int p = perm[i], j = i - 1;
                while (j >= from && before(keys[p], keys[perm[j]], desc)) {
                    perm[j + 1] = perm[j];
                    j--;
                }
                perm[j + 1] = p;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(perm, tmp, keys, from, mid, desc);
        mergeSort(perm, tmp, keys, mid, to, desc);
        if (!before(keys[perm[mid]], keys[perm[mid - 1]], desc)) return;
        System.arraycopy(perm, from, tmp, from, to - from);
        for (int i = from, l = from, r = mid; i < to; i++) {
            // the right element goes first only when strictly before: that keeps the sort stable
            if (l < mid && (r >= to || !before(keys[tmp[r]], keys[tmp[l]], desc))) perm[i] = tmp[l++];
            else perm[i] = tmp[r++];
        }
    }
}
