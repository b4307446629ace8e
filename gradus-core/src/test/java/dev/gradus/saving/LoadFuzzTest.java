package dev.gradus.saving;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.training.CompileOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Fuzz targets for the loaders (issue #18). Contract: a file loads, or the load fails with an
 * {@link IllegalArgumentException} (damaged or hostile content) or an {@link UncheckedIOException}
 * (the file system) whose message names the file; never an {@link Error}, never another exception.
 *
 * <p>In a plain build these run as regression tests over the inputs committed under
 * {@code src/test/resources/dev/gradus/saving/LoadFuzzTestInputs/<method>/} (made by
 * {@link FuzzSeedsTest}); with {@code -Pfuzz} Jazzer mutates them, coverage-guided, for {@value FuzzSeedsTest#DURATION}.
 */
class LoadFuzzTest {
    private static final Path DIR = tempDir();
    private static final Model MODEL = weightsModel();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gradus-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model that {@link #loadWeights} loads into; the committed weights seeds are this model's. */
    static Sequential weightsModel() {
        Sequential m = new Sequential(List.of(Input.of(4), new Dense(3).activation("relu"), new Dense(2)));
        m.compile(new CompileOptions().optimizer(new Adam(0.01)).loss("mse"));
        m.optimizer().build(m.trainableVariables());
        return m;
    }

    /** A {@code .keras} file as it is, zip structure, CRCs and all. */
    @FuzzTest(maxDuration = FuzzSeedsTest.DURATION)
    void loadArchive(byte[] data) throws IOException {
        Path file = Files.write(DIR.resolve("fuzz.keras"), data);
        try {
            Models.load(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzSeedsTest.requireNamed(e, file);
        }
    }

    /**
     * {@code config.json} and {@code model.weights.h5} from the input (a 4-byte big-endian length,
     * the config, then the weights) in a well-formed archive, so that mutations reach the config and
     * HDF5 readers instead of stopping at the CRC check.
     */
    @FuzzTest(maxDuration = FuzzSeedsTest.DURATION)
    void loadArchiveMembers(byte[] data) throws IOException {
        int length = data.length < 4 ? 0 : ((data[0] & 0x7f) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        int from = Math.min(4, data.length), split = (int) Math.min((long) from + length, data.length);
        Path file = Files.write(DIR.resolve("members.keras"), zip(java.util.Arrays.copyOfRange(data, from, split),
                java.util.Arrays.copyOfRange(data, split, data.length)));
        try {
            Models.load(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzSeedsTest.requireNamed(e, file);
        }
    }

    /** A {@code .weights.h5} file loaded into {@link #weightsModel}. */
    @FuzzTest(maxDuration = FuzzSeedsTest.DURATION)
    void loadWeights(byte[] data) throws IOException {
        Path file = Files.write(DIR.resolve("fuzz.weights.h5"), data);
        try {
            MODEL.loadWeights(file); // a failed load leaves the model as it was; a good one only sets weights
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzSeedsTest.requireNamed(e, file);
        }
    }

    static byte[] zip(byte[] config, byte[] weights) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, KerasArchive.CONFIG, config);
            stored(zip, KerasArchive.WEIGHTS, weights);
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
