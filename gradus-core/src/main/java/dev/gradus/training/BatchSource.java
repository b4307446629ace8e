package dev.gradus.training;

import dev.gradus.data.Batch;

import java.util.Iterator;

/** Where the batches of one pass over the data come from (arrays, or a Dataset). */
interface BatchSource {
    /** Batches in one pass, or null when unknown. */
    Integer numBatches();

    /** A fresh pass over the data (arrays reshuffle for each pass). */
    Iterator<Batch> pass();
}
