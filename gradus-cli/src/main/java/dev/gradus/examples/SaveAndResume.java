package dev.gradus.examples;

// README "Saving, loading and callbacks": kept in sync with README.md by ExamplesTest.
import dev.gradus.callbacks.BackupAndRestore;
import dev.gradus.callbacks.EarlyStopping;
import dev.gradus.callbacks.ModelCheckpoint;
import dev.gradus.callbacks.TensorBoard;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class SaveAndResume {
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("gradus-example");
        Model again = run(dir);
        System.out.println("saved and reloaded in " + dir + ": " + again.countParams() + " parameters");
    }

    /** Trains the quick start's model with Keras's callbacks, saves it in {@code dir} and loads it back. */
    static Model run(Path dir) {
        Circle c = Circle.quickStart();
        Tensor x = c.x(), y = c.y();
        Sequential model = c.model();

        model.fit(x, y, new FitOptions().epochs(20).validationSplit(0.2).verbose(0).callbacks(List.of(
                new EarlyStopping().monitor("val_loss").patience(3).restoreBestWeights(true),
                new ModelCheckpoint(dir.resolve("ckpt-{epoch:02d}-{val_loss:.2f}.keras")).saveBestOnly(true),
                new BackupAndRestore(dir.resolve("backup")),
                new TensorBoard(dir.resolve("logs")).histogramFreq(1))));
        model.save(dir.resolve("model.keras"));                 // Keras 3's archive: Python's keras.saving.load_model reads it
        Model again = Models.load(dir.resolve("model.keras")); // compiled, with the optimizer's state and iterations
        return again;
    }
}
