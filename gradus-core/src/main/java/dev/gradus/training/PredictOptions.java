package dev.gradus.training;

import dev.gradus.callbacks.Callback;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.List;

/** Keras's {@code predict} arguments: {@code batch_size} 32, {@code verbose} 1, {@code steps} all. */
public final class PredictOptions {
    dev.gradus.distribution.Distribution distribution;
    Integer batchSize;
    int verbose = 1;
    Integer steps;
    final List<Callback> callbacks = new ArrayList<>();

    public PredictOptions batchSize(int batchSize) {
        this.batchSize = Check.atLeast("batch_size", batchSize, 1);
        return this;
    }

    public PredictOptions verbose(int verbose) {
        Check.argument(verbose >= 0 && verbose <= 2, "verbose must be 0, 1 or 2, got " + verbose);
        this.verbose = verbose;
        return this;
    }

    public PredictOptions steps(int steps) {
        this.steps = Check.atLeast("steps", steps, 1);
        return this;
    }

    public PredictOptions callbacks(Callback... callbacks) {
        for (int i = 0; i < callbacks.length; i++) this.callbacks.add(Check.notNull("callbacks[" + i + "]", callbacks[i]));
        return this;
    }

    /**
     * The distribution for this call (Keras's {@code keras.distribution}), e.g.
     * {@code DataParallel.replicas(2)}; without one, {@code Distribution.get()} applies.
     */
    public PredictOptions distribution(dev.gradus.distribution.Distribution distribution) {
        this.distribution = dev.gradus.util.Check.notNull("distribution", distribution);
        return this;
    }
}
