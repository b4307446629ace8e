package dev.gradus.util;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A side table from objects to values, keyed by identity and holding its keys weakly: a value lives
 * as long as the object it describes, and two equal objects are different keys. Used where a value
 * describes an immutable record that has no slot for it (a tensor's Keras mask, a batch's rows).
 * Thread-safe; {@link #isEmpty()} reads a volatile size without the lock, so a table that is usually
 * empty costs one read.
 */
public final class WeakIdentityMap<K, V> {
    private final Map<Key<K>, V> map = new HashMap<>();
    private final ReferenceQueue<K> dead = new ReferenceQueue<>();
    private volatile int size;

    /** The value for {@code key}, or null. */
    public V get(K key) {
        if (key == null || size == 0) return null;
        synchronized (map) {
            expunge();
            return map.get(new Key<>(key, null));
        }
    }

    /** Sets {@code key}'s value; null removes it. */
    public void put(K key, V value) {
        Check.notNull("key", key);
        synchronized (map) {
            expunge();
            if (value == null) map.remove(new Key<>(key, null));
            else map.put(new Key<>(key, dead), value);
            size = map.size();
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private void expunge() {
        for (Reference<? extends K> r; (r = dead.poll()) != null; ) map.remove(r);
        size = map.size();
    }

    /** A weak reference compared by the identity of its referent. */
    private static final class Key<K> extends WeakReference<K> {
        private final int hash;

        Key(K k, ReferenceQueue<K> queue) {
            super(k, queue);
            hash = System.identityHashCode(k);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) return true;
            if (!(o instanceof Key<?> k) || k.hash != hash) return false;
            Object referent = get();
            return referent != null && referent == k.get();
        }
    }
}
