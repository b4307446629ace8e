package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keras's dataset {@code .npz} files ({@code imdb.npz}, {@code reuters.npz}, the housing data):
 * numeric arrays through {@link Npy}, and the object arrays of integer lists that hold the word
 * sequences, which NumPy stores as pickles, through the data-only {@link Pickle} reader. Each member
 * is read whole (bounded by {@link #MAX_MEMBER_BYTES}) before it is parsed.
 */
final class KerasNpz {
    /** Keras's largest npz member (imdb's x_train) is about 30 MB. */
    static final long MAX_MEMBER_BYTES = 1L << 30;

    private KerasNpz() {}

    /** The arrays of an npz file by name: a {@link Tensor} for numeric arrays, a {@code List<int[]>} for object arrays of sequences. */
    static Map<String, Object> read(Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                if (e.isDirectory()) continue;
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                String source = file + "!" + e.getName();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes((int) MAX_MEMBER_BYTES + 1);
                }
                if (bytes.length > MAX_MEMBER_BYTES) throw new IOException(source + " inflates to more than " + MAX_MEMBER_BYTES + " bytes");
                out.put(name, array(bytes, source));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** One {@code .npy} member: an object array of sequences, or a numeric tensor. */
    static Object array(byte[] bytes, String source) throws IOException {
        int headerEnd = headerEnd(bytes, source);
        String header = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
        if (!header.contains("'|O'")) return Npy.read(new ByteArrayInputStream(bytes), source);
        Object o = Pickle.load(bytes, headerEnd, source);
        if (!(o instanceof Pickle.NdArray a) || !(a.data instanceof List<?> items))
            throw new IOException(source + ": the pickled object array holds no list of items");
        List<int[]> sequences = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof List<?> seq)) throw new IOException(source + ": expected sequences (lists of integers), got a "
                    + (item == null ? "None" : item.getClass().getSimpleName()));
            int[] s = new int[seq.size()];
            for (int i = 0; i < s.length; i++) s[i] = Math.toIntExact(Pickle.asLong(seq.get(i), source));
            sequences.add(s);
        }
        return sequences;
    }

    /** The offset after an NPY header (magic, version, length, text). */
    private static int headerEnd(byte[] b, String source) throws IOException {
        if (b.length < 10 || (b[0] & 0xFF) != 0x93 || b[1] != 'N') throw new IOException(source + " is not an NPY array");
        int major = b[6] & 0xFF;
        long len = major == 1 ? (b[8] & 0xFF) | (b[9] & 0xFF) << 8
                : (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24;
        long end = (major == 1 ? 10 : 12) + len;
        if (end > b.length) throw new IOException(source + ": the NPY header runs past the end of the member");
        return (int) end;
    }
}
