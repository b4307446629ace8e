package dev.gradus.layers;

import java.util.Map;

/**
 * A layer whose state is files rather than weights: Keras's {@code save_assets}/{@code load_assets}
 * ({@code StringLookup}, {@code IntegerLookup} and {@code TextVectorization} keep an adapted vocabulary
 * as {@code vocabulary.txt}). A {@code .keras} archive stores them under {@code assets/<the layer's
 * weights path>/}, as Keras does, so an adapted layer saved by Python loads here and the other way.
 */
public interface HasAssets {
    /** The files to store, by name relative to the layer's asset folder; empty when the config already holds everything. */
    Map<String, byte[]> saveAssets();

    /** Restores the state from the files found in the layer's asset folder (empty when there are none). */
    void loadAssets(Map<String, byte[]> files);
}
