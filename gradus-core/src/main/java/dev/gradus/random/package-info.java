/**
 * {@code keras.random}: seeded random tensors ({@link dev.gradus.random.Random}) and Keras's
 * {@link dev.gradus.layers.SeedGenerator}.
 */
package dev.gradus.random;
