package dev.gradus.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {

    @Test
    void fitLineRecoversSlopeAndIntercept() {
        float[] r = FitLine.fit(200, 0.1, false);
        assertThat(r[0]).isCloseTo(3f, org.assertj.core.data.Offset.offset(0.05f));
        assertThat(r[1]).isCloseTo(2f, org.assertj.core.data.Offset.offset(0.05f));
        assertThat(r[2]).isLessThan(0.01f); // noise variance is 0.0025
    }

    @Test
    void twoSpiralsAreSeparated() {
        java.util.Map<String, Double> test = TwoSpirals.run(30, 0);
        assertThat(test.get("accuracy")).isGreaterThan(0.93);
    }

    @Test
    void quickStartRunsAndItsLossFalls() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        Matcher m = Pattern.compile("loss ([0-9.Ee-]+)").matcher(buf.toString(StandardCharsets.UTF_8));
        double first = Double.NaN, last = Double.NaN;
        while (m.find()) {
            if (Double.isNaN(first)) first = Double.parseDouble(m.group(1));
            last = Double.parseDouble(m.group(1));
        }
        assertThat(last).isLessThan(first);
    }

    @Test
    void saveAndResumeSavesCheckpointsBackupsLogsAndAModelThatPredictsTheSame(@TempDir Path dir) throws Exception {
        Model again = SaveAndResume.run(dir);
        Model saved = Models.load(dir.resolve("model.keras"));
        Tensor x = Tensor.randomUniform(Shape.of(5, 2), -1.5, 1.5, 7);
        assertThat(again.predict(x).toFloatArray()).isEqualTo(saved.predict(x).toFloatArray());
        assertThat(again.compiled()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-"))).isNotEmpty();
        }
        try (var files = Files.walk(dir.resolve("logs"))) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))).hasSize(2);
        }
    }

    @Test
    void dataParallelTrainingLearnsTheCircle() {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        java.util.Map<String, Double> result;
        try {
            result = DataParallelTraining.run();
        } finally {
            System.setOut(saved);
        }
        assertThat(result.get("accuracy")).isGreaterThan(0.9);
        assertThat(dev.gradus.distribution.Distribution.get()).isNull();
    }

    /** The README's Java blocks must be in the examples they name, so that the README compiles. */
    @Test
    void readmeJavaBlocksAreTheCompiledExamples() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        for (String example : new String[] {"QuickStart", "SaveAndResume", "DataParallelTraining"}) {
            assertThat(m.find()).as("README has a ```java block for " + example).isTrue();
            String source = Files.readString(Path.of("src/main/java/dev/gradus/examples/" + example + ".java"));
            for (String line : m.group(1).split("\n")) {
                if (!line.isBlank()) assertThat(source).as("README line not in " + example + ".java").contains(line.strip());
            }
        }
    }
}
