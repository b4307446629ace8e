package dev.gradus.data;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Decode;
import dev.gradus.util.Check;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * NumPy's {@code .npy} format (versions 1, 2 and 3) and {@code .npz} archives of them, read into
 * float32 tensors. Numeric and boolean dtypes in either byte order are read, and Fortran-ordered
 * arrays are transposed into row-major order. Object arrays ({@code |O}) are refused: they hold
 * pickles, and reading a pickle runs code from the file. {@link #write} stores {@code <f4}, version 1.0.
 *
 * <p>A file is untrusted data: a malformed or hostile one (a short header, a shape whose product
 * overflows, an unsupported dtype) fails with an {@link java.io.IOException} whose message starts with
 * the file's name ({@link java.io.UncheckedIOException} from the {@code Path} forms), never with another
 * exception; a fuzz suite ({@code ReadersFuzzTest}) holds the readers to that.
 */
public final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public static Tensor read(Path file) {
        Check.notNull("file", file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Npy.read: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One array from {@code in}; {@code source} names it in errors. Reads exactly the array's bytes. */
    public static Tensor read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !java.util.Arrays.equals(magic, 0, 6, MAGIC, 0, 6)) throw new IOException(source
                + " is not an NPY file: it should start with \\x93NUMPY, got " + Idx.hex(magic));
        int major = magic[6] & 0xFF;
        int lenBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new IOException(source + ": NPY format version " + major + "." + (magic[7] & 0xFF)
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        };
        byte[] len = in.readNBytes(lenBytes);
        if (len.length < lenBytes) throw new IOException(source + ": bad NPY header length: the file ends after "
                + (8 + len.length) + " bytes, inside the " + lenBytes + "-byte header length");
        long headerLen = 0;
        for (int i = lenBytes - 1; i >= 0; i--) headerLen = (headerLen << 8) | (len[i] & 0xFF);
        if (headerLen > 1 << 20) throw new IOException(source + ": bad NPY header length");
        byte[] headerBytes = in.readNBytes((int) headerLen);
        if (headerBytes.length < headerLen) throw new IOException(source + ": the file ends inside its NPY header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = find(DESCR, header, "descr", source);
        boolean fortran = find(FORTRAN, header, "fortran_order", source).equals("True");
        int[] dims = parseShape(find(SHAPE, header, "shape", source), source);
        long count = Idx.count(dims, source);

        char order = descr.isEmpty() ? '?' : descr.charAt(0);
        String kind = descr.length() > 1 ? descr.substring(1) : "";
        if (descr.contains("O")) throw new IOException(source + ": dtype '" + descr + "' is an object array (pickled"
                + " Python objects), which Gradus never loads; save a numeric array instead");
        if ("<>|=".indexOf(order) < 0 || kind.length() < 2) throw new IOException(source + ": dtype '" + descr
                + "' is not supported; expected a numeric or boolean dtype such as '<f4', '<i8' or '|u1'");
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int width;
        try {
            width = Integer.parseInt(kind.substring(1));
        } catch (NumberFormatException e) {
            throw new IOException(source + ": dtype '" + descr + "' is not supported", e);
        }
        if (width != 1 && width != 2 && width != 4 && width != 8) throw new IOException(source + ": dtype '" + descr
                + "' is not supported; expected values of 1, 2, 4 or 8 bytes");
        if (count * width > Integer.MAX_VALUE - 8) throw new IOException(source + ": shape " + Shape.format(dims)
                + " holds " + count + " values, more than one Java array can hold");
        int n = (int) count;
        byte[] bytes = in.readNBytes(n * width);
        if (bytes.length < n * width) throw new IOException(source + ": shape " + Shape.format(dims) + " of '" + descr
                + "' needs " + (long) n * width + " bytes of values but the file ends after " + bytes.length);
        float[] values = switch (kind) {
            case "f2" -> Decode.float16(bytes, 0, n, bo);
            case "f4" -> Decode.float32(bytes, 0, n, bo);
            case "f8" -> Decode.float64(bytes, 0, n, bo);
            case "u1", "b1" -> Decode.unsignedBytes(bytes, 0, n);
            case "i1" -> Decode.signedBytes(bytes, 0, n);
            case "i2", "u2" -> Decode.int16(bytes, 0, n, bo, kind.charAt(0) == 'u');
            case "i4", "u4" -> Decode.int32(bytes, 0, n, bo, kind.charAt(0) == 'u');
            case "i8", "u8" -> Decode.int64(bytes, 0, n, bo, kind.charAt(0) == 'u');
            default -> throw new IOException(source + ": dtype '" + descr + "' is not supported; expected a float"
                    + " (f2, f4, f8), integer (i1-i8, u1-u8) or boolean (b1) dtype");
        };
        if (!fortran || dims.length < 2) return Tensor.wrap(values, Shape.of(dims));
        // column-major bytes are the row-major bytes of the reversed shape
        int[] reversed = new int[dims.length];
        for (int i = 0; i < dims.length; i++) reversed[i] = dims[dims.length - 1 - i];
        Idx.count(reversed, source); // with a zero, the reversed order's prefix products can still overflow
        return Ops.transpose(Tensor.wrap(values, Shape.of(reversed)));
    }

    /** The arrays of an {@code .npz} archive (compressed or not), by name without {@code .npy}, in archive order. */
    public static Map<String, Tensor> readNpz(Path file) {
        Check.notNull("file", file);
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                if (e.isDirectory()) continue;
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
                    out.put(name, read(in, file + "!" + e.getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Npy.readNpz: cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    public static void write(Path file, Tensor x) {
        Check.notNull("file", file);
        Check.notNull("x", x);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, x);
        } catch (IOException e) {
            throw new UncheckedIOException("Npy.write: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code x} as a version 1.0 {@code <f4} C-order array. Does not close {@code out}. */
    public static void write(OutputStream out, Tensor x) throws IOException {
        int[] dims = Check.notNull("x", x).shape().dims();
        StringBuilder shape = new StringBuilder("(");
        for (int d : dims) shape.append(d).append(dims.length == 1 ? "," : ", ");
        if (dims.length > 1) shape.setLength(shape.length() - 2);
        shape.append(")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        // numpy pads the header with spaces so that the data starts on a 64-byte boundary, ending in '\n'
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(new byte[] {1, 0, (byte) header.length(), (byte) (header.length() >>> 8)});
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(Decode.float32Bytes(x.toFloatArray(), ByteOrder.LITTLE_ENDIAN));
    }

    private static String find(Pattern p, String header, String key, String source) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(source + ": the NPY header has no readable '" + key + "' entry: " + header.trim());
        return m.group(1);
    }

    private static int[] parseShape(String text, String source) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            if (s.endsWith("L")) s = s.substring(0, s.length() - 1);   // Python 2 longs
            try {
                int d = Integer.parseInt(s);
                if (d < 0) throw new NumberFormatException();
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": bad shape (" + text + ") in the NPY header");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
