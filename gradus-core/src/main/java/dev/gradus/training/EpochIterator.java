package dev.gradus.training;

import dev.gradus.data.Batch;

import java.util.Iterator;
import java.util.function.BiConsumer;

/**
 * Keras's {@code EpochIterator}: the steps of one epoch. Without {@code steps_per_epoch} each epoch
 * is one fresh pass. With it, the pass continues across epochs; when it runs out before the epoch
 * has its steps, Keras warns and ends the epoch early, and the next epoch starts a fresh pass.
 */
final class EpochIterator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EpochIterator.class);
    private final BatchSource source;
    private final Integer stepsPerEpoch;
    private final Integer numBatches;
    private final boolean recordRows;
    private Iterator<Batch> current;
    private int stepsSeen;

    /** {@code runner}: the steps' runner, which says whether the batches' rows are recorded for it. */
    EpochIterator(BatchSource source, Integer stepsPerEpoch, StepRunner runner) {
        this.source = source;
        this.stepsPerEpoch = stepsPerEpoch;
        this.numBatches = source.numBatches();
        this.recordRows = runner.readsBatchRows();
    }

    /** Steps per epoch as the callbacks' params see them (null when unknown). */
    Integer steps() {
        return stepsPerEpoch != null ? stepsPerEpoch : numBatches;
    }

    /** Runs {@code step(index, batch)} for each step of one epoch; {@code stop} is checked after each. */
    void epoch(BiConsumer<Integer, Batch> step, java.util.function.BooleanSupplier stop) {
        int steps = stepsPerEpoch != null ? stepsPerEpoch : numBatches != null ? numBatches : -1;
        if (current == null || stepsPerEpoch == null) {
            current = source.pass(recordRows);
            stepsSeen = 0;
        }
        if (steps > 0) {
            for (int s = 0; s < steps; s++) {
                if ((numBatches != null && stepsSeen >= numBatches) || !current.hasNext()) {
                    if (stepsPerEpoch != null) warnInterrupted();
                    break;
                }
                stepsSeen++;
                step.accept(s, current.next());
                if (stop.getAsBoolean()) break;
            }
            if ((numBatches != null && stepsSeen >= numBatches) || !current.hasNext()) {
                current = null;
                stepsSeen = 0;
            }
        } else {
            int s = 0;
            while (current.hasNext()) {
                step.accept(s++, current.next());
                if (stop.getAsBoolean()) break;
            }
            current = null;
        }
    }

    /** Keras's warning when the data ends before an epoch has its steps (or has no batch at all). */
    static void warnInterrupted() {
        LOG.warn("Your input ran out of data; interrupting training. Make sure that your dataset "
                + "can generate at least `steps_per_epoch * epochs` batches. You may need to use the `.repeat()` "
                + "function when building your dataset.");
    }
}
