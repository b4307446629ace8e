package dev.gradus.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * tf.data's shuffle buffer: fill it with the first {@code bufferSize} inputs, then repeatedly emit
 * a random slot and refill that slot with the next input. With a buffer as large as the input this
 * is a uniform permutation; smaller buffers only mix nearby elements (tf's documented trade-off).
 */
final class BufferShuffle<T> implements Iterator<T> {
    private final Iterator<T> in;
    private final ArrayList<T> buffer = new ArrayList<>();
    private final int bufferSize;
    private final Random random;

    BufferShuffle(Iterator<T> in, int bufferSize, Random random) {
        this.in = in;
        this.bufferSize = bufferSize;
        this.random = random;
    }

    @Override public boolean hasNext() {
        fill();
        return !buffer.isEmpty();
    }

    @Override public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        int k = random.nextInt(buffer.size());
        T out = buffer.get(k);
        if (in.hasNext()) buffer.set(k, in.next());
        else {
            T last = buffer.remove(buffer.size() - 1);
            if (k < buffer.size()) buffer.set(k, last);
        }
        return out;
    }

    private void fill() {
        while (buffer.size() < bufferSize && in.hasNext()) buffer.add(in.next());
    }

    /** The same draws on an index list, without boxing: for the same Random, the same order as the iterator. */
    static int[] permute(int[] idx, int bufferSize, Random random) {
        int n = idx.length;
        int[] out = new int[n];
        if (bufferSize >= n) {
            int[] buf = idx.clone();
            for (int i = 0, size = n; i < n; i++, size--) {
                int k = random.nextInt(size);
                out[i] = buf[k];
                buf[k] = buf[size - 1];
            }
            return out;
        }
        int[] buf = new int[bufferSize];
        int size = 0, read = 0;
        while (size < bufferSize) buf[size++] = idx[read++];
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(size);
            out[i] = buf[k];
            if (read < n) buf[k] = idx[read++];
            else buf[k] = buf[--size];
        }
        return out;
    }
}
