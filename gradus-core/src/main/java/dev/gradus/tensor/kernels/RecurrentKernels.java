package dev.gradus.tensor.kernels;

/**
 * Whole-sequence LSTM and GRU kernels: the forward of every time step and its backward through time, on raw
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
 * <p>Layouts, Keras's: inputs {@code (batch, steps, features)}; kernel {@code (features, G·units)},
 * recurrent kernel {@code (units, G·units)}, bias {@code (G·units)} (GRU with reset_after: {@code (2,
 * 3·units)}), gates in Keras's order: LSTM (G = 4) i, f, g (the cell candidate), o; GRU (G = 3) z, r,
 * h; per-step buffers {@code (batch, steps, ·)} indexed by time, whatever the direction.
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
            float[] h = new float[rows * u], c = new float[rows * u], hu = new float[rows * g], scratch = new float[u];
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
                    if (vector) VectorGates.lstm(gates, row * g, hu, i * g, bias, h, c, so, u, tanhC, row * u, scratch);
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
        boolean vector = VectorSupport.enabled();
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
                    if (vector) VectorGates.lstmGrads(fwd.gates, row * g, fwd.cPrev, fwd.tanhC, row * u, dhCur, dcCur, so, dz, u);
                    else lstmGateGrads(0, fwd.gates, row * g, fwd.cPrev, fwd.tanhC, row * u, dhCur, dcCur, so, dz, u);
                }
                // dh before the step: dz · recurrent^T, plus the held gradient of masked rows (whose dz is 0)
                Gemm.sgemm(false, false, rows, u, g, 1f, dz, (b0 * steps + t) * g, steps * g, rt, 0, u, 0f, next, 0, u);
                for (int i = 0; i < rows; i++)
                    if (!r.taken(b0 + i, t)) for (int j = i * u; j < (i + 1) * u; j++) next[j] += dhCur[j];
                flushSubnormals(next, 0, rows * u);
                float[] swap = dhCur;
                dhCur = next;
                next = swap;
            }
            System.arraycopy(dhCur, 0, dh0, b0 * u, rows * u);
            System.arraycopy(dcCur, 0, dc0, b0 * u, rows * u);
        });
        int m = n * steps;
        float[] dx = need[0] ? inputGradient(m, f, g, dz, kernel) : null;
        float[] dk = need[1] ? kernelGradient(m, f, g, x, dz) : null;
        float[] dr = null, db = null;
        if (need[2]) {
            dr = StepBuffers.take(u * g);
            Gemm.sgemm(true, false, u, g, m, 1f, fwd.hPrev, 0, u, dz, 0, g, 0f, dr, 0, g);
        }
        if (need[3]) db = BiasActivation.backward(dz, null, g, false, null);
        for (float[] a : new float[][] {dx, dk, dr, db, dh0, dc0}) if (a != null) flushSubnormals(a, 0, a.length);
        return new LstmGrads(dx, dk, dr, db, need[4] ? dh0 : null, need[5] ? dc0 : null);
    }

    /** {@code dX = dZ · kernelᵀ} for every step at once (m = batch · steps rows): the input side of a fused layer's backward. */
    private static float[] inputGradient(int m, int f, int g, float[] dz, float[] kernel) {
        float[] dx = StepBuffers.take(m * f);
        Gemm.sgemm(false, true, m, f, g, 1f, dz, 0, g, kernel, 0, g, 0f, dx, 0, f);
        return dx;
    }

    /** {@code dKernel = Xᵀ · dZ} summed over every step and row in one product. */
    private static float[] kernelGradient(int m, int f, int g, float[] x, float[] dz) {
        float[] dk = StepBuffers.take(f * g);
        Gemm.sgemm(true, false, f, g, m, 1f, x, 0, f, dz, 0, g, 0f, dk, 0, g);
        return dk;
    }

    /**
     * One row of an LSTM step's backward from unit {@code from} on: from dh and dc after the step (dh
     * including the output's gradient) to the pre-activation gradients dz (blocks i, f, g, o) and dc before
     * the step, in place. {@link VectorGates#lstmGrads} is its vector twin.
     */
    static void lstmGateGrads(int from, float[] gates, int go, float[] cPrev, float[] tanhC, int to, float[] dh, float[] dc, int so,
                              float[] dz, int u) {
        for (int j = from; j < u; j++) {
            float i = gates[go + j], f = gates[go + u + j], g = gates[go + 2 * u + j], o = gates[go + 3 * u + j];
            float tc = tanhC[to + j], dhj = dh[so + j];
            float dcj = dc[so + j] + dhj * o * (1f - tc * tc);
            dc[so + j] = flush(dcj * f);
            dz[go + j] = flush(dcj * g * (i * (1f - i)));
            dz[go + u + j] = flush(dcj * cPrev[to + j] * (f * (1f - f)));
            dz[go + 2 * u + j] = flush(dcj * i * (1f - g * g));
            dz[go + 3 * u + j] = flush(dhj * tc * (o * (1f - o)));
        }
    }

    /** A GRU forward's results, and what its backward needs when it was asked to keep it. */
    public static final class Gru {
        /** The output ({@link Run#outputSize()}) and the final h {@code (batch, units)}. */
        public final float[] output, h;
        /**
         * Kept for the backward, or null: gate activations z, r and the candidate {@code (batch, steps,
         * 3·units)}, h before each step, and {@code extra}: with {@code reset_after} the recurrent
         * candidate product {@code h·U_h + b'_h}, without it {@code r·h} (both {@code (batch, steps, units)}).
         */
        final float[] gates, hPrev, extra;

        Gru(float[] output, float[] h, float[] gates, float[] hPrev, float[] extra) {
            this.output = output;
            this.h = h;
            this.gates = gates;
            this.hPrev = hPrev;
            this.extra = extra;
        }
    }

    /**
     * Runs a GRU over the sequence from state {@code h0 (batch, units)}, Keras's gates z, r, h:
     * {@code z = σ((x W_z + b_z) + (h U_z + b'_z))}, likewise r, and with {@code resetAfter}
     * {@code hh = tanh((x W_h + b_h) + r·(h U_h + b'_h))}, without it
     * {@code hh = tanh((x W_h + b_h) + (r·h) U_h)} (no recurrent bias, a second product per step);
     * {@code h' = z·h + (1 − z)·hh}. With {@code keep}, keeps what {@link #gruBackward} needs.
     *
     * @param bias with {@code resetAfter} {@code (2, 3·units)} (input row, recurrent row), else
     *             {@code (3·units)}; or null for none
     */
    public static Gru gruForward(Run r, float[] x, float[] kernel, float[] recurrent, float[] bias, boolean resetAfter,
                                 float[] h0, boolean keep) {
        int n = r.batch, steps = r.steps, u = r.units, g = 3 * u;
        checkLength("x", x, (long) n * steps * r.features);
        checkLength("kernel", kernel, (long) r.features * g);
        checkLength("recurrent", recurrent, (long) u * g);
        if (bias != null) checkLength("bias", bias, resetAfter ? 2 * g : g);
        checkLength("h0", h0, (long) n * u);
        float[] gates = StepBuffers.take(n * steps * g);
        Gemm.sgemm(false, false, n * steps, g, r.features, 1f, x, 0, r.features, kernel, 0, g, 0f, gates, 0, g);
        float[] out = StepBuffers.take(r.outputSize()), hT = StepBuffers.take(n * u);
        float[] hPrev = keep ? StepBuffers.take(n * steps * u) : null, extra = keep ? StepBuffers.take(n * steps * u) : null;
        boolean vector = VectorSupport.enabled();
        Parallel.forChunks(n, r.blocks(), (b0, b1) -> {
            int rows = b1 - b0;
            float[] h = new float[rows * u], scratch = new float[u];
            // reset_after: h·U, all three blocks; otherwise h·U_zr (2·units wide), then (r·h)·U_h
            float[] hu = new float[rows * (resetAfter ? g : 2 * u)], rh = resetAfter ? null : new float[rows * u];
            float[] hu2 = resetAfter ? null : new float[rows * u];
            System.arraycopy(h0, b0 * u, h, 0, rows * u);
            for (int k = 0; k < steps; k++) {
                int t = r.time(k);
                int width = resetAfter ? g : 2 * u;
                Gemm.sgemm(false, false, rows, width, u, 1f, h, 0, u, recurrent, 0, g, 0f, hu, 0, width);
                for (int i = 0; i < rows; i++) {
                    int row = (b0 + i) * steps + t;
                    if (keep) System.arraycopy(h, i * u, hPrev, row * u, u);
                    if (!r.taken(b0 + i, t)) {
                        if (rh != null) java.util.Arrays.fill(rh, i * u, (i + 1) * u, 0f);
                        continue;
                    }
                    if (resetAfter) {
                        if (vector) VectorGates.gruAfter(gates, row * g, hu, i * g, bias, h, i * u, u, extra, row * u, scratch);
                        else gruAfter(0, gates, row * g, hu, i * g, bias, h, i * u, u, extra, row * u, MATH);
                    } else if (vector) VectorGates.gruReset(gates, row * g, hu, i * 2 * u, bias, h, i * u, u, rh);
                    else gruReset(0, gates, row * g, hu, i * 2 * u, bias, h, i * u, u, rh, MATH);
                }
                if (!resetAfter) {
                    Gemm.sgemm(false, false, rows, u, u, 1f, rh, 0, u, recurrent, 2 * u, g, 0f, hu2, 0, u);
                    for (int i = 0; i < rows; i++) {
                        int row = (b0 + i) * steps + t;
                        if (keep) System.arraycopy(rh, i * u, extra, row * u, u);
                        if (!r.taken(b0 + i, t)) continue;
                        if (vector) VectorGates.gruCandidate(gates, row * g, hu2, i * u, bias, h, i * u, u, scratch);
                        else gruCandidate(0, gates, row * g, hu2, i * u, bias, h, i * u, u, MATH);
                    }
                }
                for (int i = 0; i < rows; i++) {
                    int b = b0 + i, o = r.outputOffset(b, k);
                    if (o < 0) continue;
                    // a masked step holds h and outputs it (or zeros)
                    if (!r.taken(b, t) && r.zeroOutputForMask) java.util.Arrays.fill(out, o, o + u, 0f);
                    else System.arraycopy(h, i * u, out, o, u);
                }
            }
            System.arraycopy(h, 0, hT, b0 * u, rows * u);
        });
        return new Gru(out, hT, keep ? gates : null, hPrev, extra);
    }

    /**
     * One reset_after GRU row from unit {@code from}: the gates from the input projection (at
     * {@code xo}, overwritten by z, r, hh) and {@code hu = h·U} (at {@code ho}), h updated in place at
     * {@code so}, {@code h·U_h + b'_h} kept in {@code inner} at {@code io} when it is not null.
     */
    static void gruAfter(int from, float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, float[] inner,
                         int io, Squash sq) {
        for (int j = from; j < u; j++) {
            float xz = xw[xo + j], xr = xw[xo + u + j], xh = xw[xo + 2 * u + j];
            float iz = hu[ho + j], ir = hu[ho + u + j], ih = hu[ho + 2 * u + j];
            if (bias != null) {
                xz += bias[j];
                xr += bias[u + j];
                xh += bias[2 * u + j];
                iz += bias[3 * u + j];
                ir += bias[4 * u + j];
                ih += bias[5 * u + j];
            }
            float z = sq.sigmoid(xz + iz), rr = sq.sigmoid(xr + ir), hh = sq.tanh(xh + rr * ih);
            h[so + j] = z * h[so + j] + (1f - z) * hh;
            xw[xo + j] = z;
            xw[xo + u + j] = rr;
            xw[xo + 2 * u + j] = hh;
            if (inner != null) inner[io + j] = ih;
        }
    }

    /** The gates z and r of a GRU row without reset_after ({@code hu = h·U_zr} at {@code ho}), and {@code r·h} into {@code rh}. */
    static void gruReset(int from, float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, float[] rh,
                         Squash sq) {
        for (int j = from; j < u; j++) {
            float xz = xw[xo + j], xr = xw[xo + u + j];
            if (bias != null) {
                xz += bias[j];
                xr += bias[u + j];
            }
            float z = sq.sigmoid(xz + hu[ho + j]), rr = sq.sigmoid(xr + hu[ho + u + j]);
            xw[xo + j] = z;
            xw[xo + u + j] = rr;
            rh[so + j] = rr * h[so + j];
        }
    }

    /** The candidate and the new h of a GRU row without reset_after, from {@code (r·h)·U_h} at {@code ho}. */
    static void gruCandidate(int from, float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, Squash sq) {
        for (int j = from; j < u; j++) {
            float xh = xw[xo + 2 * u + j];
            if (bias != null) xh += bias[2 * u + j];
            float z = xw[xo + j], hh = sq.tanh(xh + hu[ho + j]);
            h[so + j] = z * h[so + j] + (1f - z) * hh;
            xw[xo + 2 * u + j] = hh;
        }
    }

    /** A GRU's gradients; each null where it was not asked for. The bias gradient has the bias's layout. */
    public static final class GruGrads {
        public final float[] x, kernel, recurrent, bias, h0;

        GruGrads(float[] x, float[] kernel, float[] recurrent, float[] bias, float[] h0) {
            this.x = x;
            this.kernel = kernel;
            this.recurrent = recurrent;
            this.bias = bias;
            this.h0 = h0;
        }
    }

    /**
     * Backpropagation through time of {@link #gruForward} (run with {@code keep}), from the gradients
     * of its output and final h. {@code need}: x, kernel, recurrent, bias, h0.
     */
    public static GruGrads gruBackward(Run r, Gru fwd, float[] x, float[] kernel, float[] recurrent, boolean resetAfter,
                                       float[] dOut, float[] dh, boolean[] need) {
        if (fwd.gates == null) throw new IllegalArgumentException("gruBackward: the forward was run without keep");
        int n = r.batch, steps = r.steps, u = r.units, g = 3 * u, f = r.features;
        checkLength("dOut", dOut, r.outputSize());
        checkLength("dh", dh, (long) n * u);
        // dzx: the gradients of the three pre-activations, the input side (x W + b); with reset_after
        // dzh holds the recurrent side (h U + b'), whose candidate block is scaled by r
        float[] dzx = StepBuffers.take(n * steps * g), dzh = resetAfter ? StepBuffers.take(n * steps * g) : null;
        float[] dh0 = StepBuffers.take(n * u);
        float[] rt = transpose(recurrent, u, g);
        Parallel.forChunks(n, r.blocks(), (b0, b1) -> {
            int rows = b1 - b0;
            float[] dhCur = new float[rows * u], next = new float[rows * u], drh = resetAfter ? null : new float[rows * u];
            System.arraycopy(dh, b0 * u, dhCur, 0, rows * u);
            for (int k = steps - 1; k >= 0; k--) {
                int t = r.time(k), at = (b0 * steps + t) * g;
                for (int i = 0; i < rows; i++) {
                    int b = b0 + i, row = b * steps + t, so = i * u;
                    boolean taken = r.taken(b, t);
                    int o = r.outputOffset(b, k);
                    if (o >= 0 && (taken || !r.zeroOutputForMask)) for (int j = 0; j < u; j++) dhCur[so + j] += dOut[o + j];
                    if (!taken) {
                        java.util.Arrays.fill(dzx, row * g, row * g + g, 0f);
                        if (dzh != null) java.util.Arrays.fill(dzh, row * g, row * g + g, 0f);
                    } else if (resetAfter) {
                        gruAfterGrads(fwd.gates, row * g, fwd.extra, fwd.hPrev, row * u, dhCur, so, dzx, dzh, u);
                    } else {
                        gruCandidateGrads(fwd.gates, row * g, dhCur, so, dzx, u);
                    }
                }
                if (resetAfter) {
                    Gemm.sgemm(false, false, rows, u, g, 1f, dzh, at, steps * g, rt, 0, u, 0f, next, 0, u);
                } else {
                    // d(r·h) = d(candidate pre-activation) · U_h^T, then the gates' gradients, then dh through U_zr
                    Gemm.sgemm(false, false, rows, u, u, 1f, dzx, at + 2 * u, steps * g, rt, 2 * u * u, u, 0f, drh, 0, u);
                    flushSubnormals(drh, 0, rows * u);
                    for (int i = 0; i < rows; i++) {
                        int row = (b0 + i) * steps + t;
                        if (r.taken(b0 + i, t)) gruResetGrads(fwd.gates, row * g, fwd.hPrev, row * u, dhCur, drh, i * u, dzx, u);
                    }
                    Gemm.sgemm(false, false, rows, u, 2 * u, 1f, dzx, at, steps * g, rt, 0, u, 0f, next, 0, u);
                }
                // dh before the step: the products above, plus h's direct path z·dh (and r·d(r·h)); masked rows hold dh
                for (int i = 0; i < rows; i++) {
                    int row = (b0 + i) * steps + t;
                    if (!r.taken(b0 + i, t)) {
                        for (int j = i * u; j < (i + 1) * u; j++) next[j] += dhCur[j];
                        continue;
                    }
                    for (int j = 0; j < u; j++) {
                        int s = i * u + j;
                        next[s] += dhCur[s] * fwd.gates[row * g + j];
                        if (!resetAfter) next[s] += drh[s] * fwd.gates[row * g + u + j];
                    }
                }
                flushSubnormals(next, 0, rows * u);
                float[] swap = dhCur;
                dhCur = next;
                next = swap;
            }
            System.arraycopy(dhCur, 0, dh0, b0 * u, rows * u);
        });
        int m = n * steps;
        float[] dx = need[0] ? inputGradient(m, f, g, dzx, kernel) : null;
        float[] dk = need[1] ? kernelGradient(m, f, g, x, dzx) : null;
        float[] dr = null, db = null;
        if (need[2]) {
            dr = StepBuffers.take(u * g);
            if (resetAfter) {
                Gemm.sgemm(true, false, u, g, m, 1f, fwd.hPrev, 0, u, dzh, 0, g, 0f, dr, 0, g);
            } else {
                Gemm.sgemm(true, false, u, 2 * u, m, 1f, fwd.hPrev, 0, u, dzx, 0, g, 0f, dr, 0, g);
                Gemm.sgemm(true, false, u, u, m, 1f, fwd.extra, 0, u, dzx, 2 * u, g, 0f, dr, 2 * u, g);
            }
        }
        if (need[3]) {
            float[] input = BiasActivation.backward(dzx, null, g, false, null);
            if (resetAfter) {
                db = new float[2 * g];
                System.arraycopy(input, 0, db, 0, g);
                System.arraycopy(BiasActivation.backward(dzh, null, g, false, null), 0, db, g, g);
            } else {
                db = input;
            }
        }
        for (float[] a : new float[][] {dx, dk, dr, db, dh0}) if (a != null) flushSubnormals(a, 0, a.length);
        return new GruGrads(dx, dk, dr, db, need[4] ? dh0 : null);
    }

    /** One reset_after GRU row's pre-activation gradients from dh after the step (output's gradient included). */
    private static void gruAfterGrads(float[] gates, int go, float[] inner, float[] hPrev, int po, float[] dh, int so, float[] dzx,
                                      float[] dzh, int u) {
        for (int j = 0; j < u; j++) {
            float z = gates[go + j], r = gates[go + u + j], hh = gates[go + 2 * u + j], d = dh[so + j];
            float dz = d * hPrev[po + j] - d * hh;
            float dph = d * (1f - z) * (1f - hh * hh);
            float dpz = dz * (z * (1f - z)), dpr = dph * inner[po + j] * (r * (1f - r));
            dzx[go + j] = dzh[go + j] = flush(dpz);
            dzx[go + u + j] = dzh[go + u + j] = flush(dpr);
            dzx[go + 2 * u + j] = flush(dph);
            dzh[go + 2 * u + j] = flush(dph * r);
        }
    }

    /** Without reset_after, first half: the candidate pre-activation's gradient, into dzx's third block. */
    private static void gruCandidateGrads(float[] gates, int go, float[] dh, int so, float[] dzx, int u) {
        for (int j = 0; j < u; j++) {
            float z = gates[go + j], hh = gates[go + 2 * u + j];
            dzx[go + 2 * u + j] = flush(dh[so + j] * (1f - z) * (1f - hh * hh));
        }
    }

    /** Without reset_after, second half: the gates' pre-activation gradients, given {@code drh = d(r·h)}. */
    private static void gruResetGrads(float[] gates, int go, float[] hPrev, int po, float[] dh, float[] drh, int so, float[] dzx,
                                      int u) {
        for (int j = 0; j < u; j++) {
            float z = gates[go + j], r = gates[go + u + j], hh = gates[go + 2 * u + j], d = dh[so + j], hp = hPrev[po + j];
            dzx[go + j] = flush((d * hp - d * hh) * (z * (1f - z)));
            dzx[go + u + j] = flush(drh[so + j] * hp * (r * (1f - r)));
        }
    }

    /**
     * {@code v}, or 0 where it is subnormal. Gradients shrink step by step back through time (by z,
     * σ' and the recurrent kernel: GRU(64)'s fall by about 0.6 a step over 200 steps), and once below
     * 2^-126 every multiply on them takes the processor's slow path: RecurrentBench's GRU(64) training
     * pass took 420 ms instead of 80 on the subnormal tail of its gradients. TensorFlow's and XLA's CPU kernels
     * run with flush-to-zero for the same reason; the change is below 1.2e-38 in absolute value. The
     * backward flushes what it carries from step to step and what it returns.
     */
    static float flush(float v) {
        return Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
    }

    /** {@link #flush} over {@code a[from, to)}. */
    private static void flushSubnormals(float[] a, int from, int to) {
        if (VectorSupport.enabled()) {
            VectorGates.flushSubnormals(a, from, to);
            return;
        }
        for (int i = from; i < to; i++) a[i] = flush(a[i]);
    }

    /**
     * {@code a (rows, cols)} transposed. The backward's per-step product {@code dz · recurrent^T} takes
     * it as a plain operand: given the transpose flag instead, the product packs the transpose with a
     * scalar loop at every step.
     */
    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[rows * cols];
        Permute.transpose2d(a, 0, cols, rows, cols, t);
        return t;
    }

    private static void checkLength(String name, float[] a, long expected) {
        if (a == null) throw new IllegalArgumentException(name + ": expected " + expected + " floats, got null");
        if (a.length != expected) throw new IllegalArgumentException(name + ": expected " + expected + " floats, got " + a.length);
    }
}
