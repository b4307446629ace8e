package dev.gradus.saving;

import dev.gradus.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.WritableGroupImpl;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayout;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

/**
 * Reads and writes Keras weights files with jHDF (pure Java).
 *
 * <p>Writing drives jHDF's writable groups directly instead of {@code HdfFile.write(path)}: jHDF
 * 0.9.4–0.13.0 append their closing info block at the file channel's position, which is the end of
 * the last dataset written, not the end of the file; a group written after a dataset (Keras's
 * {@code layers/dense_1} after {@code layers/dense/vars/1}, or the empty root {@code vars}) is
 * overwritten and h5py reports "bad object header version number". Here the superblock records the
 * end address the root group's write returns, and nothing is appended.
 */
final class H5 {
    private static final long HDF5_SIGNATURE = 0x894844460d0a1a0aL;

    private H5() {}

    /** Writes {@code root} to {@code target}, replacing its content (callers pass a temporary file). */
    static void write(H5Group root, Path target) {
        WritableGroupImpl jroot = new WritableGroupImpl(null, "/");
        fill(root, jroot, "");
        try (FileChannel fc = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ)) {
            Superblock.SuperblockV2V3 superblock = new Superblock.SuperblockV2V3();
            HdfFileChannel channel = new HdfFileChannel(fc, superblock);
            long end = jroot.write(channel, WritableHdfFile.ROOT_GROUP_ADDRESS);
            channel.write(superblock.toBuffer(end), 0L);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write HDF5 file " + target + ": " + e.getMessage(), e);
        }
    }

    private static void fill(H5Group g, WritableGroup out, String path) {
        if (g.nameAttribute() != null) out.putAttribute("name", g.nameAttribute());
        for (Map.Entry<String, Object> d : g.datasets().entrySet()) {
            String where = path + "/" + d.getKey();
            out.putDataset(d.getKey(), d.getValue() instanceof Long l ? l : javaArray((Tensor) d.getValue(), where));
        }
        for (Map.Entry<String, H5Group> c : g.groups().entrySet()) fill(c.getValue(), out.putGroup(c.getKey()), path + "/" + c.getKey());
    }

    /** A float32 tensor as the nested Java array jHDF writes (a boxed Float for a scalar). */
    private static Object javaArray(Tensor t, String where) {
        float[] flat = t.toFloatArray();
        int[] dims = t.shape().dims();
        if (dims.length == 0) return flat[0];
        if (flat.length == 0) throw new IllegalArgumentException("Cannot write weight " + where + " of shape "
                + t.shape() + ": it has no elements, and the HDF5 writer (jHDF) cannot store an empty dataset");
        Object array = Array.newInstance(float.class, dims);
        int[] pos = {0};
        copyInto(array, flat, pos);
        return array;
    }

    private static void copyInto(Object array, float[] flat, int[] pos) {
        if (array instanceof float[] row) {
            System.arraycopy(flat, pos[0], row, 0, row.length);
            pos[0] += row.length;
        } else {
            for (Object sub : (Object[]) array) copyInto(sub, flat, pos);
        }
    }

    /** Whether {@code bytes} start with the HDF5 signature {@code \x89HDF\r\n\x1a\n}. */
    static boolean isHdf5(byte[] bytes) {
        if (bytes.length < 8) return false;
        long sig = 0;
        for (int i = 0; i < 8; i++) sig = (sig << 8) | (bytes[i] & 0xff);
        return sig == HDF5_SIGNATURE;
    }

    /** Deeper than this, a group nesting is refused: Keras's deepest layouts (nested models) use about a dozen levels. */
    static final int MAX_DEPTH = 64;
    /** More groups and datasets than this are refused: a large Keras model has a few thousand. */
    static final int MAX_OBJECTS = 200_000;

    /** A refusal of ours, passed on as it is (jHDF's own exceptions are wrapped with the file's name). */
    private static final class Refused extends IllegalArgumentException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Reads a weights file. Datasets must be float32 arrays or integer/float scalars, and their
     * declared size must agree with their type, their shape and the file's length before anything is
     * allocated; anything else is refused. The group graph is walked iteratively (no recursion that a
     * deep file could overflow), down to {@link #MAX_DEPTH} levels, and an object reached twice (a
     * hard link back to an ancestor makes a cycle; Keras never links one object from two places) is
     * refused. tf.keras 2.x group names with backslashes ({@code layers\dense}) are split into nested
     * groups. Every failure is an {@link IllegalArgumentException} that starts with {@code what}.
     */
    static H5Group read(byte[] bytes, String what) {
        if (!isHdf5(bytes)) throw new Refused(what + " is not an HDF5 file: expected the HDF5 signature \\x89HDF\\r\\n\\x1a\\n, found "
                + (bytes.length < 8 ? "a file of " + bytes.length + " bytes" : "other bytes"));
        try (HdfFile file = HdfFile.fromBytes(bytes)) {
            return walk(file, bytes.length, what);
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // jHDF's own exceptions (IllegalArgumentException, HdfException, BufferUnderflowException, NPEs on
            // damaged structures) and, as a last guard, a recursion of jHDF's on a hostile structure
            throw new IllegalArgumentException(what + " is damaged or not a Keras weights file: expected an HDF5 file"
                    + " of groups and float32 datasets, but the HDF5 reader failed with " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    private record Pending(Group in, H5Group out, String path, int depth) {}

    private static H5Group walk(HdfFile file, long fileLength, String what) {
        H5Group root = new H5Group();
        Set<Long> seen = new HashSet<>();
        seen.add(file.getAddress());
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(file, root, "", 0));
        long[] dataBytes = {0};
        int objects = 0;
        while (!todo.isEmpty()) {
            Pending p = todo.pop();
            Attribute name = p.in().getAttribute("name");
            if (name != null && name.getData() instanceof String s) p.out().nameAttribute(s);
            for (Node child : p.in().getChildren().values()) {
                String where = p.path() + "/" + child.getName();
                if (++objects > MAX_OBJECTS) throw new Refused(what + ": more than " + MAX_OBJECTS
                        + " groups and datasets (at " + where + "); Keras weights files hold far fewer");
                if (child.isLink()) throw new Refused(what + ": " + where + " is a soft or external link;"
                        + " expected only groups and datasets, as Keras writes");
                if (!seen.add(child.getAddress())) throw new Refused(what + ": " + where + " links to an object"
                        + " already read (address " + child.getAddress() + "): a cycle or a shared object, which Keras never writes");
                String[] parts = child.getName().split("\\\\");
                H5Group target = p.out();
                for (int i = 0; i < parts.length - 1; i++) target = target.group(parts[i]);
                String leaf = parts[parts.length - 1];
                if (child instanceof Dataset d) {
                    target.put(leaf, readDataset(d, where, what, fileLength, dataBytes));
                } else if (child instanceof Group g) {
                    int depth = p.depth() + parts.length;
                    if (depth > MAX_DEPTH) throw new Refused(what + ": groups nested deeper than " + MAX_DEPTH
                            + " levels (at " + where.substring(0, Math.min(where.length(), 200)) + "...); Keras weights files nest a few levels");
                    todo.push(new Pending(g, target.group(leaf), where, depth));
                } else {
                    throw new Refused(what + ": unsupported HDF5 object at " + where + "; expected a group or a dataset");
                }
            }
        }
        return root;
    }

    private static Object readDataset(Dataset d, String where, String what, long fileLength, long[] dataBytes) {
        int[] dims = d.getDimensions();
        long count = 1;
        for (int x : dims) {
            if (x < 0) throw new Refused(what + ": dataset " + where + " has a negative dimension in its shape " + Arrays.toString(dims));
            count = multiply(count, x, where, what);
        }
        int elementSize = d.getDataType().getSize();
        if (elementSize < 1 || elementSize > 16) throw new Refused(what + ": dataset " + where + " has values of "
                + elementSize + " bytes; expected 4-byte floats or integer scalars");
        // Keras (h5py's create_dataset without options) writes contiguous datasets (small ones may be
        // compact); chunked ones could carry filters and decompress to any size, so they are not read
        DataLayout layout = d.getDataLayout();
        if (layout != DataLayout.CONTIGUOUS && layout != DataLayout.COMPACT) throw new Refused(what + ": dataset " + where
                + " is " + String.valueOf(layout).toLowerCase(java.util.Locale.ROOT) + "; Keras weights files hold contiguous datasets only");
        long needed = multiply(count, elementSize, where, what);
        // every claim is checked against the bytes that are really there before jHDF allocates for it
        if (needed > fileLength) throw new Refused(what + ": dataset " + where + " of shape " + Arrays.toString(dims)
                + " needs " + needed + " bytes of data, but the whole file has " + fileLength);
        if (count > 0 && d.getStorageInBytes() != needed) throw new Refused(what + ": dataset " + where + " declares "
                + d.getStorageInBytes() + " bytes of data, but its shape " + Arrays.toString(dims) + " of " + elementSize
                + "-byte values needs " + needed);
        dataBytes[0] += needed;
        if (dataBytes[0] > fileLength) throw new Refused(what + ": its datasets claim " + dataBytes[0]
                + " bytes of data in all (at " + where + "), more than the whole file's " + fileLength + "; datasets overlap");
        boolean floating = d.getDataType() instanceof FloatingPoint, fixed = d.getDataType() instanceof FixedPoint;
        if (floating && elementSize == 4) {
            Object flat = d.isScalar() ? new float[] {(Float) d.getData()} : d.getDataFlat();
            float[] values = (float[]) flat;
            if (values.length != count) throw new Refused(what + ": dataset " + where + " holds "
                    + values.length + " values, its shape " + Arrays.toString(dims) + " declares " + count);
            return Tensor.of(values, dims);
        }
        if (d.isScalar() && (fixed || floating) && d.getData() instanceof Number n)
            return fixed ? (Object) n.longValue() : Tensor.of(new float[] {n.floatValue()});
        throw new Refused(what + ": dataset " + where + " has type " + d.getDataType().getClass().getSimpleName()
                + " (" + elementSize + " bytes) and shape " + Arrays.toString(dims)
                + "; Keras weights are float32 arrays or integer scalars");
    }

    private static long multiply(long a, long b, String where, String what) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new Refused(what + ": dataset " + where + " declares more than 2^63 bytes");
        }
    }
}
