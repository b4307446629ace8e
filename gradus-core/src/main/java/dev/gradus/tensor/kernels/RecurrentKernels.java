package dev.gradus.tensor.kernels;

/**
 * Whole-sequence LSTM kernels: the forward of every time step and its backward through time, on raw
 * row-major buffers. A cell's step run as separate ops costs about fifteen small ops per step (each
 * a pass over memory, and under a tape a node: thousands per training pass); here the input
 * projections of all steps are one product {@code X(batch·steps, features) · kernel}, and each step
 * is one recurrent product {@code h · recurrent_kernel} and one pass of gate arithmetic
 * ({@link VectorGates} with the Vector API). The backward keeps the gate pre-activation gradients
 * {@code dZ} of every step, so the three weight gradients and the input gradient are one product each
 * after the time loop.
 *
 * <p>Batch rows never interact in a recurrence, so the time loop runs over contiguous blocks of rows
 * in parallel, each block on one thread from the first step to the last; the blocks depend only on
 * the batch size and {@link Parallel#threads()}, so a run's bits depend on the thread count alone.
 *
 * <p>The numbers follow Keras's cells: {@code z = (x·kernel + h·recurrent_kernel) + bias}, added in
 * that order, sigmoid as {@code 1 / (1 + e^-z)} and {@code c' = f·c + i·g} as separate float products
 * (Java contracts no multiply-add). tanh is {@link VectorMath}'s lanewise form with the Vector API
 * (a few ulp from {@code Math.tanh}, which the step's op uses) and {@code Math.tanh} without it. A
 * masked step ({@code mask == 0}) keeps the states and outputs the previous state, or zeros with
 * {@code zeroOutputForMask}.
 *
 * <p>Layouts, Keras's: inputs {@code (batch, steps, features)}; kernel {@code (features, 4·units)},
 * recurrent kernel {@code (units, 4·units)}, bias {@code (4·units)}, gates in Keras's order i, f, g
 * (the cell candidate), o; per-step buffers {@code (batch, steps, ·)} indexed by time, whatever the
 * direction.
 */
public final class RecurrentKernels {
    /** Rows below which a block of the batch is not worth its own thread (one register tile of the products). */
    private static final int MIN_ROWS = 8;

    private RecurrentKernels() {}

    /**
     * The scalar sigmoid and tanh of a gate loop: the step ops' own ({@link #MATH}) without the Vector
     * API, {@link VectorMath}'s lanewise forms in the tails of {@link VectorGates}' loops (so that a
     * row's tail and its vectors agree).
     */
    interface Squash {
        float sigmoid(float x);

        float tanh(float x);
    }

    /** The scalar ops' functions: {@code Unary}'s sigmoid in double and {@code Math.tanh}, rounded once. */
    static final Squash MATH = new Squash() {
        @Override
        public float sigmoid(float x) {
            return (float) Unary.sigmoid(x);
        }

        @Override
        public float tanh(float x) {
            return (float) Math.tanh(x);
        }
    };

    /** The sizes and flags of one sequence run. */
    public static final class Run {
        final int batch, steps, features, units;
        final float[] mask;
        final boolean goBackwards, returnSequences, zeroOutputForMask;

        /**
         * @param mask (batch, steps), a step is taken where it is not 0; or null (every step taken)
         * @param returnSequences whether the output is every step's {@code (batch, steps, units)}, in
         *                        processing order, or the last step's {@code (batch, units)}
         */
        public Run(int batch, int steps, int features, int units, float[] mask, boolean goBackwards,
                   boolean returnSequences, boolean zeroOutputForMask) {
            if (batch < 1 || steps < 1 || features < 1 || units < 1) throw new IllegalArgumentException(
                    "RecurrentKernels.Run: batch, steps, features and units must be at least 1, got (" + batch + ", " + steps
                            + ", " + features + ", " + units + ")");
            if (mask != null && mask.length != batch * steps) throw new IllegalArgumentException(
                    "RecurrentKernels.Run: mask must hold batch * steps = " + batch * steps + " values, got " + mask.length);
            this.batch = batch;
            this.steps = steps;
            this.features = features;
            this.units = units;
            this.mask = mask;
            this.goBackwards = goBackwards;
            this.returnSequences = returnSequences;
            this.zeroOutputForMask = zeroOutputForMask;
        }

        /** The time index of processing step {@code k}. */
        int time(int k) {
            return goBackwards ? steps - 1 - k : k;
        }

        boolean taken(int b, int t) {
            return mask == null || mask[b * steps + t] != 0;
        }

        /** The blocks of rows the time loop runs in: one per thread, each at least {@link #MIN_ROWS} rows. */
        int blocks() {
            return Math.max(1, Math.min(Parallel.threads(), batch / MIN_ROWS));
        }

        int outputSize() {
            return returnSequences ? batch * steps * units : batch * units;
        }

        /** Where processing step {@code k}'s output of row {@code b} goes, or -1 when it is not kept. */
        int outputOffset(int b, int k) {
            if (returnSequences) return (b * steps + k) * units;
            return k == steps - 1 ? b * units : -1;
        }
    }

    /** An LSTM forward's results, and what its backward needs when it was asked to keep it. */
    public static final class Lstm {
        /** The output ({@link Run#outputSize()}), the final h and c {@code (batch, units)}. */
        public final float[] output, h, c;
        /** Kept for the backward, or null: gate activations {@code (batch, steps, 4·units)}, h and c before each step and tanh of c after it {@code (batch, steps, units)}. */
        final float[] gates, hPrev, cPrev, tanhC;

        Lstm(float[] output, float[] h, float[] c, float[] gates, float[] hPrev, float[] cPrev, float[] tanhC) {
            this.output = output;
            this.h = h;
            this.c = c;
            this.gates = gates;
            this.hPrev = hPrev;
            this.cPrev = cPrev;
            this.tanhC = tanhC;
        }
    }

    /**
     * Runs an LSTM over the sequence from states {@code h0}, {@code c0} {@code (batch, units)}; with
     * {@code keep}, keeps what {@link #lstmBackward} needs.
     *
     * @param bias {@code (4·units)}, or null for none
     */
    public static Lstm lstmForward(Run r, float[] x, float[] kernel, float[] recurrent, float[] bias, float[] h0, float[] c0,
                                   boolean keep) {
        int n = r.batch, steps = r.steps, u = r.units, g = 4 * u;
        checkLength("x", x, (long) n * steps * r.features);
        checkLength("kernel", kernel, (long) r.features * g);
        checkLength("recurrent", recurrent, (long) u * g);
        if (bias != null) checkLength("bias", bias, g);
        checkLength("h0", h0, (long) n * u);
        checkLength("c0", c0, (long) n * u);
        // every step's input projection at once; the gate pass then overwrites it with the activations
        float[] gates = StepBuffers.take(n * steps * g);
        Gemm.sgemm(false, false, n * steps, g, r.features, 1f, x, 0, r.features, kernel, 0, g, 0f, gates, 0, g);
        float[] out = StepBuffers.take(r.outputSize()), hT = StepBuffers.take(n * u), cT = StepBuffers.take(n * u);
        float[] hPrev = keep ? StepBuffers.take(n * steps * u) : null, cPrev = keep ? StepBuffers.take(n * steps * u) : null;
        float[] tanhC = keep ? StepBuffers.take(n * steps * u) : null;
        boolean vector = VectorSupport.enabled();
        Parallel.forChunks(n, r.blocks(), (b0, b1) -> {
            int rows = b1 - b0;
            float[] h = new float[rows * u], c = new float[rows * u], hu = new float[rows * g];
            System.arraycopy(h0, b0 * u, h, 0, rows * u);
            System.arraycopy(c0, b0 * u, c, 0, rows * u);
            for (int k = 0; k < steps; k++) {
                int t = r.time(k);
                Gemm.sgemm(false, false, rows, g, u, 1f, h, 0, u, recurrent, 0, g, 0f, hu, 0, g);
                for (int i = 0; i < rows; i++) {
                    int b = b0 + i, row = b * steps + t, so = i * u;
                    if (keep) {
                        System.arraycopy(h, so, hPrev, row * u, u);
                        System.arraycopy(c, so, cPrev, row * u, u);
                    }
                    int o = r.outputOffset(b, k);
                    if (!r.taken(b, t)) { // the states stay; the output repeats h (or is zero)
                        if (o >= 0) {
                            if (r.zeroOutputForMask) java.util.Arrays.fill(out, o, o + u, 0f);
                            else System.arraycopy(h, so, out, o, u);
                        }
                        continue;
                    }
                    if (vector) VectorGates.lstm(gates, row * g, hu, i * g, bias, h, c, so, u, tanhC, row * u);
                    else lstmGates(0, gates, row * g, hu, i * g, bias, h, c, so, u, tanhC, row * u, MATH);
                    if (o >= 0) System.arraycopy(h, so, out, o, u);
                }
            }
            System.arraycopy(h, 0, hT, b0 * u, rows * u);
            System.arraycopy(c, 0, cT, b0 * u, rows * u);
        });
        return new Lstm(out, hT, cT, keep ? gates : null, hPrev, cPrev, tanhC);
    }

    /** {@link VectorGates#lstm} one unit at a time from unit {@code from}, with {@code sq}'s sigmoid and tanh. */
    static void lstmGates(int from, float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, float[] c, int so, int units,
                          float[] tanhC, int to, Squash sq) {
        for (int j = from; j < units; j++) {
            float zi = xw[xo + j] + hu[ho + j], zf = xw[xo + units + j] + hu[ho + units + j];
            float zg = xw[xo + 2 * units + j] + hu[ho + 2 * units + j], zo = xw[xo + 3 * units + j] + hu[ho + 3 * units + j];
            if (bias != null) {
                zi += bias[j];
                zf += bias[units + j];
                zg += bias[2 * units + j];
                zo += bias[3 * units + j];
            }
            float i = sq.sigmoid(zi), f = sq.sigmoid(zf), g = sq.tanh(zg), o = sq.sigmoid(zo);
            float cn = f * c[so + j] + i * g;
            float tc = sq.tanh(cn);
            h[so + j] = o * tc;
            c[so + j] = cn;
            xw[xo + j] = i;
            xw[xo + units + j] = f;
            xw[xo + 2 * units + j] = g;
            xw[xo + 3 * units + j] = o;
            if (tanhC != null) tanhC[to + j] = tc;
        }
    }

    /** An LSTM's gradients; each null where it was not asked for. */
    public static final class LstmGrads {
        public final float[] x, kernel, recurrent, bias, h0, c0;

        LstmGrads(float[] x, float[] kernel, float[] recurrent, float[] bias, float[] h0, float[] c0) {
            this.x = x;
            this.kernel = kernel;
            this.recurrent = recurrent;
            this.bias = bias;
            this.h0 = h0;
            this.c0 = c0;
        }
    }

    /**
     * Backpropagation through time of {@link #lstmForward} (run with {@code keep}), from the gradients
     * of its output, final h and final c. {@code need}: x, kernel, recurrent, bias, h0, c0.
     */
    public static LstmGrads lstmBackward(Run r, Lstm fwd, float[] x, float[] kernel, float[] recurrent, float[] dOut,
                                         float[] dh, float[] dc, boolean[] need) {
        if (fwd.gates == null) throw new IllegalArgumentException("lstmBackward: the forward was run without keep");
        int n = r.batch, steps = r.steps, u = r.units, g = 4 * u, f = r.features;
        checkLength("dOut", dOut, r.outputSize());
        checkLength("dh", dh, (long) n * u);
        checkLength("dc", dc, (long) n * u);
        float[] dz = StepBuffers.take(n * steps * g);
        float[] dh0 = StepBuffers.take(n * u), dc0 = StepBuffers.take(n * u);
        float[] rt = transpose(recurrent, u, g);
        Parallel.forChunks(n, r.blocks(), (b0, b1) -> {
            int rows = b1 - b0;
            float[] dhCur = new float[rows * u], dcCur = new float[rows * u], next = new float[rows * u];
            System.arraycopy(dh, b0 * u, dhCur, 0, rows * u);
            System.arraycopy(dc, b0 * u, dcCur, 0, rows * u);
            for (int k = steps - 1; k >= 0; k--) {
                int t = r.time(k);
                for (int i = 0; i < rows; i++) {
                    int b = b0 + i, row = b * steps + t, so = i * u;
                    boolean taken = r.taken(b, t);
                    int o = r.outputOffset(b, k);
                    // a masked step's output is the state it holds (h before the step): its gradient joins dh either way
                    if (o >= 0 && (taken || !r.zeroOutputForMask)) for (int j = 0; j < u; j++) dhCur[so + j] += dOut[o + j];
                    if (!taken) {
                        java.util.Arrays.fill(dz, row * g, row * g + g, 0f);
                        continue;
                    }
                    lstmGateGrads(fwd.gates, row * g, fwd.cPrev, fwd.tanhC, row * u, dhCur, dcCur, so, dz, u);
                }
                // dh before the step: dz · recurrent^T, plus the held gradient of masked rows (whose dz is 0)
                Gemm.sgemm(false, false, rows, u, g, 1f, dz, (b0 * steps + t) * g, steps * g, rt, 0, u, 0f, next, 0, u);
                for (int i = 0; i < rows; i++)
                    if (!r.taken(b0 + i, t)) for (int j = i * u; j < (i + 1) * u; j++) next[j] += dhCur[j];
                float[] swap = dhCur;
                dhCur = next;
                next = swap;
            }
            System.arraycopy(dhCur, 0, dh0, b0 * u, rows * u);
            System.arraycopy(dcCur, 0, dc0, b0 * u, rows * u);
        });
        int m = n * steps;
        float[] dx = null, dk = null, dr = null, db = null;
        if (need[0]) {
            dx = StepBuffers.take(m * f);
            Gemm.sgemm(false, true, m, f, g, 1f, dz, 0, g, kernel, 0, g, 0f, dx, 0, f);
        }
        if (need[1]) {
            dk = StepBuffers.take(f * g);
            Gemm.sgemm(true, false, f, g, m, 1f, x, 0, f, dz, 0, g, 0f, dk, 0, g);
        }
        if (need[2]) {
            dr = StepBuffers.take(u * g);
            Gemm.sgemm(true, false, u, g, m, 1f, fwd.hPrev, 0, u, dz, 0, g, 0f, dr, 0, g);
        }
        if (need[3]) db = BiasActivation.backward(dz, null, g, false, null);
        return new LstmGrads(dx, dk, dr, db, need[4] ? dh0 : null, need[5] ? dc0 : null);
    }

    /**
     * One row of an LSTM step's backward: from dh and dc after the step (dh including the output's
     * gradient) to the pre-activation gradients dz (blocks i, f, g, o) and dc before the step, in place.
     */
    private static void lstmGateGrads(float[] gates, int go, float[] cPrev, float[] tanhC, int to, float[] dh, float[] dc, int so,
                                      float[] dz, int u) {
        for (int j = 0; j < u; j++) {
            float i = gates[go + j], f = gates[go + u + j], g = gates[go + 2 * u + j], o = gates[go + 3 * u + j];
            float tc = tanhC[to + j], dhj = dh[so + j];
            float dcj = dc[so + j] + dhj * o * (1f - tc * tc);
            dc[so + j] = dcj * f;
            dz[go + j] = dcj * g * (i * (1f - i));
            dz[go + u + j] = dcj * cPrev[to + j] * (f * (1f - f));
            dz[go + 2 * u + j] = dcj * i * (1f - g * g);
            dz[go + 3 * u + j] = dhj * tc * (o * (1f - o));
        }
    }

    /**
     * {@code a (rows, cols)} transposed. The backward's per-step product {@code dz · recurrent^T} takes
     * it as a plain operand: given the transpose flag instead, the product packs the transpose with a
     * scalar loop at every step.
     */
    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
        return t;
    }

    private static void checkLength(String name, float[] a, long expected) {
        if (a == null) throw new IllegalArgumentException(name + ": expected " + expected + " floats, got null");
        if (a.length != expected) throw new IllegalArgumentException(name + ": expected " + expected + " floats, got " + a.length);
    }
}
