package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    @Test
    void readsUnsignedBytesPlainAndGzipped() throws IOException {
        byte[] pixels = {0, 1, 127, (byte) 128, (byte) 200, (byte) 255};
        byte[] raw = DataFiles.idxUbyte(new int[] {1, 2, 3}, pixels);
        Tensor expected = Tensor.of(new float[] {0, 1, 127, 128, 200, 255}, 1, 2, 3);
        Path plain = Files.write(dir.resolve("images-idx3-ubyte"), raw);
        Path gz = Files.write(dir.resolve("images-idx3-ubyte.gz"), DataFiles.gzip(raw));
        Path gzNoSuffix = Files.write(dir.resolve("also-gzip"), DataFiles.gzip(raw));
        assertThat(Idx.read(plain)).isEqualTo(expected);
        assertThat(Idx.read(gz)).isEqualTo(expected);
        assertThat(Idx.read(gzNoSuffix)).isEqualTo(expected);
    }

    @Test
    void readsMnistShapedLabels() throws IOException {
        byte[] labels = new byte[1000];
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) (i % 10);
        Tensor t = Idx.read(new ByteArrayInputStream(DataFiles.gzip(DataFiles.idxUbyte(new int[] {1000}, labels))), "labels");
        assertThat(t.shape().dims()).containsExactly(1000);
        assertThat(t.get(997)).isEqualTo(7f);
    }

    @Test
    void readsTheWiderBigEndianTypes() throws IOException {
        assertThat(read(0x09, new int[] {3}, out -> { out.writeByte(-5); out.writeByte(0); out.writeByte(127); }))
                .isEqualTo(Tensor.of(new float[] {-5, 0, 127}, 3));
        assertThat(read(0x0B, new int[] {2}, out -> { out.writeShort(-300); out.writeShort(1000); }))
                .isEqualTo(Tensor.of(new float[] {-300, 1000}, 2));
        assertThat(read(0x0C, new int[] {2}, out -> { out.writeInt(-70000); out.writeInt(16777216); }))
                .isEqualTo(Tensor.of(new float[] {-70000, 16777216}, 2));
        assertThat(read(0x0D, new int[] {2, 1}, out -> { out.writeFloat(1.5f); out.writeFloat(-0.25f); }))
                .isEqualTo(Tensor.of(new float[] {1.5f, -0.25f}, 2, 1));
        assertThat(read(0x0E, new int[] {1}, out -> out.writeDouble(0.1)))
                .isEqualTo(Tensor.of(new float[] {0.1f}, 1));
    }

    @Test
    void rejectsBrokenFiles() throws IOException {
        byte[] good = DataFiles.idxUbyte(new int[] {2, 2}, new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 1)), "t.idx"))
                .hasMessageContaining("t.idx: shape (2, 2) needs 4 bytes of values but the file ends after 3");
        assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length + 1)), "t.idx"))
                .hasMessageContaining("bytes after the 4 values");
        byte[] csv = "1,2,3\n".getBytes();
        assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(csv), "data.csv"))
                .hasMessageContaining("data.csv is not an IDX file").hasMessageContaining("31 2c 32 2c");
        byte[] badType = good.clone();
        badType[2] = 0x07;
        assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(badType), "t.idx")).hasMessageContaining("unknown IDX type code 0x7");
        assertThatThrownBy(() -> Idx.read(dir.resolve("missing.gz")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.gz");
        assertThatThrownBy(() -> Idx.read((Path) null)).hasMessageContaining("file must not be null");
    }

    interface Body { void write(DataOutputStream out) throws IOException; }

    private static Tensor read(int type, int[] dims, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) out.writeInt(d);
        body.write(out);
        return Idx.read(new ByteArrayInputStream(bytes.toByteArray()), "test");
    }
}
