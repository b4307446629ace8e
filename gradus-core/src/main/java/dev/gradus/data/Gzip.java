package dev.gradus.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Transparent gzip: readers look at the first two bytes (0x1f 0x8b), not at the file name. */
final class Gzip {
    private Gzip() {}

    static InputStream maybeDecompress(InputStream in) throws IOException {
        InputStream marked = in.markSupported() ? in : new BufferedInputStream(in);
        marked.mark(2);
        int b0 = marked.read(), b1 = marked.read();
        marked.reset();
        if (b0 == 0x1f && b1 == 0x8b) return new BufferedInputStream(new GZIPInputStream(marked, 1 << 16), 1 << 16);
        return marked;
    }
}
