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

    /**
     * {@code e} with {@code source} at the start of its message: the gzip layer's own failures
     * (an {@code EOFException} with no message, "Corrupt GZIP trailer") name no file.
     */
    static IOException naming(String source, IOException e) {
        if (String.valueOf(e.getMessage()).startsWith(source)) return e;
        return new IOException(source + ": damaged or truncated file (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
}
