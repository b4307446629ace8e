package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradus fit mlp mnist} and {@code gradus evaluate} on MNIST from {@code GRADUS_DATA} (the
 * real files, checksummed by core's {@code Datasets}); skips when that folder is not there.
 */
class NamedDatasetTest {
    @TempDir
    Path dir;

    @Test
    void fitAndEvaluateOnMnistFromGradusData() {
        String data = System.getenv("GRADUS_DATA");
        assumeTrue(data != null && Files.isDirectory(Path.of(data, "mnist")),
                "GRADUS_DATA is unset or has no mnist/ folder: the MNIST command-line test skips");
        CliRun fit = CliRun.of("fit", "mlp", "mnist", "--epochs", "1", "--batch-size", "128", "--units", "64",
                "--validation-split", "0.1", "--out-dir", dir.toString(), "--progress", "none");
        assertThat(fit.exit()).as(fit.toString()).isZero();
        assertThat(fit.out()).contains("Data: mnist, 60,000 samples of shape (28, 28) (and 10,000 test samples)");
        Matcher m = Pattern.compile("test_accuracy: (\\d\\.\\d{4})").matcher(fit.out());
        assertThat(m.find()).as(fit.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.9);

        CliRun eval = CliRun.of("evaluate", dir.resolve("model.keras").toString(), "mnist", "--batch-size", "128", "--progress", "none");
        assertThat(eval.exit()).as(eval.toString()).isZero();
        assertThat(eval.out()).contains("accuracy: " + m.group(1), "(10000 test samples)");
    }
}
