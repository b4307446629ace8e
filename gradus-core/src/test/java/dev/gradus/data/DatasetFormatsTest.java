package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code keras.datasets} loaders on small files in the downloads' formats (made by
 * {@code keras-datasets-fixtures.py}: NumPy's npz with pickled object arrays, Python 2 cPickle CIFAR
 * batches in a tar.gz). Expected values are Keras's processing of those files, worked with NumPy's
 * {@code RandomState(113)} permutations ([1, 3, 0, ...] below). The real downloads are not fetched here.
 */
class DatasetFormatsTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(DatasetFormatsTest.class.getResource(name).toURI());
    }

    private static void sequences(List<int[]> got, int[]... expected) {
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) assertThat(got.get(i)).as("sequence " + i).containsExactly(expected[i]);
    }

    @Test
    void imdbShufflesShiftsAndCutsAsKeras() throws Exception {
        Datasets.SequenceSplit s = SequenceDatasets.imdb(fixture("imdb.npz"), new SequenceOptions());
        // train permutation (1, 3, 0, 4, 2)... applied, start_char 1, index_from 3; the largest index (14) is below num_words
        sequences(s.xTrain(), new int[] {1, 7, 8}, new int[] {1, 4, 5, 6}, new int[] {1, 10, 11, 12, 13}, new int[] {1, 9},
                new int[] {1, 14, 5});
        assertThat(s.yTrain().toFloatArray()).containsExactly(1, 0, 1, 0, 1);
        sequences(s.xTest(), new int[] {1, 2}, new int[] {1, 6, 6}, new int[] {1, 8, 9, 10});
        assertThat(s.yTest().toFloatArray()).containsExactly(0, 1, 1);
        Datasets.SequenceSplit cut = SequenceDatasets.imdb(fixture("imdb.npz"),
                new SequenceOptions().numWords(10).skipTop(5).maxlen(4).oovChar(null));
        sequences(cut.xTrain(), new int[] {7, 8}, new int[] {9}, new int[] {5});
        assertThat(cut.yTrain().toFloatArray()).containsExactly(1, 0, 1);
        sequences(cut.xTest(), new int[] {}, new int[] {6, 6});
        assertThatThrownBy(() -> SequenceDatasets.imdb(fixture("imdb.npz"), new SequenceOptions().maxlen(1)))
                .hasMessageContaining("Increase maxlen");
        // the padded form a model takes
        assertThat(Sequences.padSequences(s.xTrain(), 3).toFloatArray()).startsWith(1, 7, 8, 4, 5, 6);
    }

    @Test
    void reutersSplitsTheShuffledDataAndCutsTheLargestIndexAsKeras() throws Exception {
        // its object array is pickled at protocol 2 with numpy.core names, as older NumPy wrote it
        Datasets.SequenceSplit s = SequenceDatasets.reuters(fixture("reuters.npz"), new SequenceOptions());
        sequences(s.xTrain(), new int[] {1, 8, 7}, new int[] {1, 10}, new int[] {1, 13}, new int[] {1, 6}, new int[] {1, 4, 5},
                new int[] {1, 14, 15, 2}, new int[] {1, 5, 5, 5, 5}, new int[] {1, 4});
        assertThat(s.yTrain().toFloatArray()).containsExactly(3, 1, 4, 4, 3, 2, 0, 1);
        sequences(s.xTest(), new int[] {1, 7, 8, 9}, new int[] {1, 11, 12});
        assertThat(s.yTest().toFloatArray()).containsExactly(3, 3);
        assertThat(Datasets.reutersLabelNames()).hasSize(46).startsWith("cocoa", "grain").endsWith("lead");
    }

    @Test
    void housingShufflesAndSplitsAsKeras() throws Exception {
        Datasets.Split b = SequenceDatasets.housing(fixture("boston_housing.npz"), Integer.MAX_VALUE, 0.2, 113);
        // permutation [9, 3, 6, 1, 0, 7, 4, 8, 2, 5]; x rows are (3i, 3i+1, 3i+2), y = i + 0.5
        assertThat(b.xTrain().shape().dims()).containsExactly(8, 3);
        assertThat(b.yTrain().toFloatArray()).containsExactly(9.5f, 3.5f, 6.5f, 1.5f, 0.5f, 7.5f, 4.5f, 8.5f);
        assertThat(b.xTest().toFloatArray()).containsExactly(6, 7, 8, 15, 16, 17);
        assertThat(b.yTest().toFloatArray()).containsExactly(2.5f, 5.5f);
        Datasets.Split c = SequenceDatasets.housing(fixture("california_housing.npz"), Integer.MAX_VALUE, 0.25, 113);
        // permutation [4, 3, 9, 8, 1, 0, 11, 7, 6, 10, 2, 5]: 9 train, 3 test
        assertThat(c.yTrain().toFloatArray()).containsExactly(4, 3, 9, 8, 1, 0, 11, 7, 6);
        assertThat(c.yTest().toFloatArray()).containsExactly(10, 2, 5);
        assertThat(SequenceDatasets.housing(fixture("california_housing.npz"), 5, 0.2, 113).yTrain().shape().dims()).containsExactly(4);
    }

    @Test
    void cifarReadsPython2PicklesFromTheTarGzChannelsLast() throws Exception {
        Datasets.Split s = Cifar.cifar10(fixture("cifar-10-python.tar.gz"));
        assertThat(s.xTrain().shape().dims()).containsExactly(10, 32, 32, 3);
        assertThat(s.yTrain().shape().dims()).containsExactly(10, 1);
        assertThat(s.yTrain().toFloatArray()).containsExactly(1, 2, 2, 3, 3, 4, 4, 5, 5, 6);
        assertThat(s.yTest().toFloatArray()).containsExactly(9);
        // image k of batch i holds (p * (seed + 1)) % 256 at flat channel-first position p; seed = 2i + k
        float[] x = s.xTrain().toFloatArray();
        int seed = 2, row = 0, y = 1, col = 2, channel = 2, p = channel * 1024 + y * 32 + col;
        assertThat(x[row * 3072 + (y * 32 + col) * 3 + channel]).isEqualTo((p * (seed + 1)) % 256);
        float[] t = s.xTest().toFloatArray();
        assertThat(t[(5 * 32 + 7) * 3 + 1]).isEqualTo(((1024 + 5 * 32 + 7) * 100) % 256);
        Datasets.Split fine = Cifar.cifar100(fixture("cifar-100-python.tar.gz"), "fine");
        assertThat(fine.yTrain().toFloatArray()).containsExactly(5, 77, 3);
        assertThat(Cifar.cifar100(fixture("cifar-100-python.tar.gz"), "coarse").yTest().toFloatArray()).containsExactly(7);
        assertThatThrownBy(() -> Datasets.cifar100("medium")).hasMessageContaining("label_mode=medium");
    }

    @Test
    void picklesThatWouldRunCodeAreRefused() {
        // os.system('echo hi'): GLOBAL 'os system', the argument, REDUCE
        byte[] evil = "\u0080\u0002cos\nsystem\nq\u0000U\u0007echo hi\u0085R.".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Pickle.load(evil, 0, "evil")).isInstanceOf(IOException.class).hasMessageContaining("os.system");
        // NEWOBJ builds an instance of any class
        byte[] newobj = "\u0080\u0002cnumpy\nndarray\n)\u0081.".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Pickle.load(newobj, 0, "newobj")).hasMessageContaining("0x81");
        // a length beyond the data
        byte[] longString = "\u0080\u0002T\u00ff\u00ff\u00ff\u0000abc.".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Pickle.load(longString, 0, "long")).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> Pickle.load(new byte[] {(byte) 0x80, 2, ']'}, 0, "cut")).hasMessageContaining("ends before STOP");
    }

    @Test
    void wordIndexIsAJsonMapAndMd5ChecksumsAreKerass() throws Exception {
        Path json = tmp.resolve("imdb_word_index.json");
        Files.writeString(json, "{\"the\": 1, \"and\": 2}");
        assertThat(SequenceDatasets.wordIndex(json)).isEqualTo(Map.of("the", 1, "and", 2));
        // Keras's get_file takes a 32-digit hash as MD5: a file with the right MD5 is used without a download
        Path dir = Files.createDirectories(tmp.resolve("words"));
        Files.writeString(dir.resolve("w.json"), "{}");
        Remote remote = new Remote("words", "words", List.of("http://127.0.0.1:9/"),
                List.of(new Remote.File("w.json", "99914b932bd37a50b983c5e7c90ae93b")));
        assertThat(remote.ensure(tmp)).isEqualTo(dir);
        Files.writeString(dir.resolve("w.json"), "{} ");
        assertThatThrownBy(() -> remote.ensure(tmp)).hasMessageContaining("has MD5").hasMessageContaining("(MD5 99914b932bd37a50b983c5e7c90ae93b)");
    }
}
