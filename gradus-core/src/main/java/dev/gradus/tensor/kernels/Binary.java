package dev.gradus.tensor.kernels;

/** Elementwise binary operations that the broadcasting kernel knows; comparisons give 1 or 0. */
public enum Binary {
    ADD, SUB, MUL, DIV, MAX, MIN, POW,
    EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL, AND, OR;

    public float apply(float a, float b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case MAX: return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
            case MIN: return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b);
            case POW: return (float) Math.pow(a, b);
            case EQUAL: return a == b ? 1 : 0;
            case NOT_EQUAL: return a != b ? 1 : 0;
            case GREATER: return a > b ? 1 : 0;
            case GREATER_EQUAL: return a >= b ? 1 : 0;
            case LESS: return a < b ? 1 : 0;
            case LESS_EQUAL: return a <= b ? 1 : 0;
            case AND: return a != 0 && b != 0 ? 1 : 0;
            case OR: return a != 0 || b != 0 ? 1 : 0;
            default: throw new AssertionError(this);
        }
    }

    /** The operations with their own loops (and Vector API loops when it is enabled). */
    boolean arithmetic() {
        return this == ADD || this == SUB || this == MUL || this == DIV;
    }

    /**
     * {@code out[o + i] = a[ai + i * as] op b[bi + i * bs]} for {@code i < n}, with steps 0 or 1.
     * C2 does not vectorise these loops (arrays read and written at different offsets look like a
     * dependence to it), so the arithmetic ones go to the Vector API when it is enabled.
     */
    void segment(float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int o, int n) {
        if (arithmetic() && VectorSupport.enabled()) {
            VectorMath.binary(this, a, ai, as, b, bi, bs, out, o, n);
            return;
        }
        if (as == 1 && bs == 1) {
            switch (this) {
                case ADD: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] + b[bi + i]; return;
                case SUB: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] - b[bi + i]; return;
                case MUL: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] * b[bi + i]; return;
                case DIV: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] / b[bi + i]; return;
                default: break;
            }
        } else if (as == 1 && bs == 0) {
            float y = b[bi];
            switch (this) {
                case ADD: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] + y; return;
                case SUB: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] - y; return;
                case MUL: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] * y; return;
                case DIV: for (int i = 0; i < n; i++) out[o + i] = a[ai + i] / y; return;
                default: break;
            }
        } else if (as == 0 && bs == 1) {
            float x = a[ai];
            switch (this) {
                case ADD: for (int i = 0; i < n; i++) out[o + i] = x + b[bi + i]; return;
                case SUB: for (int i = 0; i < n; i++) out[o + i] = x - b[bi + i]; return;
                case MUL: for (int i = 0; i < n; i++) out[o + i] = x * b[bi + i]; return;
                case DIV: for (int i = 0; i < n; i++) out[o + i] = x / b[bi + i]; return;
                default: break;
            }
        }
        for (int i = 0; i < n; i++) out[o + i] = apply(a[ai + i * as], b[bi + i * bs]);
    }
}
