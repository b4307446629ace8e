package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.WeakIdentityMap;
import java.util.List;

/**
 * Where the rows of a batch cut from in-memory arrays come from: the whole arrays and the rows'
 * indices, in the batch's order. A distribution that keeps the arrays where it computes (gradus-spark
 * ships them to its executors once and caches them there) sends each step's row indices instead of
 * the rows themselves, and gathers the same values, bit for bit.
 *
 * <p>Why a side table: a {@link Batch} is a plain record of tensors and the training loop hands it
 * on unchanged; the table holds batches weakly and by identity (two equal batches are different
 * keys), so an origin lives as long as its batch.
 */
public final class BatchRows {
    /**
     * The arrays a batch was cut from and its rows: row {@code i} of the batch is row
     * {@code rows[i]} of every array. {@code source} identifies the arrays (the same object for every
     * batch of one fit's data), so that they are shipped once.
     */
    public record Origin(Object source, List<Tensor> inputs, List<Tensor> targets, Tensor sampleWeight, int[] rows) {}

    private static final WeakIdentityMap<Batch, Origin> ORIGINS = new WeakIdentityMap<>();

    private BatchRows() {}

    /** Records that {@code batch} holds {@code origin}'s rows. */
    public static Batch record(Batch batch, Origin origin) {
        ORIGINS.put(batch, origin);
        return batch;
    }

    /** Where {@code batch}'s rows come from, or null when it was not cut from arrays. */
    public static Origin of(Batch batch) {
        return ORIGINS.get(batch);
    }

    /**
     * The batch's inputs alone (what a predict step takes), keeping where its rows come from: a
     * distribution then still sends predict steps as row indices.
     */
    public static Batch inputsOnly(Batch batch) {
        Batch inputs = batch.withTensors(batch.inputs(), List.of(), null);
        Origin origin = of(batch);
        if (origin != null) record(inputs, new Origin(origin.source(), origin.inputs(), List.of(), null, origin.rows()));
        return inputs;
    }
}
