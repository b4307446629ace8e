package dev.gradus.saving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.layers.CategoryEncoding;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Discretization;
import dev.gradus.layers.Hashing;
import dev.gradus.layers.Input;
import dev.gradus.layers.IntegerLookup;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.Layer;
import dev.gradus.layers.StringLookup;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.PredictOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocessing layers through {@code .keras}: configs as Keras writes them, and an adapted
 * vocabulary as Keras's asset {@code assets/layers/<layer>/vocabulary.txt}.
 */
class PreprocessingSavingTest {
    @TempDir
    Path dir;

    @Test
    void adaptedIntegerLookupSavesItsVocabularyAsAnAssetAndPredictsTheSame() throws Exception {
        Tensor data = Tensor.of(new float[] {12, 1138, 42, 42, 1000, 36}, 2, 3);
        KerasTensor in = Input.of(3);
        IntegerLookup lookup = new IntegerLookup().outputMode("multi_hot").adapt(data);
        KerasTensor x = lookup.apply(in);
        KerasTensor h = new Hashing(4).outputMode("count").apply(in);
        KerasTensor bins = new CategoryEncoding(3).apply(new Discretization().binBoundaries(40, 100).apply(in));
        Model model = Model.of(List.of(in), List.of(new Dense(2).apply(new dev.gradus.layers.Concatenate().applySymbolic(List.of(x, h, bins)))));
        Path file = dir.resolve("lookup.keras");
        model.save(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(new String(zip.getInputStream(zip.getEntry("assets/layers/integer_lookup/vocabulary.txt")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("-1\n42\n1138\n1000\n36\n12");
        }
        Model back = Models.load(file);
        assertThat(back.getConfig()).isEqualTo(model.getConfig());
        IntegerLookup loaded = (IntegerLookup) back.getLayer(lookup.name());
        assertThat(loaded.getVocabulary()).containsExactly(-1L, 42L, 1138L, 1000L, 36L, 12L);
        Tensor probe = Tensor.of(new float[] {12, 7, 42, 1000, 1000, 36}, 2, 3);
        assertThat(back.predict(probe, new PredictOptions().verbose(0)).toFloatArray())
                .isEqualTo(model.predict(probe, new PredictOptions().verbose(0)).toFloatArray());
    }

    @Test
    void stringLookupInAModelTracesShapesAndRestoresItsVocabulary() throws Exception {
        KerasTensor in = Input.of(3);
        StringLookup adapted = new StringLookup().name("words").adapt(new String[][] {{"a", "c", "d"}, {"d", "z", "b"}});
        StringLookup given = new StringLookup().name("letters").vocabulary(List.of("a", "b")).outputMode("multi_hot");
        KerasTensor out = adapted.apply(in);
        KerasTensor out2 = given.apply(in);
        assertThat(out2.shape()).containsExactly(Layer.NONE, 3);
        Model model = Model.of(List.of(in), List.of(out, out2));
        Path file = dir.resolve("strings.keras");
        model.save(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.getEntry("assets/layers/string_lookup/vocabulary.txt")).isNotNull();
            // a vocabulary given as an argument stays in the config, as Keras
            assertThat(zip.getEntry("assets/layers/string_lookup_1/vocabulary.txt")).isNull();
        }
        Model back = Models.load(file);
        StringLookup words = (StringLookup) back.getLayer("words");
        assertThat(words.getVocabulary()).containsExactly("[UNK]", "d", "z", "c", "b", "a");
        assertThat(words.call(List.of("a", "q")).toFloatArray()).containsExactly(5, 0);
        assertThat(((StringLookup) back.getLayer("letters")).call(List.of("b")).toFloatArray()).containsExactly(0, 0, 1);
    }

    @Test
    void textVectorizationWritesItsVocabularyForItselfAndItsLookupLayerAsKeras() throws Exception {
        KerasTensor in = Input.of(1);
        dev.gradus.layers.TextVectorization tv = new dev.gradus.layers.TextVectorization().maxTokens(20).outputSequenceLength(4)
                .adapt(List.of("the cat sat", "the dog"));
        KerasTensor ids = tv.apply(in);
        assertThat(ids.shape()).containsExactly(Layer.NONE, 4);
        Model model = Model.of(List.of(in), List.of(new dev.gradus.layers.Embedding(20, 2).apply(ids)));
        // Keras's summary: the preprocessing layers have no parameters
        assertThat(model.summary()).containsPattern("│ text_vectorization +│ \\(None, 4\\) +│ +0 │").contains("(TextVectorization)");
        assertThat(model.countParams()).isEqualTo(40);
        Path file = dir.resolve("text.keras");
        model.save(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : List.of("assets/layers/text_vectorization/vocabulary.txt",
                    "assets/layers/text_vectorization/_lookup_layer/vocabulary.txt"))
                assertThat(new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("\n[UNK]\nthe\nsat\ndog\ncat");
        }
        Model back = Models.load(file);
        dev.gradus.layers.TextVectorization loaded = (dev.gradus.layers.TextVectorization) back.getLayer(tv.name());
        assertThat(loaded.call(List.of("The dog sat!")).toFloatArray()).containsExactly(2, 4, 3, 0);
        assertThat(back.getConfig()).isEqualTo(model.getConfig());
    }

    @Test
    void noPreprocessingSetterTakesABareObject() {
        for (Class<?> c : new Class<?>[] {StringLookup.class, IntegerLookup.class, dev.gradus.layers.TextVectorization.class,
                CategoryEncoding.class, Hashing.class, Discretization.class}) {
            for (java.lang.reflect.Method m : c.getMethods())
                assertThat(m.getParameterCount() == 1 && m.getParameterTypes()[0] == Object.class && !m.getName().equals("equals"))
                        .as(c.getSimpleName() + "." + m.getName() + "(Object)").isFalse();
        }
    }
}
