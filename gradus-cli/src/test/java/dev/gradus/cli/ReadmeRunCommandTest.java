package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code ./gradus fit mlp digits}, end to end through the class the
 * launcher starts, on the digits set embedded in the jar: the accuracy it prints on the digits test
 * split, and the files it says it wrote. Only {@code --out-dir} is added, to write into a temporary folder.
 */
class ReadmeRunCommandTest {
    @TempDir
    Path dir;

    /** The arguments after {@code ./gradus} in the README's Set-up command. */
    static List<String> readmeArguments() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String setUp = readme.substring(readme.indexOf("## Set-up"), readme.indexOf("Run all tests:"));
        Matcher m = Pattern.compile("mvn -B -ntp -q package -DskipTests && \\./gradus ([^\\n`]+)").matcher(setUp);
        assertThat(m.find()).as("README's Set-up builds the jar and runs ./gradus").isTrue();
        return Arrays.asList(m.group(1).strip().split("\\s+"));
    }

    @Test
    void theReadmeCommandTrainsDigitsToAtLeast95PercentAndWritesAPlot() throws IOException {
        List<String> args = new ArrayList<>(readmeArguments());
        assertThat(args).containsExactly("fit", "mlp", "digits");
        args.addAll(List.of("--out-dir", dir.toString()));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Data: digits, 1,438 samples of shape (8, 8) (and 359 test samples)",
                "Model: \"mlp_recipe\"", "Total params: ", "Epoch 20/20");

        Matcher accuracy = Pattern.compile("Test \\(359 samples\\) - test_loss: (\\d\\.\\d{4}) - test_accuracy: (\\d\\.\\d{4})")
                .matcher(r.out());
        assertThat(accuracy.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(accuracy.group(2))).isGreaterThanOrEqualTo(0.95);

        assertThat(r.out()).contains("Wrote the model to " + dir.resolve("model.keras") + ", the history to "
                + dir.resolve("history.csv") + ", the training curves to " + dir.resolve("history.png") + " and " + dir.resolve("history.svg"));
        BufferedImage png = ImageIO.read(dir.resolve("history.png").toFile());
        assertThat(png).as("history.png is an image ImageIO reads").isNotNull();
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(png.getHeight()).isEqualTo(600);
        // the plot is not blank: the series colours are in it
        int coloured = 0;
        for (int y = 0; y < png.getHeight(); y += 2) for (int x = 0; x < png.getWidth(); x += 2) {
            int rgb = png.getRGB(x, y), red = (rgb >> 16) & 0xff, green = (rgb >> 8) & 0xff, blue = rgb & 0xff;
            if (Math.max(red, Math.max(green, blue)) - Math.min(red, Math.min(green, blue)) > 80) coloured++;
        }
        assertThat(coloured).isGreaterThan(200);
        assertThat(CliTest.svgViewBox(dir.resolve("history.svg"))).isEqualTo("0 0 800 600");
        assertThat(Files.readAllLines(dir.resolve("history.csv"))).hasSize(21);
    }
}
