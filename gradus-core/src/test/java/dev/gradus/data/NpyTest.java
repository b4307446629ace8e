package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    /** An .npy file as numpy writes it: magic, version, header length, dict, then the raw values. */
    static byte[] npy(int major, String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        int lenBytes = major == 1 ? 2 : 4;
        int total = 8 + lenBytes + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) b.putShort((short) header.length());
        else b.putInt(header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    static byte[] le(int width, double... values) {
        return bytes(ByteOrder.LITTLE_ENDIAN, width, false, values);
    }

    static byte[] bytes(ByteOrder order, int width, boolean floating, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * width).order(order);
        for (double v : values) {
            if (floating && width == 4) b.putFloat((float) v);
            else if (floating) b.putDouble(v);
            else if (width == 1) b.put((byte) v);
            else if (width == 2) b.putShort((short) v);
            else if (width == 4) b.putInt((int) v);
            else b.putLong((long) v);
        }
        return b.array();
    }

    static Tensor read(byte[] file) throws IOException {
        return Npy.read(new ByteArrayInputStream(file), "test.npy");
    }

    @Test
    void readsEachDtype() throws IOException {
        Tensor expected = Tensor.of(new float[] {1, -2, 3, 4, 5, -6}, 2, 3);
        double[] v = {1, -2, 3, 4, 5, -6};
        assertThat(read(npy(1, "<f4", false, "(2, 3)", bytes(ByteOrder.LITTLE_ENDIAN, 4, true, v)))).isEqualTo(expected);
        assertThat(read(npy(1, ">f4", false, "(2, 3)", bytes(ByteOrder.BIG_ENDIAN, 4, true, v)))).isEqualTo(expected);
        assertThat(read(npy(1, "<f8", false, "(2, 3)", bytes(ByteOrder.LITTLE_ENDIAN, 8, true, v)))).isEqualTo(expected);
        assertThat(read(npy(1, "|i1", false, "(2, 3)", le(1, v)))).isEqualTo(expected);
        assertThat(read(npy(1, "<i2", false, "(2, 3)", le(2, v)))).isEqualTo(expected);
        assertThat(read(npy(2, "<i4", false, "(2, 3)", le(4, v)))).isEqualTo(expected);
        assertThat(read(npy(3, ">i8", false, "(2, 3)", bytes(ByteOrder.BIG_ENDIAN, 8, false, v)))).isEqualTo(expected);
        assertThat(read(npy(1, "|u1", false, "(3,)", le(1, 0, 200, 255)))).isEqualTo(Tensor.of(new float[] {0, 200, 255}, 3));
        assertThat(read(npy(1, "<u2", false, "(2,)", le(2, 65535, 7)))).isEqualTo(Tensor.of(new float[] {65535, 7}, 2));
        assertThat(read(npy(1, "<u4", false, "(1,)", le(4, -1)))).isEqualTo(Tensor.of(new float[] {4294967295f}, 1));
        assertThat(read(npy(1, "<u8", false, "(1,)", le(8, -1)))).isEqualTo(Tensor.of(new float[] {1.8446744e19f}, 1));
        assertThat(read(npy(1, "|b1", false, "(2,)", le(1, 1, 0)))).isEqualTo(Tensor.of(new float[] {1, 0}, 2));
        assertThat(read(npy(1, "<f4", false, "()", le(4, Float.floatToIntBits(2.5f))))).isEqualTo(Tensor.scalar(2.5));
        assertThat(read(npy(1, "<f4", false, "(0, 3)", new byte[0])).shape().dims()).containsExactly(0, 3);
    }

    @Test
    void readsHalfPrecision() throws IOException {
        // 1.0, -2.0, 65504 (max half), 2^-24 (smallest subnormal), +inf, NaN
        byte[] half = bytes(ByteOrder.LITTLE_ENDIAN, 2, false, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x7E00);
        float[] got = read(npy(1, "<f2", false, "(6,)", half)).toFloatArray();
        assertThat(got[0]).isEqualTo(1f);
        assertThat(got[1]).isEqualTo(-2f);
        assertThat(got[2]).isEqualTo(65504f);
        assertThat(got[3]).isEqualTo(0x1p-24f);
        assertThat(got[4]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(got[5]).isNaN();
    }

    @Test
    void fortranOrderIsTransposedToRowMajor() throws IOException {
        // the (2, 3) array [[1, 2, 3], [4, 5, 6]] stored column by column
        Tensor t = read(npy(1, "<f4", true, "(2, 3)", bytes(ByteOrder.LITTLE_ENDIAN, 4, true, 1, 4, 2, 5, 3, 6)));
        assertThat(t).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        // rank 3: element (i, j, k) at i + 2 j + 4 k
        double[] col = new double[2 * 2 * 3];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 3; k++) col[i + 2 * j + 4 * k] = 100 * i + 10 * j + k;
        Tensor t3 = read(npy(1, "<f4", true, "(2, 2, 3)", bytes(ByteOrder.LITTLE_ENDIAN, 4, true, col)));
        assertThat(t3.get(1, 0, 2)).isEqualTo(102f);
        assertThat(t3.get(0, 1, 1)).isEqualTo(11f);
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Tensor x = Tensor.randomNormal(3, 4, 5, 2);
        Path f = dir.resolve("x.npy");
        Npy.write(f, x);
        assertThat(Npy.read(f)).isEqualTo(x);
        byte[] file = Files.readAllBytes(f);
        assertThat((file.length - 4 * x.size()) % 64).isZero();   // values start on a 64-byte boundary, as numpy writes
        assertThat(new String(file, 10, 64, StandardCharsets.ISO_8859_1))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 5, 2), }");
        Npy.write(f, Tensor.of(new float[] {7}, 1));
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).contains("'shape': (1,), }");
        assertThat(Npy.read(f)).isEqualTo(Tensor.of(new float[] {7}, 1));
    }

    @Test
    void readsNpzArchives() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("x_train.npy"));
            Npy.write(zip, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
            zip.putNextEntry(new ZipEntry("y_train.npy"));
            zip.write(npy(1, "|u1", false, "(2,)", le(1, 5, 9)));
        }
        Path f = Files.write(dir.resolve("data.npz"), bytes.toByteArray());
        Map<String, Tensor> arrays = Npy.readNpz(f);
        assertThat(arrays.keySet()).containsExactly("x_train", "y_train");
        assertThat(arrays.get("y_train")).isEqualTo(Tensor.of(new float[] {5, 9}, 2));
        assertThat(arrays.get("x_train").get(1, 0)).isEqualTo(3f);
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> read(npy(1, "|O", false, "(2,)", new byte[16])))
                .hasMessageContaining("object array").hasMessageContaining("never loads");
        assertThatThrownBy(() -> read(npy(1, "<c8", false, "(1,)", new byte[8]))).hasMessageContaining("'<c8' is not supported");
        assertThatThrownBy(() -> read(npy(1, "<f4", false, "(2, 3)", new byte[20])))
                .hasMessageContaining("shape (2, 3) of '<f4' needs 24 bytes of values but the file ends after 20");
        assertThatThrownBy(() -> read("PK\u0003\u0004zip".getBytes(StandardCharsets.ISO_8859_1)))
                .hasMessageContaining("test.npy is not an NPY file");
        byte[] v9 = npy(1, "<f4", false, "(1,)", new byte[4]);
        v9[6] = 9;
        assertThatThrownBy(() -> read(v9)).hasMessageContaining("version 9.0 is not supported");
        assertThatThrownBy(() -> Npy.read(dir.resolve("nope.npy"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.npy");
        assertThatThrownBy(() -> Npy.write(dir.resolve("a.npy"), null)).hasMessageContaining("x must not be null");
    }
}
