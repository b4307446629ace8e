package dev.gradus.tensor.kernels;

/**
 * The per-element update loops of the optimizers, written in place on the variable's and the
 * slots' own arrays. Each loop follows the operation order of the Keras 3 formula it implements
 * (float32 arithmetic, scalar coefficients computed once by the caller), so that results agree
 * with Keras to float32 rounding. Large arrays are split across the shared pool.
 */
public final class OptimizerKernels {
    /** Rough cost of one element of an update, in scalar operations, for {@link Parallel}. */
    private static final int COST = 8;

    private OptimizerKernels() {}

    /**
     * {@code x}, or +0 where {@code |x|} is below the smallest normal float (1.18e-38). A slot that
     * decays geometrically once its gradient is zero (Adam's {@code m} by 0.9 a step) reaches the
     * subnormal range, and there {@code m * 0.1} rounds to zero, so it never leaves: every later update
     * of it runs through the processor's slow subnormal path (W1's Adam time grew from 0.48 to 0.92 ms
     * per step over four epochs). Keras runs its CPU kernels with flush-to-zero set (TensorFlow's thread
     * pools and XLA's CPU client both do), which stores zero there; Java cannot set that mode, so the
     * slots are flushed by hand. Such a moment moves its weight by under 1e-30, far below a float's
     * resolution at any weight of normal size.
     */
    static float flush(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }

    // ------------------------------------------------------------------ gradient preparation

    /** {@code dst = src / divisor}. */
    public static void divideInto(float[] dst, float[] src, float divisor) {
        Parallel.forRange(dst.length, 2, (lo, hi) -> {
            for (int i = lo; i < hi; i++) dst[i] = src[i] / divisor;
        });
    }

    /** {@code x *= factor}. */
    public static void scale(float[] x, float factor) {
        Parallel.forRange(x.length, 2, (lo, hi) -> {
            for (int i = lo; i < hi; i++) x[i] *= factor;
        });
    }

    /** {@code x = clip(x, lo, hi)}. */
    public static void clip(float[] x, float min, float max) {
        Parallel.forRange(x.length, 2, (lo, hi) -> {
            for (int i = lo; i < hi; i++) x[i] = Math.min(Math.max(x[i], min), max);
        });
    }

    /** The sum of squares, accumulated in double. */
    public static double sumOfSquares(float[] x) {
        return sumOfSquares(x, 0, x.length);
    }

    /** The sum of squares of {@code x[from, to)}, accumulated in double. */
    public static double sumOfSquares(float[] x, int from, int to) {
        int n = to - from;
        if (!Parallel.worthSplitting(n)) return squares(x, from, to);
        int chunks = Parallel.threads();
        double[] partial = new double[chunks];
        Parallel.forChunks(chunks, chunks, (c0, c1) -> {
            for (int c = c0; c < c1; c++) partial[c] = squares(x, from + (int) ((long) n * c / chunks), from + (int) ((long) n * (c + 1) / chunks));
        });
        double s = 0;
        for (double p : partial) s += p;
        return s;
    }

    private static double squares(float[] x, int from, int to) {
        // four accumulators: independent chains, so the loop is not bound by one add's latency
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += (double) x[i] * x[i];
            s1 += (double) x[i + 1] * x[i + 1];
            s2 += (double) x[i + 2] * x[i + 2];
            s3 += (double) x[i + 3] * x[i + 3];
        }
        for (; i < to; i++) s0 += (double) x[i] * x[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** True when every element is finite. */
    public static boolean allFinite(float[] x) {
        for (float v : x) if (!Float.isFinite(v)) return false;
        return true;
    }

    /** Gradient accumulation between updates: {@code acc += g / divisor}. */
    public static void accumulate(float[] acc, float[] g, float divisor) {
        Parallel.forRange(acc.length, 3, (lo, hi) -> {
            if (divisor == 1f) for (int i = lo; i < hi; i++) acc[i] = g[i] + acc[i];
            else for (int i = lo; i < hi; i++) acc[i] = g[i] / divisor + acc[i];
        });
    }

    /** The update step of gradient accumulation: {@code dst = (g / divisor + acc) / steps}, then {@code acc = 0}. */
    public static void averageAndReset(float[] dst, float[] g, float divisor, float[] acc, float steps) {
        Parallel.forRange(dst.length, 4, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                dst[i] = (g[i] / divisor + acc[i]) / steps;
                acc[i] = 0f;
            }
        });
    }

    // ------------------------------------------------------------------ shared steps

    /** Decoupled weight decay, {@code w = w - w * rate} with {@code rate = weight_decay * learning_rate}. */
    public static void decay(float[] w, float rate) {
        Parallel.forRange(w.length, 2, (lo, hi) -> {
            for (int i = lo; i < hi; i++) w[i] = w[i] - w[i] * rate;
        });
    }

    /** Exponential moving average of the weights: {@code avg = m * avg + (1 - m) * w}. */
    public static void movingAverage(float[] avg, float[] w, float momentum) {
        float rest = 1f - momentum;
        Parallel.forRange(avg.length, 3, (lo, hi) -> {
            for (int i = lo; i < hi; i++) avg[i] = momentum * avg[i] + rest * w[i];
        });
    }

    /** {@code w = w + alpha * x}. */
    public static void axpy(float[] w, float alpha, float[] x) {
        Parallel.forRange(w.length, 2, (lo, hi) -> {
            for (int i = lo; i < hi; i++) w[i] = w[i] + alpha * x[i];
        });
    }

    /** Lookahead's synchronisation: {@code slow += alpha * (fast - slow); fast = slow}. */
    public static void lookaheadSync(float[] slow, float[] fast, float alpha) {
        Parallel.forRange(slow.length, 3, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float s = slow[i] + alpha * (fast[i] - slow[i]);
                slow[i] = s;
                fast[i] = s;
            }
        });
    }

    // ------------------------------------------------------------------ update rules

    /** Plain gradient descent: {@code w -= g * lr}. */
    public static void sgd(float[] w, float[] g, float lr) {
        Parallel.forRange(w.length, 2, (lo, hi) -> {
            for (int i = lo; i < hi; i++) w[i] = w[i] - g[i] * lr;
        });
    }

    /** SGD with momentum: {@code m = m * mu - g * lr}; {@code w += m}, or {@code w += m * mu - g * lr} (Nesterov). */
    public static void sgdMomentum(float[] w, float[] m, float[] g, float lr, float mu, boolean nesterov) {
        Parallel.forRange(w.length, 4, (lo, hi) -> {
            if (nesterov) {
                for (int i = lo; i < hi; i++) {
                    float mi = m[i] * mu - g[i] * lr;
                    m[i] = mi;
                    w[i] = w[i] + (mi * mu - g[i] * lr);
                }
            } else {
                for (int i = lo; i < hi; i++) {
                    float mi = m[i] * mu - g[i] * lr;
                    m[i] = mi;
                    w[i] = w[i] + mi;
                }
            }
        });
    }

    /**
     * RMSprop: {@code v = rho * v + (1 - rho) * g^2}; with {@code avg} (centered)
     * {@code avg = rho * avg + (1 - rho) * g} and {@code d = v - avg^2 + eps}, else {@code d = v + eps};
     * {@code inc = lr * g / sqrt(d)}; with {@code mom}: {@code mom = mu * mom + inc; w -= mom}, else {@code w -= inc}.
     */
    public static void rmsprop(float[] w, float[] v, float[] mom, float[] avg, float[] g,
                               float lr, float rho, float mu, float eps) {
        float rest = 1f - rho;
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                float vi = rho * v[i] + rest * (gi * gi);
                v[i] = vi;
                float d;
                if (avg != null) {
                    float ai = rho * avg[i] + rest * gi;
                    avg[i] = ai;
                    d = vi - ai * ai + eps;
                } else {
                    d = vi + eps;
                }
                float inc = lr * gi / (float) Math.sqrt(d);
                if (mom != null) {
                    float mi = mu * mom[i] + inc;
                    mom[i] = mi;
                    w[i] = w[i] - mi;
                } else {
                    w[i] = w[i] - inc;
                }
            }
        });
    }

    /** Adagrad: {@code a += g^2; w -= lr * g / sqrt(a + eps)}. */
    public static void adagrad(float[] w, float[] a, float[] g, float lr, float eps) {
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                float ai = a[i] + gi * gi;
                a[i] = ai;
                w[i] = w[i] - lr * gi / (float) Math.sqrt(ai + eps);
            }
        });
    }

    /**
     * Adadelta: {@code a = rho * a + (1 - rho) * g^2}; {@code delta = -sqrt(d + eps) * g / sqrt(a + eps)};
     * {@code d = rho * d + (1 - rho) * delta^2}; {@code w += lr * delta}.
     */
    public static void adadelta(float[] w, float[] a, float[] d, float[] g, float lr, float rho, float eps) {
        float rest = 1f - rho;
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                float ai = rho * a[i] + rest * (gi * gi);
                a[i] = ai;
                float delta = -(float) Math.sqrt(d[i] + eps) * gi / (float) Math.sqrt(ai + eps);
                d[i] = rho * d[i] + rest * (delta * delta);
                w[i] = w[i] + lr * delta;
            }
        });
    }

    /**
     * Adam ("epsilon hat" form): {@code m += (g - m) * (1 - b1); v += (g^2 - v) * (1 - b2)};
     * with {@code vHat} (AMSGrad) {@code vHat = max(vHat, v)} replaces {@code v} below;
     * {@code w -= m * alpha / (sqrt(v) + eps)}, where {@code alpha} carries the bias correction.
     * The new {@code m} and {@code v} are {@link #flush flushed}: a weight whose gradient stops (a dead
     * unit, a pixel that is zero in every later batch) otherwise keeps a subnormal {@code m} for good.
     */
    public static void adam(float[] w, float[] m, float[] v, float[] vHat, float[] g,
                            float alpha, float b1, float b2, float eps) {
        float c1 = 1f - b1, c2 = 1f - b2;
        boolean vector = VectorSupport.enabled();
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            if (vector) VectorOptimizers.adam(w, m, v, vHat, g, alpha, c1, c2, eps, lo, hi);
            else adamScalar(w, m, v, vHat, g, alpha, c1, c2, eps, lo, hi);
        });
    }

    /**
     * Adam over {@code [lo, hi)}, one element at a time, with AMSGrad where {@code vHat} is not null (and
     * {@link VectorOptimizers#adam}'s tail).
     */
    static void adamScalar(float[] w, float[] m, float[] v, float[] vHat, float[] g,
                           float alpha, float c1, float c2, float eps, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            float gi = g[i];
            float mi = flush(m[i] + (gi - m[i]) * c1);
            float vi = flush(v[i] + (gi * gi - v[i]) * c2);
            m[i] = mi;
            v[i] = vi;
            if (vHat != null) {
                vi = Math.max(vHat[i], vi);
                vHat[i] = vi;
            }
            w[i] = w[i] - mi * alpha / ((float) Math.sqrt(vi) + eps);
        }
    }

    /**
     * The moments of Adam without the division, {@code w -= coef * m}: RAdam's step while the
     * variance of the adaptive rate is not yet tractable.
     */
    public static void adamMomentumOnly(float[] w, float[] m, float[] v, float[] g, float coef, float b1, float b2) {
        float c1 = 1f - b1, c2 = 1f - b2;
        Parallel.forRange(w.length, 6, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                float mi = m[i] + (gi - m[i]) * c1;
                m[i] = mi;
                v[i] = v[i] + (gi * gi - v[i]) * c2;
                w[i] = w[i] - coef * mi;
            }
        });
    }

    /**
     * Adamax: {@code m += (g - m) * (1 - b1); u = max(b2 * u, |g|)};
     * {@code w -= lr * m / ((1 - b1^t) * (u + eps))}, with {@code correction = 1 - b1^t}.
     */
    public static void adamax(float[] w, float[] m, float[] u, float[] g, float lr, float correction,
                              float b1, float b2, float eps) {
        float c1 = 1f - b1;
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                float mi = m[i] + (gi - m[i]) * c1;
                float ui = Math.max(b2 * u[i], Math.abs(gi));
                m[i] = mi;
                u[i] = ui;
                w[i] = w[i] - lr * mi / (correction * (ui + eps));
            }
        });
    }

    /**
     * Nadam: moments as Adam, then {@code mHat = uNext * m / mDenom + (1 - u) * g / gDenom},
     * {@code vHat = v / vDenom}, {@code w -= mHat * lr / (sqrt(vHat) + eps)}.
     */
    public static void nadam(float[] w, float[] m, float[] v, float[] g, float lr, float b1, float b2,
                             float uNext, float mDenom, float oneMinusU, float gDenom, float vDenom, float eps) {
        float c1 = 1f - b1, c2 = 1f - b2;
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                float mi = m[i] + (gi - m[i]) * c1;
                float vi = v[i] + (gi * gi - v[i]) * c2;
                m[i] = mi;
                v[i] = vi;
                float mHat = uNext * mi / mDenom + oneMinusU * gi / gDenom;
                float vHat = vi / vDenom;
                w[i] = w[i] - mHat * lr / ((float) Math.sqrt(vHat) + eps);
            }
        });
    }

    /**
     * FTRL-proximal, as Keras writes it: with {@code p = -learning_rate_power},
     * {@code gs = g + 2 * l2Shrinkage * w}, {@code n' = n + g^2},
     * {@code z += gs - (n'^p - n^p) / lr * w}, {@code q = n'^p / lr + 2 * l2},
     * {@code w = (clip(z, -l1, l1) - z) / q}, {@code n = n'}.
     */
    public static void ftrl(float[] w, float[] n, float[] z, float[] g, float lr, float power,
                            float l1, float l2, float l2Shrinkage) {
        boolean sqrt = power == 0.5f;
        Parallel.forRange(w.length, 40, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i], wi = w[i], ni = n[i];
                float gs = gi + 2f * l2Shrinkage * wi;
                float nNew = ni + gi * gi;
                float pNew = sqrt ? (float) Math.sqrt(nNew) : (float) Math.pow(nNew, power);
                float pOld = sqrt ? (float) Math.sqrt(ni) : (float) Math.pow(ni, power);
                float zi = z[i] + (gs - (pNew - pOld) / lr * wi);
                z[i] = zi;
                float q = pNew / lr + 2f * l2;
                w[i] = (Math.min(Math.max(zi, -l1), l1) - zi) / q;
                n[i] = nNew;
            }
        });
    }

    /** Lion: {@code w -= lr * sign(b1 * m + (1 - b1) * g)}; then {@code m = b2 * m + (1 - b2) * g}. */
    public static void lion(float[] w, float[] m, float[] g, float lr, float b1, float b2) {
        float c1 = 1f - b1, c2 = 1f - b2;
        Parallel.forRange(w.length, 6, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i], mi = m[i];
                w[i] = w[i] - lr * Math.signum(mi * b1 + gi * c1);
                m[i] = mi * b2 + gi * c2;
            }
        });
    }

    /**
     * Lamb, first pass: the Adam moments, and into {@code norms} the squared L2 norms of {@code w}
     * and of the update {@code r = (m / c1) / (sqrt(v / c2) + eps)}, where {@code c1 = 1 - b1^t},
     * {@code c2 = 1 - b2^t}. {@link #lambApply} then moves {@code w} along {@code r}.
     */
    public static void lambMoments(float[] w, float[] m, float[] v, float[] g, float b1, float b2,
                                   float c1, float c2, float eps, double[] norms) {
        float k1 = 1f - b1, k2 = 1f - b2;
        double ww = 0, rr = 0;
        // sequential: two sums that must be exact to the same order on every run
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * k1;
            float vi = v[i] + (gi * gi - v[i]) * k2;
            m[i] = mi;
            v[i] = vi;
            float r = (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
            ww += (double) w[i] * w[i];
            rr += (double) r * r;
        }
        norms[0] = ww;
        norms[1] = rr;
    }

    /** Lamb, second pass: {@code w -= step * r}, with {@code r} recomputed from the new moments. */
    public static void lambApply(float[] w, float[] m, float[] v, float step, float c1, float c2, float eps) {
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float r = (m[i] / c1) / ((float) Math.sqrt(v[i] / c2) + eps);
                w[i] = w[i] - step * r;
            }
        });
    }

    /** Adafactor's unfactored second moment (rank below 2): {@code v = beta * v + (1 - beta) * (g^2 + eps1)}. */
    public static void adafactorMoment(float[] v, float[] g, float beta, float eps1) {
        float rest = 1f - beta;
        Parallel.forRange(v.length, 4, (lo, hi) -> {
            for (int i = lo; i < hi; i++) v[i] = beta * v[i] + rest * (g[i] * g[i] + eps1);
        });
    }

    /**
     * Adafactor's factored second moment over the last two axes, for {@code g} viewed as
     * {@code (batch, rows, cols)}: running row means {@code r (batch, rows)} and column means
     * {@code c (batch, cols)} of {@code g^2 + eps1}, and {@code v = (r / mean(r))[:, :, None] * c[:, None, :]}.
     * {@code colSums} is scratch of at least {@code cols} doubles.
     */
    public static void adafactorFactored(float[] v, float[] r, float[] c, float[] g, int batch, int rows, int cols,
                                         float beta, float eps1, double[] colSums) {
        float rest = 1f - beta;
        for (int b = 0; b < batch; b++) {
            int base = b * rows * cols;
            java.util.Arrays.fill(colSums, 0, cols, 0.0);
            double rSum = 0;
            for (int i = 0; i < rows; i++) {
                int row = base + i * cols;
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    float gg = g[row + j] * g[row + j] + eps1;
                    s += gg;
                    colSums[j] += gg;
                }
                float ri = beta * r[b * rows + i] + rest * (float) (s / cols);
                r[b * rows + i] = ri;
                rSum += ri;
            }
            for (int j = 0; j < cols; j++) c[b * cols + j] = beta * c[b * cols + j] + rest * (float) (colSums[j] / rows);
            float rMean = (float) (rSum / rows);
            for (int i = 0; i < rows; i++) {
                float rowFactor = r[b * rows + i] / rMean;
                int row = base + i * cols;
                for (int j = 0; j < cols; j++) v[row + j] = rowFactor * c[b * cols + j];
            }
        }
    }

    /** The sum of {@code (g / sqrt(v))^2}: Adafactor's RMS of the raw update. */
    public static double adafactorUpdateSquares(float[] g, float[] v) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            float u = g[i] / (float) Math.sqrt(v[i]);
            s += (double) u * u;
        }
        return s;
    }

    /** Adafactor's step: {@code w -= alpha * (g / sqrt(v)) / denominator}. */
    public static void adafactorApply(float[] w, float[] g, float[] v, float alpha, float denominator) {
        Parallel.forRange(w.length, COST, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float u = g[i] / (float) Math.sqrt(v[i]);
                w[i] = w[i] - alpha * (u / denominator);
            }
        });
    }

    /** Muon's momentum, as Keras writes it: {@code m += g + m * (mu - 1)}. */
    public static void muonMomentum(float[] m, float[] g, float mu) {
        float k = mu - 1f;
        Parallel.forRange(m.length, 3, (lo, hi) -> {
            for (int i = lo; i < hi; i++) m[i] = m[i] + (g[i] + m[i] * k);
        });
    }
}
