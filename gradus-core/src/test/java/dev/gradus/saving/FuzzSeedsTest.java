package dev.gradus.saving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.data.Npy;
import dev.gradus.layers.Concatenate;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompileOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz targets' seed corpora ({@link LoadFuzzTest}, {@code dev.gradus.data.ReadersFuzzTest}):
 * {@link #main} writes small real files, made here, into {@code src/test/resources/.../*FuzzTestInputs/};
 * the tests below check that the committed seeds named {@code valid-*} still load, so the corpus
 * starts from files that reach deep into the readers.
 */
class FuzzSeedsTest {
    /** How long {@code -Pfuzz} fuzzes one target: issue #18's bounded run. */
    static final String DURATION = "5m";
    private static final Path RESOURCES = Path.of("src/test/resources/dev/gradus");

    @TempDir
    Path dir;

    /** A failure's message must name the file; anything else is a finding. */
    static void requireNamed(RuntimeException e, Path file) {
        if (e.getMessage() == null || !e.getMessage().contains(file.toString()))
            throw new AssertionError("a failure that does not name the file " + file + ": " + e, e);
    }

    static Model functional() {
        KerasTensor a = Input.of("a", 3), b = Input.of("b", 2);
        KerasTensor h = new Concatenate().applySymbolic(List.of(new Dense(4).activation("tanh").apply(a), b));
        Model m = Model.of(List.of(a, b), List.of(new Dense(1).activation("sigmoid").apply(h)));
        m.compile(new CompileOptions().optimizer(new Adam(0.01)).loss("binary_crossentropy").metrics("accuracy"));
        return m;
    }

    /** Writes the seed files (run from gradus-core: the test class path, main class dev.gradus.saving.FuzzSeedsTest). */
    public static void main(String[] args) throws IOException {
        Path saving = RESOURCES.resolve("saving/LoadFuzzTestInputs"), data = RESOURCES.resolve("data/ReadersFuzzTestInputs");
        Path tmp = Files.createTempDirectory("seeds");
        dev.gradus.Gradus.setRandomSeed(18); // the same weights each time (metadata.json's date still changes)

        Sequential mlp = LoadFuzzTest.weightsModel();
        Path keras = tmp.resolve("m.keras");
        mlp.save(keras);
        Path f = tmp.resolve("f.keras");
        functional().save(f);
        write(saving.resolve("loadArchive/valid-sequential.keras"), Files.readAllBytes(keras));
        write(saving.resolve("loadArchive/valid-functional.keras"), Files.readAllBytes(f));
        for (Path p : List.of(keras, f)) {
            Map<String, byte[]> m = ArchiveFiles.members(p);
            byte[] config = m.get(KerasArchive.CONFIG), weights = m.get(KerasArchive.WEIGHTS);
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            framed.writeBytes(ByteBuffer.allocate(4).putInt(config.length).array());
            framed.writeBytes(config);
            framed.writeBytes(weights);
            write(saving.resolve("loadArchiveMembers/valid-" + (p == keras ? "sequential" : "functional")), framed.toByteArray());
        }
        Path w = tmp.resolve("m.weights.h5");
        mlp.saveWeights(w);
        write(saving.resolve("loadWeights/valid-model.weights.h5"), Files.readAllBytes(w));
        // issue #18's hostile shapes as starting points: a hard link back to the root, a compact dataset's huge claim
        byte[] cycle = Files.readAllBytes(w);
        int at = Hdf5Surgery.linkAddressOffset(cycle, "dense_1");
        try (io.jhdf.HdfFile h = io.jhdf.HdfFile.fromBytes(cycle)) {
            Hdf5Surgery.writeLong(cycle, at, h.getAddress());
        }
        Hdf5Surgery.fixChecksum(cycle, at);
        write(saving.resolve("loadWeights/hostile-cycle.weights.h5"), cycle);

        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, Tensor.of(new float[] {1, -2.5f, 3, 4, 5, 6}, 2, 3));
        write(data.resolve("npy/valid-f4.npy"), npy.toByteArray());
        write(data.resolve("npy/valid-fortran-i2.npy"), npyHeader("{'descr': '>i2', 'fortran_order': True, 'shape': (2, 2), }",
                new byte[] {0, 1, 0, 2, (byte) 0xff, (byte) 0xfe, 0, 4}));
        write(data.resolve("idx/valid-ubyte"), new byte[] {0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, (byte) 255});
        write(data.resolve("idx/valid-float"), new byte[] {0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, (byte) 0x80, 0, 0, (byte) 0xc0, 0x20, 0, 0});
        write(data.resolve("csv/valid-iris.csv"), ("sepal,petal,\"wid,th\",species\n5.1,3.5,1.4,setosa\n"
                + "6.2,,2.2,virginica\n\"5.9\",3.0,nan,versicolor\n").getBytes(StandardCharsets.UTF_8));
        write(data.resolve("csv/valid-numeric.csv"), "a,b,y\n1,2,0\n3,4e-2,1\n-5,inf,1\n".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] npyHeader(String dict, byte[] values) {
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(values);
        return out.toByteArray();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static List<Path> seeds(String folder) {
        try (Stream<Path> files = Files.list(RESOURCES.resolve(folder))) {
            return files.filter(p -> p.getFileName().toString().startsWith("valid-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theValidArchiveSeedsLoad() throws IOException {
        List<Path> archives = seeds("saving/LoadFuzzTestInputs/loadArchive");
        assertThat(archives).hasSize(2);
        for (Path seed : archives) {
            Path copy = Files.copy(seed, dir.resolve(seed.getFileName()));
            assertThat(Models.load(copy).compiled()).isTrue();
        }
        for (Path seed : seeds("saving/LoadFuzzTestInputs/loadArchiveMembers")) new LoadFuzzTest().loadArchiveMembers(Files.readAllBytes(seed));
        Path weights = Files.copy(seeds("saving/LoadFuzzTestInputs/loadWeights").get(0), dir.resolve("w.weights.h5"));
        LoadFuzzTest.weightsModel().loadWeights(weights);
    }

    @Test
    void theValidDataSeedsRead() throws IOException {
        assertThat(Npy.read(seeds("data/ReadersFuzzTestInputs/npy").get(1))).isEqualTo(Tensor.of(new float[] {1, -2, 2, 4}, 2, 2));
        assertThat(dev.gradus.data.Idx.read(seeds("data/ReadersFuzzTestInputs/idx").get(0))).isEqualTo(Tensor.of(new float[] {1, -2.5f}, 2));
        assertThat(new dev.gradus.data.CsvReader().labelColumn(-1).read(seeds("data/ReadersFuzzTestInputs/csv").get(0)).classNames())
                .containsExactly("setosa", "versicolor", "virginica");
    }
}
