package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.data.Npy;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every subcommand on small generated data: files written, values printed, exit codes and messages for bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
    @TempDir
    static Path dir;

    static final dev.gradus.training.PredictOptions QUIET = new dev.gradus.training.PredictOptions().verbose(0);

    Path csv;
    Path run;
    CliRun fit;

    @BeforeAll
    void trainOnce() throws IOException {
        csv = TestData.csv(dir, "flowers.csv", 90, 1);
        run = dir.resolve("run");
        fit = CliRun.of("fit", "mlp", csv.toString(), "--label", "species", "--epochs", "3", "--batch-size", "16",
                "--units", "8", "--distribution", "replicas=1", "--out-dir", run.toString(), "--progress", "lines");
    }

    @Test
    void fitWritesTheModelTheHistoryAndThePlots() throws IOException {
        assertThat(fit.exit()).as(fit.toString()).isZero();
        assertThat(fit.err()).isEmpty();
        assertThat(fit.out()).contains("Data: flowers, 90 samples of shape (3,)", "Classes: alpha, beta, gamma", "Model: \"mlp_recipe\"", "Epoch 3/3",
                "Wrote the model to " + run.resolve("model.keras"));
        // one bar line per epoch off a terminal, and no control characters
        assertThat(fit.out().lines().filter(l -> l.matches("5/5 ━{20} .*val_accuracy: .*"))).hasSize(3);
        assertThat(fit.out()).doesNotContain("\u001b", "\b", "\r");

        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertThat(history.get(0)).isEqualTo("epoch,accuracy,loss,val_accuracy,val_loss");
        assertThat(history).hasSize(4);
        assertThat(history.get(3)).startsWith("2,");
        Model m = Models.load(run.resolve("model.keras"));
        assertThat(m.optimizer().iterationCount()).isEqualTo(3 * 5); // 72 training rows / 16 = 5 steps, 3 epochs

        BufferedImage png = ImageIO.read(run.resolve("history.png").toFile());
        assertThat(png.getWidth()).isEqualTo(TrainingPlot.WIDTH);
        assertThat(png.getHeight()).isEqualTo(2 * TrainingPlot.PANEL_HEIGHT); // loss and accuracy
        assertThat(svgViewBox(run.resolve("history.svg"))).isEqualTo("0 0 800 600");
    }

    /** The SVG parses as XML (no DTD fetched) with an svg root; its viewBox. */
    static String svgViewBox(Path file) {
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            org.w3c.dom.Element root = f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
            assertThat(root.getTagName()).isEqualTo("svg");
            assertThat(root.getElementsByTagName("path").getLength()).isGreaterThan(10);
            return root.getAttribute("viewBox");
        } catch (Exception e) {
            throw new AssertionError(file + " is not a well-formed SVG: " + e, e);
        }
    }

    @Test
    void fitTrainsTheRecipesOnNpyIdxAndImageFolders() throws IOException {
        Path[] seq = TestData.npySequences(dir, 40, 5, 2);
        CliRun lstm = CliRun.of("fit", "lstm", seq[0].toString(), "--labels", seq[1].toString(), "--epochs", "2",
                "--units", "4", "--out-dir", dir.resolve("lstm").toString(), "--progress", "none");
        assertThat(lstm.exit()).as(lstm.toString()).isZero();
        assertThat(lstm.out()).contains("40 samples of shape (5, 2)", "lstm_1 (LSTM)");

        Path[] idx = TestData.idx(dir, 30, 3);
        CliRun cnn = CliRun.of("fit", "cnn", idx[0].toString(), "--labels", idx[1].toString(), "--epochs", "1",
                "--filters", "2", "--validation-split", "0", "--out-dir", dir.resolve("cnn").toString(), "--progress", "none");
        assertThat(cnn.exit()).as(cnn.toString()).isZero();
        assertThat(cnn.out()).contains("30 samples of shape (6, 6)", "conv_1 (Conv2D)", "Final epoch - loss: ", " - accuracy: ");
        assertThat(Files.readAllLines(dir.resolve("cnn/history.csv")).get(0)).isEqualTo("epoch,accuracy,loss");

        Path images = TestData.imageFolder(dir, 6, 4);
        CliRun folder = CliRun.of("fit", "cnn", images.toString(), "--image-size", "8x8", "--color-mode", "grayscale",
                "--epochs", "1", "--filters", "2", "--out-dir", dir.resolve("img").toString(), "--progress", "none");
        assertThat(folder.exit()).as(folder.toString()).isZero();
        assertThat(folder.out()).contains("images, 12 samples of shape (8, 8, 1)");
        Model m = Models.load(dir.resolve("img/model.keras"));
        assertThat(m.predict(Tensor.of(new float[8 * 8 * 2], 2, 8, 8, 1), QUIET).shape().dims()).containsExactly(2, 2);
    }

    @Test
    void fitTakesAKerasConfigJsonAndAnOptimizerString() throws IOException {
        Path json = dir.resolve("config.json");
        CliRun convert = CliRun.of("convert", run.resolve("model.keras").toString(), json.toString());
        assertThat(convert.exit()).as(convert.toString()).isZero();
        CliRun again = CliRun.of("fit", json.toString(), csv.toString(), "--label", "species", "--epochs", "1",
                "--optimizer", "sgd", "--learning-rate", "0.05", "--metrics", "accuracy,sparse_top_k_categorical_accuracy",
                "--out-dir", dir.resolve("json").toString(), "--progress", "none");
        assertThat(again.exit()).as(again.toString()).isZero();
        Model m = Models.load(dir.resolve("json/model.keras"));
        assertThat(m.optimizer().name()).isEqualTo("SGD");
        assertThat(m.optimizer().learningRate()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(Files.readAllLines(dir.resolve("json/history.csv")).get(0))
                .isEqualTo("epoch,accuracy,loss,sparse_top_k_categorical_accuracy,val_accuracy,val_loss,val_sparse_top_k_categorical_accuracy");
    }

    @Test
    void earlyStoppingStopsWhenTheValidationLossStopsImproving() throws IOException {
        Path out = dir.resolve("early");
        CliRun r = CliRun.of("fit", "mlp", "iris", "--epochs", "300", "--learning-rate", "0.05", "--early-stopping", "2",
                "--out-dir", out.toString(), "--progress", "none");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("history.csv"));
        assertThat(rows.get(0)).isEqualTo("epoch,accuracy,loss,val_accuracy,val_loss");
        int epochs = rows.size() - 1;
        assertThat(epochs).isLessThan(300);
        double[] valLoss = rows.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[4])).toArray();
        int best = 0;
        for (int e = 1; e < epochs; e++) if (valLoss[e] < valLoss[best]) best = e;
        assertThat(best).as("stopped two epochs after the best").isEqualTo(epochs - 3);
    }

    @Test
    void numbersAsLabelsTrainARegressionWithMseAndMae() throws IOException {
        Path table = dir.resolve("houses.csv");
        StringBuilder rows = new StringBuilder("rooms,age,price\n");
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < 60; i++) {
            double rooms = 1 + r.nextInt(6), age = r.nextDouble() * 50;
            rows.append(String.format(Locale.ROOT, "%.0f,%.2f,%.3f%n", rooms, age, 50 * rooms - age + r.nextGaussian()));
        }
        Files.writeString(table, rows);
        Path out = dir.resolve("houses");
        CliRun fit = CliRun.of("fit", "mlp", table.toString(), "--label", "price", "--epochs", "2", "--units", "4",
                "--out-dir", out.toString(), "--progress", "none");
        assertThat(fit.exit()).as(fit.toString()).isZero();
        assertThat(fit.out()).doesNotContain("Classes:");
        assertThat(Files.readAllLines(out.resolve("history.csv")).get(0)).isEqualTo("epoch,loss,mae,val_loss,val_mae");
        Model m = Models.load(out.resolve("model.keras"));
        assertThat(m.compileOptions().loss()).isEqualTo("mse");
        assertThat(m.predict(Tensor.of(new float[] {3, 10}, 1, 2), QUIET).shape().dims()).containsExactly(1, 1);
        CliRun wrongTask = CliRun.of("fit", "mlp", table.toString(), "--label", "price", "--task", "classification");
        assertThat(wrongTask.exit()).isEqualTo(2);
        assertThat(wrongTask.errLines().get(0)).isEqualTo("gradus fit: --task: expected labels that are class indices 0..k-1"
                + " for classification, got labels of shape (60,) that are not");
    }

    @Test
    void summaryOfAConfigWithoutCompileConfigSaysSo() throws IOException {
        Path json = dir.resolve("bare.json");
        dev.gradus.models.Sequential bare = new dev.gradus.models.Sequential(List.of(dev.gradus.layers.Input.of(2),
                new dev.gradus.layers.Dense(1)));
        Files.writeString(json, bare.toJson());
        CliRun r = CliRun.of("summary", json.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Total params: 3", "Compile config: none (the model is not compiled)")
                .doesNotContain("Optimizer state");
        CliRun eval = CliRun.of("evaluate", json.toString(), csv.toString(), "--label", "species");
        assertThat(eval.exit()).isEqualTo(2);
        assertThat(eval.errLines().get(0)).endsWith("got '" + json + "' (not compiled)");
    }

    @Test
    void evaluatePrintsWhatKerasEvaluateGives() {
        CliRun r = CliRun.of("evaluate", run.resolve("model.keras").toString(), csv.toString(), "--label", "species", "--progress", "none");
        assertThat(r.exit()).as(r.toString()).isZero();
        Model m = Models.load(run.resolve("model.keras"));
        dev.gradus.data.CsvTable t = new dev.gradus.data.CsvReader().labelColumn("species").read(csv);
        Map<String, Double> expected = m.evaluate(t.x(), t.y(), new dev.gradus.training.EvaluateOptions().verbose(0));
        assertThat(r.out().strip()).isEqualTo(String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f (90 samples)",
                expected.get("loss"), expected.get("accuracy")));
    }

    @Test
    void predictWritesCsvAndNpyThatMatchThePredictions() throws IOException {
        Model m = Models.load(run.resolve("model.keras"));
        dev.gradus.data.CsvTable t = new dev.gradus.data.CsvReader().labelColumn("species").read(csv);
        float[] expected = m.predict(t.x(), new dev.gradus.training.PredictOptions().verbose(0)).toFloatArray();

        Path npy = dir.resolve("pred.npy");
        CliRun r = CliRun.of("predict", run.resolve("model.keras").toString(), csv.toString(), "--label", "species",
                "--out", npy.toString(), "--progress", "none");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Wrote 90 predictions of shape (90, 3) to " + npy);
        assertThat(Npy.read(npy).toFloatArray()).containsExactly(expected);

        Path out = dir.resolve("pred.csv");
        r = CliRun.of("predict", run.resolve("model.keras").toString(), csv.toString(), "--label", "species", "--out", out.toString(),
                "--progress", "none");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows).hasSize(91);
        assertThat(rows.get(0)).isEqualTo("output_0,output_1,output_2,class");
        String[] first = rows.get(1).split(",");
        for (int j = 0; j < 3; j++) assertThat(Float.parseFloat(first[j])).isEqualTo(expected[j]);
        int best = expected[0] >= expected[1] && expected[0] >= expected[2] ? 0 : expected[1] >= expected[2] ? 1 : 2;
        assertThat(first[3]).isEqualTo(TestData.SPECIES[best]); // text labels: the class by name
    }

    @Test
    void summaryPrintsTheModelTheCompileConfigAndTheOptimizerState() {
        CliRun r = CliRun.of("summary", run.resolve("model.keras").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Model: \"mlp_recipe\"", "Total params: 186", "Optimizer params: 120", "Compile config:",
                "\"loss\" : \"sparse_categorical_crossentropy\"", "\"metrics\" : [ \"accuracy\" ]",
                "Optimizer state: adam, iterations 15, learning rate 0.001", "hidden_1/kernel_momentum (3, 8)");
    }

    @Test
    void convertRoundTripsThroughJsonAndWeights() {
        Path keras = run.resolve("model.keras"), json = dir.resolve("rt.json"), weights = dir.resolve("rt.weights.h5"),
                back = dir.resolve("rt.keras");
        assertThat(CliRun.of("convert", keras.toString(), json.toString()).exit()).isZero();
        assertThat(CliRun.of("convert", keras.toString(), weights.toString()).exit()).isZero();
        CliRun join = CliRun.of("convert", json.toString(), "--weights", weights.toString(), back.toString());
        assertThat(join.exit()).as(join.toString()).isZero();
        Tensor x = Tensor.of(new float[] {0, 0, 5, 2, -1, 5, 4, -2, 5}, 3, 3);
        assertThat(Models.load(back).predict(x, QUIET).toFloatArray()).containsExactly(Models.load(keras).predict(x, QUIET).toFloatArray());

        CliRun noWeights = CliRun.of("convert", json.toString(), dir.resolve("x.keras").toString());
        assertThat(noWeights.exit()).isEqualTo(2);
        assertThat(noWeights.errLines().get(0)).isEqualTo("gradus convert: --weights: expected the weights file that goes with "
                + json + " (a config holds no weights), got nothing");
    }

    @Test
    void inspectListsMembersAndWeightsWithoutLoading() throws IOException {
        CliRun r = CliRun.of("inspect", run.resolve("model.keras").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("metadata.json", "config.json", "model.weights.h5", "model: Sequential 'mlp_recipe'",
                "Dense 'hidden_1'", "Dense 'output'", "InputLayer 'input'", "compiled: optimizer Adam, loss sparse_categorical_crossentropy, metrics [accuracy]");
        assertThat(r.out()).containsPattern("/layers/dense/vars/0 +\\(3, 8\\) +float32")
                .containsPattern("/optimizer/vars/0 +\\(\\) +int64");
        assertThat(r.err()).isEmpty();

        // an archive Gradus would refuse is still listed, with the member that makes it refused
        Path odd = dir.resolve("odd.keras");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(odd))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("model.weights.npz"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        CliRun refused = CliRun.of("inspect", odd.toString());
        assertThat(refused.exit()).isZero();
        assertThat(refused.out()).containsPattern("model.weights.npz +3 bytes +\\(not a Keras 3 member");

        Path w = dir.resolve("w.weights.h5");
        assertThat(CliRun.of("convert", run.resolve("model.keras").toString(), w.toString()).exit()).isZero();
        CliRun h5 = CliRun.of("inspect", w.toString());
        assertThat(h5.out()).containsPattern("/layers/dense_1/vars/1 +\\(3,\\) +float32");
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void aMissingFileIsBadUsageNamingTheArgument() {
        CliRun r = CliRun.of("fit", "mlp", dir.resolve("nosuch.csv").toString(), "--label", "y");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(2);
        assertThat(r.errLines().get(0)).startsWith("gradus fit: DATA: expected a CSV file, ").endsWith(
                "got '" + dir.resolve("nosuch.csv") + "' (no such file or folder, and no dataset of that name)");
        assertThat(r.errLines().get(1)).isEqualTo("Try 'gradus fit --help' for more information.");

        CliRun model = CliRun.of("evaluate", dir.resolve("gone.keras").toString(), csv.toString(), "--label", "species");
        assertThat(model.exit()).isEqualTo(2);
        assertThat(model.errLines().get(0)).isEqualTo("gradus evaluate: MODEL: expected " + ModelFiles.EXPECTED_FILE
                + ", got '" + dir.resolve("gone.keras") + "' (no such file)");
    }

    @Test
    void anUnknownColumnNamesTheColumnsThereAre() {
        CliRun r = CliRun.of("fit", "mlp", csv.toString(), "--label", "kind");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines().get(0)).isEqualTo("gradus fit: --label: expected a column of " + csv
                + " (one of: a, b, c, species), got 'kind'");
        CliRun none = CliRun.of("fit", "mlp", csv.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.errLines().get(0)).endsWith("(one of: a, b, c, species), got nothing");
    }

    @Test
    void aShapeMismatchFailsWithBothShapes() throws IOException {
        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "a,b,c,d,e,species\n1,2,3,4,5,alpha\n2,3,4,5,6,beta\n");
        Path numeric = dir.resolve("numeric.csv");
        Files.writeString(numeric, "a,b,c,y\n1,2,3,0\n2,3,4,1\n");
        CliRun predict = CliRun.of("predict", run.resolve("model.keras").toString(), numeric.toString(), "--out", dir.resolve("p.csv").toString());
        assertThat(predict.exit()).isEqualTo(1);
        assertThat(predict.errLines().get(0)).endsWith("expects inputs of shape (None, 3), got (2, 4)"
                + " (if one column is the label, leave it out with --label COLUMN)");
        assertThat(dir.resolve("p.csv")).doesNotExist();
        CliRun r = CliRun.of("evaluate", run.resolve("model.keras").toString(), wide.toString(), "--label", "species");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).isEqualTo("gradus evaluate: error: MODEL " + run.resolve("model.keras") + " does not fit DATA "
                + wide + ": Input layer 'input' expects inputs of shape (None, 3), got (2, 5)");
    }

    @Test
    void anUnknownOptimizerNamesTheClosestOnes() {
        CliRun r = CliRun.of("fit", "mlp", "iris", "--optimizer", "adamm", "--epochs", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines().get(0)).startsWith("gradus fit: --optimizer: expected a Keras identifier, got 'adamm' (")
                .contains("adam");
        CliRun loss = CliRun.of("fit", "mlp", "iris", "--loss", "crossentropy_of_doom");
        assertThat(loss.exit()).isEqualTo(2);
        assertThat(loss.errLines().get(0)).startsWith("gradus fit: --loss: expected a Keras identifier, got 'crossentropy_of_doom'");
    }

    @Test
    void aKerasFileThatFailsToLoadIsAFailureNamingTheFile() throws IOException {
        Path bad = dir.resolve("broken.keras");
        TestData.garbage(bad, 300, 5);
        CliRun r = CliRun.of("summary", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("gradus summary: error: MODEL: cannot load " + bad + ": ")
                .contains("not a Keras 3 archive");
        CliRun verbose = CliRun.of("summary", bad.toString(), "--verbose");
        assertThat(verbose.exit()).isEqualTo(1);
        assertThat(verbose.err()).contains("at dev.gradus.cli.ModelFiles.load");
    }

    @Test
    void distributionRunsReplicasAndOneReplicaIsThePlainFit() throws IOException {
        Path plainDir = dir.resolve("plain"), oneDir = dir.resolve("one"), twoDir = dir.resolve("two");
        String[] common = {"fit", "mlp", csv.toString(), "--label", "species", "--epochs", "3", "--batch-size", "16",
                "--units", "8", "--progress", "lines"};
        CliRun plain = CliRun.of(concat(common, "--out-dir", plainDir.toString()));
        CliRun one = CliRun.of(concat(common, "--distribution", "replicas=1", "--out-dir", oneDir.toString()));
        CliRun two = CliRun.of(concat(common, "--distribution", "replicas=2", "--out-dir", twoDir.toString()));
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(two.exit()).as(two.toString()).isZero();
        // one replica: the same history to the last digit; two: the same rows, numbers within float rounding
        assertThat(Files.readAllLines(oneDir.resolve("history.csv"))).isEqualTo(Files.readAllLines(plainDir.resolve("history.csv")));
        List<String> p = Files.readAllLines(plainDir.resolve("history.csv")), t = Files.readAllLines(twoDir.resolve("history.csv"));
        assertThat(t.get(0)).isEqualTo(p.get(0));
        String[] lastPlain = p.get(3).split(","), lastTwo = t.get(3).split(",");
        for (int c = 1; c < lastPlain.length; c++)
            assertThat(Double.parseDouble(lastTwo[c])).isCloseTo(Double.parseDouble(lastPlain[c]), org.assertj.core.api.Assertions.within(0.02));
        CliRun bad = CliRun.of("fit", "mlp", "iris", "--distribution", "mirrored");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errLines().get(0)).isEqualTo("gradus fit: Invalid value for option '--distribution': expected"
                + " replicas=N with N >= 1, got 'mirrored'");
        assertThat(CliRun.of("fit", "mlp", "iris", "--distribution", "replicas=0").exit()).isEqualTo(2);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aKerasDatasetGradusCannotLoadNamesTheOnesItCan() {
        CliRun r = CliRun.of("fit", "mlp", "cifar10");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines().get(0)).isEqualTo("gradus fit: DATA: expected a dataset Gradus can load (" + DataLoader.AVAILABLE
                + "), got 'cifar10' (a keras.datasets dataset whose files Gradus does not read yet)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fit", "evaluate", "predict", "summary", "convert", "inspect", "generate-completion"})
    void everySubcommandHasHelp(String command) {
        CliRun r = CliRun.of(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: gradus " + command);
    }

    @Test
    void noCommandOrAnUnknownOptionIsBadUsage() {
        CliRun none = CliRun.of();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.errLines().get(0)).startsWith("gradus: COMMAND: expected one of fit, evaluate, predict, summary, convert, inspect");
        CliRun unknown = CliRun.of("fit", "mlp", "iris", "--epoch", "3");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.errLines().get(0)).isEqualTo("gradus fit: Unknown options: '--epoch', '3'");
        CliRun label = CliRun.of("fit", "mlp", "iris", "--label", "species");
        assertThat(label.exit()).isEqualTo(2);
        assertThat(label.errLines().get(0)).isEqualTo("gradus fit: --label: expected --label only with a CSV file as DATA, got --label with 'iris'");
        CliRun units = CliRun.of("fit", run.resolve("model.keras").toString(), "iris", "--units", "4");
        assertThat(units.exit()).isEqualTo(2);
        assertThat(units.errLines().get(0)).isEqualTo("gradus fit: --units: expected --units only with a recipe (mlp, cnn, lstm) as MODEL,"
                + " got --units with '" + run.resolve("model.keras") + "'");
        CliRun size = CliRun.of("fit", "mlp", "iris", "--image-size", "28y28");
        assertThat(size.exit()).isEqualTo(2);
        assertThat(size.errLines().get(0)).isEqualTo("gradus fit: --image-size: expected HEIGHTxWIDTH with positive sizes"
                + " (for example 28x28), got '28y28'");
        CliRun range = CliRun.of("fit", "mlp", "iris", "--validation-split", "1.5");
        assertThat(range.errLines().get(0)).isEqualTo("gradus fit: --validation-split: expected a fraction in [0, 1), got 1.5");
    }

    @Test
    void theCompletionScriptCompletesTheSubcommands() {
        CliRun r = CliRun.of("generate-completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F _complete_gradus", "fit evaluate predict summary convert inspect");
    }

    @Test
    void theLauncherFindsJavaAndAddsTheVectorModule() throws Exception {
        // a stand-in for java that prints the arguments it was given
        Path home = dir.resolve("fake-jdk"), bin = home.resolve("bin"), jar = dir.resolve("fake.jar");
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        assertThat(bin.resolve("java").toFile().setExecutable(true)).isTrue();
        Files.writeString(jar, "");
        Path launcher = Path.of("..", "gradus").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString(), "fit", "mlp", "my data.csv").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", home.toString());
        pb.environment().put("GRADUS_JAR", jar.toString());
        pb.environment().put("JAVA_OPTS", "-Xmx1g");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.lines()).containsExactly("[--add-modules]", "[jdk.incubator.vector]", "[-Xmx1g]", "[-jar]",
                "[" + jar + "]", "[fit]", "[mlp]", "[my data.csv]");

        pb.environment().put("GRADUS_JAR", dir.resolve("missing.jar").toString());
        p = pb.start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out.strip()).isEqualTo("gradus: expected the jar at " + dir.resolve("missing.jar") + ", got no file: build it with"
                + " 'mvn -B -ntp -q package -DskipTests' in " + launcher.getParent());
        assertThat(Files.isExecutable(launcher)).isTrue();
        String cmd = Files.readString(Path.of("..", "gradus.cmd"), StandardCharsets.UTF_8);
        assertThat(cmd).contains("--add-modules jdk.incubator.vector %JAVA_OPTS% -jar \"%GRADUS_JAR%\" %*", "JAVA_HOME");
    }
}
