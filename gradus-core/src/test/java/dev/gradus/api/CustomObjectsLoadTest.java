package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.Layer;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.PredictOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models.load(path, customObjects): Keras's custom_objects, for one load, without a global registration. */
class CustomObjectsLoadTest {
    @TempDir
    Path dir;

    /** A user's class, as Keras's custom_objects={"MyDense": MyDense}: its fromConfig is Dense's, inherited. */
    public static class MyDense extends Dense {
        public MyDense() {
            super(1);
        }
    }

    /** A saved Sequential whose Dense is renamed in config.json to a class no registry knows. */
    Path archiveNaming(String className) throws Exception {
        Sequential m = new Sequential(List.of(Input.of(3), new Dense(2).kernelInitializer(new GlorotUniform().seed(4))));
        Path saved = dir.resolve("saved.keras"), renamed = dir.resolve(className + ".keras");
        m.save(saved);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(saved));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(renamed))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("config.json")) bytes = new String(bytes, StandardCharsets.UTF_8)
                        .replaceAll("\"class_name\":\\s*\"Dense\"", "\"class_name\": \"" + className + "\"").getBytes(StandardCharsets.UTF_8);
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return renamed;
    }

    @Test
    void aFactoryOrAClassByTheNameInTheFile() throws Exception {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
        Sequential reference = new Sequential(List.of(Input.of(3), new Dense(2).kernelInitializer(new GlorotUniform().seed(4))));
        float[] want = reference.predict(x, new PredictOptions().verbose(0)).toFloatArray();

        Path file = archiveNaming("MyDense");
        assertThatThrownBy(() -> Models.load(file)).hasMessageContaining("MyDense");
        Function<Map<String, Object>, Layer> factory = Dense::fromConfig;
        Model byFactory = Models.load(file, Map.of("MyDense", factory));
        assertThat(byFactory.predict(x, new PredictOptions().verbose(0)).toFloatArray()).containsExactly(want);
        Model byClass = Models.load(file, Map.of("MyDense", MyDense.class));
        assertThat(byClass.predict(x, new PredictOptions().verbose(0)).toFloatArray()).containsExactly(want);
        // only for that load: the name is not registered afterwards
        assertThatThrownBy(() -> Models.load(file)).hasMessageContaining("MyDense");
    }

    @Test
    void wrongCustomObjectsSayWhatIsWrong() throws Exception {
        Path file = archiveNaming("MyDense");
        assertThatThrownBy(() -> Models.load(file, Map.of("MyDense", "not a class"))).hasMessageContaining("custom_objects['MyDense']");
        Function<Map<String, Object>, Object> wrongKind = c -> "a string";
        assertThatThrownBy(() -> Models.load(file, Map.of("MyDense", wrongKind))).hasMessageContaining("needs a layer");
    }
}
