package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #18 item 5: malformed NPY and IDX headers fail with the file named, never with a runtime exception of Java's. */
class HostileInputTest {
    @TempDir Path dir;

    private static byte[] npy(String header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >>> 8)});
        out.writeBytes(h);
        return out.toByteArray();
    }

    @Test
    void anEightByteNpyFileIsRefused() throws IOException {
        Path f = Files.write(dir.resolve("eight.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("bad NPY header length");
    }

    @Test
    void anNpyShapeWhoseProductOverflowsIsRefused() throws IOException {
        // 2^32 * 2^32 wraps to 0 in long arithmetic; 65536^4 = 2^64 too
        for (String shape : new String[] {"(4294967296, 4294967296)", "(2000000000, 2000000000, 8)", "(65536, 65536, 65536, 65536)"}) {
            Path f = Files.write(dir.resolve("big.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }\n"));
            assertThatThrownBy(() -> Npy.read(f)).as(shape).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(f.toString()).hasMessageMatching("(?s).*(bad shape|more than).*");
        }
        // a zero anywhere makes an empty array, however large the other dimensions
        Path empty = Files.write(dir.resolve("empty.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2000000000, 2000000000), }\n"));
        assertThat(Npy.read(empty).shape().dims()).containsExactly(0, 2000000000, 2000000000);
    }

    @Test
    void anNpyDtypeWithANegativeWidthIsRefused() throws IOException {
        Path f = Files.write(dir.resolve("neg.npy"), npy("{'descr': '<f-4', 'fortran_order': False, 'shape': (3,), }\n"));
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("dtype '<f-4' is not supported");
    }

    @Test
    void anIdxShapeWhoseProductOverflowsIsRefused() throws IOException {
        // rank 4, each dimension 2^16: 2^64 values wrap to 0; rank 3 of 2^31-1: a huge positive count
        for (int[] dims : new int[][] {{65536, 65536, 65536, 65536}, {Integer.MAX_VALUE, Integer.MAX_VALUE, 3}}) {
            Path f = Files.write(dir.resolve("big-idx3-ubyte"), DataFiles.idxUbyte(dims, new byte[0]));
            assertThatThrownBy(() -> Idx.read(f)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining("more than one Java array can hold");
        }
    }

    @Test
    void truncatedAndDamagedIdxAndNpyFilesFailWithTheFileNamedAtEveryOffset() throws IOException {
        byte[] idx = DataFiles.idxUbyte(new int[] {2, 3}, new byte[] {1, 2, 3, 4, 5, 6});
        ByteArrayOutputStream npyBytes = new ByteArrayOutputStream();
        Npy.write(npyBytes, Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        for (byte[] good : new byte[][] {idx, DataFiles.gzip(idx), npyBytes.toByteArray()}) {
            boolean isNpy = good == npyBytes.toByteArray() || good[0] == (byte) 0x93;
            for (int cut = 0; cut <= good.length; cut++) {
                for (int flip : new int[] {0, 0x01, 0x80}) {
                    byte[] damaged = java.util.Arrays.copyOf(good, cut);
                    if (flip != 0 && cut > 0) damaged[cut - 1] ^= (byte) flip;
                    String source = "damaged-" + cut;
                    try {
                        Tensor t = isNpy ? Npy.read(new ByteArrayInputStream(damaged), source) : Idx.read(new ByteArrayInputStream(damaged), source);
                        assertThat(t.size()).isLessThanOrEqualTo(6 * 256 * 256);
                    } catch (IOException e) {
                        assertThat(e.getMessage()).as("cut %d flip %x", cut, flip).contains(source);
                    }
                }
            }
        }
    }
}
