package dev.gradus.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz targets for the data readers (issue #18). Contract: the bytes read, or the read fails with an
 * {@link IOException} whose message names the source; never an {@link Error}, never a runtime
 * exception. Regression inputs: {@code src/test/resources/dev/gradus/data/ReadersFuzzTestInputs/<method>/}.
 */
class ReadersFuzzTest {
    /** The source name every failure must carry. */
    static final String SOURCE = "fuzz-input";
    static final String DURATION = "5m";

    @FuzzTest(maxDuration = DURATION)
    void npy(byte[] data) {
        try {
            Npy.read(new ByteArrayInputStream(data), SOURCE);
        } catch (IOException e) {
            requireNamed(e);
        }
    }

    @FuzzTest(maxDuration = DURATION)
    void idx(byte[] data) {
        try {
            Idx.read(new ByteArrayInputStream(data), SOURCE);
        } catch (IOException e) {
            requireNamed(e);
        }
    }

    /** The CSV reader with a text label column (the last), which exercises header, quoting and class mapping. */
    @FuzzTest(maxDuration = DURATION)
    void csv(byte[] data) {
        try {
            new CsvReader().labelColumn(-1).read(new ByteArrayInputStream(data), SOURCE);
        } catch (IOException e) {
            requireNamed(e);
        }
    }

    private static void requireNamed(IOException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith(SOURCE))
            throw new AssertionError("a failure that does not name its source: " + e, e);
    }
}
