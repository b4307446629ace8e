package dev.gradus.training;

import dev.gradus.data.Batch;

import java.util.Iterator;

/** Where the batches of one pass over the data come from (arrays, or a Dataset). */
interface BatchSource {
    /** Batches in one pass, or null when unknown. */
    Integer numBatches();

    /**
     * A fresh pass over the data (arrays reshuffle for each pass). {@code recordRows}: whether the step
     * runner reads where each batch's rows come from ({@link StepRunner#readsBatchRows}); arrays record
     * them only then, a Dataset's own batches always do.
     */
    Iterator<Batch> pass(boolean recordRows);
}
