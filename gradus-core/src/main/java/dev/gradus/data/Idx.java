package dev.gradus.data;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Decode;
import dev.gradus.util.Check;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The IDX format of MNIST and Fashion-MNIST: two zero bytes, a type code, the number of
 * dimensions, one big-endian int32 per dimension, then the values, big-endian. Files may be
 * gzip-compressed (recognised by their first bytes, not their name). Values come back as float32
 * as stored (MNIST pixels 0-255, labels 0-9).
 *
 * <p>A malformed file (a short header, dimensions whose product overflows, a damaged gzip stream)
 * fails with an {@link IOException} whose message starts with the file's name
 * ({@link UncheckedIOException} from {@link #read(Path)}), never with another exception.
 */
public final class Idx {
    private Idx() {}

    public static Tensor read(Path file) {
        Check.notNull("file", file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Idx.read: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads one IDX array from {@code in} (gzip or plain); {@code source} names it in errors. */
    public static Tensor read(InputStream in, String source) throws IOException {
        try {
            return readChecked(in, source);
        } catch (IOException e) {
            throw Gzip.naming(source, e);
        }
    }

    private static Tensor readChecked(InputStream in, String source) throws IOException {
        InputStream data = Gzip.maybeDecompress(new BufferedInputStream(in, 1 << 16));
        byte[] head = data.readNBytes(4);
        if (head.length < 4 || head[0] != 0 || head[1] != 0) throw new IOException(source + " is not an IDX file: it should"
                + " start with two zero bytes, a type code and a rank, got " + hex(head));
        int type = head[2] & 0xFF, rank = head[3] & 0xFF;
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new IOException(source + ": unknown IDX type code 0x" + Integer.toHexString(type)
                    + "; expected 0x08 (ubyte), 0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)");
        };
        byte[] dimBytes = data.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) throw new IOException(source + ": the file ends inside its header (" + rank + " dimensions)");
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (dims[i] < 0) throw new IOException(source + ": dimension " + i + " is negative (" + dims[i] + ")");
        }
        long count = count(dims, source);
        if (count * width > Integer.MAX_VALUE - 8) throw new IOException(source + ": shape " + Shape.format(dims)
                + " holds " + count + " values, more than one Java array can hold");
        int n = (int) count;
        byte[] bytes = data.readNBytes(n * width);
        if (bytes.length < n * width) throw new IOException(source + ": shape " + Shape.format(dims) + " needs "
                + (long) n * width + " bytes of values but the file ends after " + bytes.length);
        if (data.read() != -1) throw new IOException(source + ": the file has bytes after the " + n
                + " values of shape " + Shape.format(dims));
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        float[] values = switch (type) {
            case 0x08 -> Decode.unsignedBytes(bytes, 0, n);
            case 0x09 -> Decode.signedBytes(bytes, 0, n);
            case 0x0B -> Decode.int16(bytes, 0, n, be, false);
            case 0x0C -> Decode.int32(bytes, 0, n, be, false);
            case 0x0D -> Decode.float32(bytes, 0, n, be);
            default -> Decode.float64(bytes, 0, n, be);
        };
        return Tensor.wrap(values, Shape.of(dims));
    }

    /**
     * The number of values of a shape read from a file header; a product past what any array holds
     * (which in {@code long} arithmetic could wrap to a small or negative count) is refused.
     */
    static long count(int[] dims, String source) throws IOException {
        long count = 1;
        for (int d : dims) {
            count *= d;
            // step by step, as Shape checks it: a zero after an overflowing prefix is refused there too
            if (count > Integer.MAX_VALUE) throw new IOException(source + ": shape " + Shape.format(dims) + " holds more than "
                    + Integer.MAX_VALUE + " values, more than one Java array can hold");
        }
        return count;
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append(String.format("%02x ", b & 0xFF));
        return bytes.length == 0 ? "an empty file" : s.toString().trim();
    }
}
