package dev.gradus.saving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18's hostile files, each built here: loading refuses them with an
 * {@link IllegalArgumentException} that names the file, before any large allocation, and never
 * with an {@link Error} or another exception.
 */
class HostileFilesTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        Sequential m = SavingRoundTripTest.mlp(2);
        SavingRoundTripTest.compile(m);
        return m;
    }

    private Path saved(String name) {
        Path file = dir.resolve(name);
        model().save(file);
        return file;
    }

    /** A weights file with one group under {@code layers} whose link we can find by its name. */
    private static byte[] smallWeightsFile(Path dir) throws IOException {
        H5Group root = new H5Group();
        root.group("layers").group("zz_cycle_here").group("vars").put("0", Tensor.of(new float[] {1.5f, 2.5f, 3.5f}));
        Path f = dir.resolve("small.weights.h5");
        H5.write(root, f);
        return Files.readAllBytes(f);
    }

    // ---------------------------------------------------------------- 1. cycles and depth

    @Test
    void aHardLinkBackToTheRootIsRefusedAsACycle() throws IOException {
        byte[] bytes = smallWeightsFile(dir);
        int at = Hdf5Surgery.linkAddressOffset(bytes, "zz_cycle_here");
        long root;
        try (io.jhdf.HdfFile h = io.jhdf.HdfFile.fromBytes(bytes)) {
            root = h.getAddress();
            assertThat(Hdf5Surgery.readLong(bytes, at)).isEqualTo(h.getByPath("layers/zz_cycle_here").getAddress());
        }
        Hdf5Surgery.writeLong(bytes, at, root);
        Hdf5Surgery.fixChecksum(bytes, at);
        Path file = ArchiveFiles.write(dir.resolve("cycle.weights.h5"), bytes);

        assertThatThrownBy(() -> Saving.loadWeights(model(), file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("/layers/zz_cycle_here")
                .hasMessageContaining("a cycle or a shared object");
    }

    @Test
    void groupsNestedThreeThousandDeepAreRefusedWithoutRecursion() throws IOException {
        H5Group root = new H5Group();
        H5Group g = root;
        for (int i = 0; i < 3000; i++) g = g.group("g");
        g.put("0", Tensor.of(new float[] {1f}));
        Path file = dir.resolve("deep.weights.h5");
        H5.write(root, file);

        assertThatThrownBy(() -> Saving.loadWeights(model(), file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("nested deeper than " + H5.MAX_DEPTH + " levels");
        // a nesting within the bound reads
        H5Group ok = new H5Group();
        g = ok;
        for (int i = 0; i < H5.MAX_DEPTH - 1; i++) g = g.group("g");
        g.put("0", Tensor.of(new float[] {1f}));
        H5.write(ok, file);
        H5Group back = H5.read(Files.readAllBytes(file), "deep");
        assertThat(back.find("g/".repeat(H5.MAX_DEPTH - 1)).datasets()).containsKey("0");
    }

    // ---------------------------------------------------------------- 3. size claims

    @Test
    void aCompactDatasetClaimingTwoBillionFloatsIsRefusedBeforeAllocating() throws IOException {
        byte[] bytes = smallWeightsFile(dir);
        // dataspace message (version 2, rank 1, no max dims, simple) with dimension 3
        int space = Hdf5Surgery.indexOf(bytes, new byte[] {2, 1, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0}, 0);
        // layout message version 3, contiguous, then address and size 12
        int layout = Hdf5Surgery.indexOf(bytes, new byte[] {3, 1}, space);
        assertThat(space).isPositive();
        assertThat(Hdf5Surgery.readLong(bytes, layout + 10)).isEqualTo(12);
        int data = (int) Hdf5Surgery.readLong(bytes, layout + 2);
        byte[] values = java.util.Arrays.copyOfRange(bytes, data, data + 12);
        // compact: class 0, 2-byte size, the data inline
        bytes[layout + 1] = 0;
        bytes[layout + 2] = 12;
        bytes[layout + 3] = 0;
        System.arraycopy(values, 0, bytes, layout + 4, 12);
        Hdf5Surgery.fixChecksum(bytes, layout);
        byte[] honest = bytes.clone();
        assertThat(H5.read(honest, "compact").find("layers/zz_cycle_here/vars").datasets().get("0"))
                .isEqualTo(Tensor.of(new float[] {1.5f, 2.5f, 3.5f}));

        Hdf5Surgery.writeLong(bytes, space + 4, Integer.MAX_VALUE);
        Hdf5Surgery.fixChecksum(bytes, space);
        Path file = ArchiveFiles.write(dir.resolve("claim.weights.h5"), bytes);
        assertThatThrownBy(() -> Saving.loadWeights(model(), file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("needs " + 4L * Integer.MAX_VALUE + " bytes of data, but the whole file has " + bytes.length);
    }

    @Test
    void aConfigDeclaringMoreWeightsThanTheArchiveHoldsIsRefusedBeforeAllocating() {
        Path good = saved("m.keras");
        Map<String, byte[]> members = ArchiveFiles.members(good);
        Map<String, Object> config = Json.parseObject(new String(members.get("config.json"), StandardCharsets.UTF_8), "test");
        Map<String, Object> dense = layerConfig(config, 1);
        dense.put("units", 400_000_000);
        members.put("config.json", Json.write(config).getBytes(StandardCharsets.UTF_8));
        Path file = ArchiveFiles.write(dir.resolve("huge.keras"), ArchiveFiles.zip(members));

        assertThatThrownBy(() -> Models.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("weight 'kernel' of shape (4, 400000000)")
                .hasMessageContaining("refusing to allocate it");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layerConfig(Map<String, Object> model, int index) {
        List<Object> layers = (List<Object>) ((Map<String, Object>) model.get("config")).get("layers");
        return (Map<String, Object>) ((Map<String, Object>) layers.get(index)).get("config");
    }

    // ---------------------------------------------------------------- 2. zip bombs

    @Test
    void aConfigThatInflatesPastItsBoundIsRefusedWhileInflatingWhateverTheDirectorySays() throws IOException {
        byte[] config = ("{" + " ".repeat(12 << 20) + "}").getBytes(StandardCharsets.US_ASCII);
        Map<String, byte[]> members = ArchiveFiles.members(saved("m.keras"));
        members.put("config.json", config);
        byte[] zip = lieAboutSize(ArchiveFiles.zip(members), "config.json", 2);
        Path file = ArchiveFiles.write(dir.resolve("bomb.keras"), zip);
        assertThat(Files.size(file)).isLessThan(100_000);

        assertThatThrownBy(() -> Models.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("member 'config.json' inflates to more than "
                        + KerasArchive.MAX_JSON_BYTES + " bytes").hasMessageContaining("(the archive declares 2)");
    }

    @Test
    void aWeightsMemberLargerThanTheModelCanUseIsRefusedWhileInflating() throws IOException {
        Map<String, byte[]> members = ArchiveFiles.members(saved("m.keras"));
        byte[] weights = members.get("model.weights.h5");
        byte[] padded = java.util.Arrays.copyOf(weights, weights.length + (40 << 20));
        members.put("model.weights.h5", padded);
        byte[] zip = ArchiveFiles.zip(members);
        Path file = ArchiveFiles.write(dir.resolve("wbomb.keras"), zip);
        long bound = Saving.weightsBound(model());
        assertThatThrownBy(() -> Models.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("member 'model.weights.h5' declares "
                        + padded.length + " bytes; at most " + bound + " are expected for it");

        // the same member when the directory claims a small size: stopped while inflating
        Path lying = ArchiveFiles.write(dir.resolve("wbomb2.keras"), lieAboutSize(zip, "model.weights.h5", weights.length));
        assertThatThrownBy(() -> Models.load(lying)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(lying.toString()).hasMessageContaining("member 'model.weights.h5' inflates to more than "
                        + bound + " bytes");
        assertThatThrownBy(() -> Saving.loadWeights(model(), lying)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inflates to more than " + bound + " bytes");
    }

    /** Sets the uncompressed size that the central directory records for {@code member}. */
    private static byte[] lieAboutSize(byte[] zip, String member, int size) {
        byte[] name = member.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 46 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2
                    && java.util.Arrays.equals(zip, i + 46, i + 46 + name.length, name, 0, name.length)) {
                java.nio.ByteBuffer.wrap(zip, i + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(size);
                return zip;
            }
        }
        throw new IllegalArgumentException(member + " not in the central directory");
    }

    // ---------------------------------------------------------------- 4. corruption

    @Test
    void oneFlippedBitInTheWeightsIsRefusedByTheCrc() throws IOException {
        Path file = saved("m.keras");
        byte[] bytes = Files.readAllBytes(file);
        byte[] weights = ArchiveFiles.members(file).get("model.weights.h5");
        int start = Hdf5Surgery.indexOf(bytes, java.util.Arrays.copyOf(weights, 16), 0);
        // the last bytes of the member are float data (the optimizer's last slot)
        bytes[start + weights.length - 3] ^= 0x01;
        Path damaged = ArchiveFiles.write(dir.resolve("flipped.keras"), bytes);

        assertThatThrownBy(() -> Models.load(damaged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(damaged.toString()).hasMessageContaining("member 'model.weights.h5' has CRC-32");
        assertThatThrownBy(() -> Saving.loadWeights(model(), damaged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CRC-32");
    }

    // ---------------------------------------------------------------- 5. no leaked exceptions

    @Test
    void damagedWeightsFilesFailWithTheFileNamedAtEveryOffset() throws IOException {
        Path good = dir.resolve("m.weights.h5");
        model().saveWeights(good);
        byte[] bytes = Files.readAllBytes(good);
        int loaded = 0, refused = 0;
        for (int at = 0; at < bytes.length; at += 7) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] damaged = bytes.clone();
                damaged[at] ^= (byte) flip;
                Path file = ArchiveFiles.write(dir.resolve("d.weights.h5"), damaged);
                try {
                    Saving.loadWeights(model(), file);
                    loaded++;
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).as("offset %d flip %x", at, flip).contains(file.toString());
                    refused++;
                }
            }
        }
        assertThat(refused).isPositive();
        assertThat(loaded + refused).isEqualTo(3 * ((bytes.length + 6) / 7));
    }

    @Test
    void pathsWithoutAFileNameAreRefusedByName() {
        Path root = Path.of("/");
        assertThatThrownBy(() -> Models.load(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("load: expected a path to a file, got /, which has no file name");
        assertThatThrownBy(() -> Saving.loadWeights(model(), root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadWeights: expected a path to a file, got /, which has no file name");
        assertThatThrownBy(() -> model().save(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model.save: expected a path to a file, got /, which has no file name");
    }

    @Test
    void anEmptyInputShapeInABuildConfigIsRefused() {
        assertThatThrownBy(() -> new Dense(3).buildFor()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an input shape of rank >= 1").hasMessageContaining("got ()");
        Path good = saved("m.keras");
        Map<String, byte[]> members = ArchiveFiles.members(good);
        Map<String, Object> config = Json.parseObject(new String(members.get("config.json"), StandardCharsets.UTF_8), "test");
        @SuppressWarnings("unchecked")
        List<Object> layers = (List<Object>) ((Map<String, Object>) config.get("config")).get("layers");
        @SuppressWarnings("unchecked")
        Map<String, Object> dense = (Map<String, Object>) layers.get(1);
        dense.put("build_config", new LinkedHashMap<>(Map.of("input_shape", List.of())));
        members.put("config.json", Json.write(config).getBytes(StandardCharsets.UTF_8));
        Path file = ArchiveFiles.write(dir.resolve("empty-shape.keras"), ArchiveFiles.zip(members));
        assertThatThrownBy(() -> Models.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("expected an input shape of rank >= 1");
    }

    @Test
    void aNullInboundNodeIsRefused() {
        KerasTensor in = Input.of("x", 4);
        Model m = Model.of(in, new Dense(2).name("out").apply(in));
        Path good = dir.resolve("f.keras");
        m.save(good);
        Map<String, byte[]> members = ArchiveFiles.members(good);
        Map<String, Object> config = Json.parseObject(new String(members.get("config.json"), StandardCharsets.UTF_8), "test");
        @SuppressWarnings("unchecked")
        List<Object> layers = (List<Object>) ((Map<String, Object>) config.get("config")).get("layers");
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) layers.get(1);
        List<Object> nodes = new java.util.ArrayList<>();
        nodes.add(null);
        out.put("inbound_nodes", nodes);
        members.put("config.json", Json.write(config).getBytes(StandardCharsets.UTF_8));
        Path file = ArchiveFiles.write(dir.resolve("null-node.keras"), ArchiveFiles.zip(members));
        assertThatThrownBy(() -> Models.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("layers[1].inbound_nodes must hold call records");
    }
}
