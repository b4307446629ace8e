package dev.gradus.layers;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * TensorFlow's string bucketing, which Keras's {@code Hashing} and the lookup layers' extra OOV
 * indices use: {@code to_hash_bucket_fast} is FarmHash Fingerprint64 of the UTF-8 bytes modulo the
 * bucket count (unsigned), {@code to_hash_bucket_strong} keyed SipHash-2-4. Both hashes are Guava's.
 */
final class TokenHash {
    private TokenHash() {}

    static int fast(String value, int buckets) {
        long h = Hashing.farmHashFingerprint64().hashBytes(value.getBytes(StandardCharsets.UTF_8)).asLong();
        return (int) Long.remainderUnsigned(h, buckets);
    }

    static int strong(String value, long key0, long key1, int buckets) {
        long h = Hashing.sipHash24(key0, key1).hashBytes(value.getBytes(StandardCharsets.UTF_8)).asLong();
        return (int) Long.remainderUnsigned(h, buckets);
    }
}
