package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code keras.datasets}: well-known datasets, downloaded once into a local cache and
 * checked against their published SHA-256 on every load.
 * <p>
 * The cache is {@link #cacheDir()}: the system property {@code gradus.data}, else the environment
 * variable {@code GRADUS_DATA}, else {@code ~/.gradus/datasets}. Each dataset has its own folder
 * there ({@code mnist/}, {@code fashion-mnist/}) holding the original files, so a folder of
 * already-downloaded files can be used offline by pointing {@code GRADUS_DATA} at it. Offline and
 * without the files, loading fails with a message that names the files and the folder to put
 * them in.
 */
public final class Datasets {
    private Datasets() {}

    /** Keras's {@code (x_train, y_train), (x_test, y_test)}; labels are class indices as float32. */
    public record Split(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {
        public Dataset train() {
            return Dataset.fromTensors(xTrain, yTrain);
        }

        public Dataset test() {
            return Dataset.fromTensors(xTest, yTest);
        }
    }

    // torchvision's mirrors for the original MNIST files (Keras ships MNIST only as an .npz)
    static final Remote MNIST = new Remote("MNIST", "mnist",
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "https://yann.lecun.com/exdb/mnist/"),
            List.of(new Remote.File("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    new Remote.File("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    new Remote.File("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    new Remote.File("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

    // Keras's own origin first, then Zalando's
    static final Remote FASHION_MNIST = new Remote("Fashion-MNIST", "fashion-mnist",
            List.of("https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
                    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of(new Remote.File("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
                    new Remote.File("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
                    new Remote.File("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
                    new Remote.File("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

    /** MNIST digits: 60,000 + 10,000 images {@code (n, 28, 28)} of pixel values 0-255, labels 0-9. */
    public static Split mnist() {
        return loadIdx(MNIST, cacheDir());
    }

    /** Fashion-MNIST: the same layout as MNIST, ten kinds of clothing. */
    public static Split fashionMnist() {
        return loadIdx(FASHION_MNIST, cacheDir());
    }

    /** Where datasets are cached: {@code -Dgradus.data}, else {@code $GRADUS_DATA}, else {@code ~/.gradus/datasets}. */
    public static Path cacheDir() {
        return cacheDir(System.getProperty("gradus.data"), System.getenv("GRADUS_DATA"), System.getProperty("user.home"));
    }

    static Path cacheDir(String property, String env, String home) {
        if (property != null && !property.isBlank()) return Path.of(property);
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(home, ".gradus", "datasets");
    }

    static Split loadIdx(Remote remote, Path cache) {
        Path dir = remote.ensure(cache);
        List<Remote.File> f = remote.files();
        Tensor xTrain = Idx.read(dir.resolve(f.get(0).name())), yTrain = Idx.read(dir.resolve(f.get(1).name()));
        Tensor xTest = Idx.read(dir.resolve(f.get(2).name())), yTest = Idx.read(dir.resolve(f.get(3).name()));
        check(remote, xTrain, yTrain, "train");
        check(remote, xTest, yTest, "t10k");
        return new Split(xTrain, yTrain, xTest, yTest);
    }

    private static void check(Remote remote, Tensor images, Tensor labels, String part) {
        if (images.rank() != 3 || labels.rank() != 1 || images.dim(0) != labels.dim(0))
            throw new IllegalStateException(remote.title() + ": the " + part + " files hold images of shape " + images.shape()
                    + " and labels of shape " + labels.shape() + "; expected (n, rows, cols) images and (n,) labels");
    }

    // #19 preprocessing

    /**
     * Keras's sequence datasets' {@code (x_train, y_train), (x_test, y_test)}: each review or newswire
     * a variable-length {@code int[]} of word indices (Keras's object array of lists; pad them with
     * {@link Sequences#padSequences}), labels as float32 class indices.
     */
    public record SequenceSplit(List<int[]> xTrain, Tensor yTrain, List<int[]> xTest, Tensor yTest) {}

    private static final String KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
    static final Remote IMDB = new Remote("IMDB", "imdb", List.of(KERAS_ORIGIN),
            List.of(new Remote.File("imdb.npz", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f")));
    static final Remote IMDB_WORD_INDEX = new Remote("IMDB word index", "imdb", List.of(KERAS_ORIGIN),
            List.of(new Remote.File("imdb_word_index.json", "bfafd718b763782e994055a2d397834f")));
    static final Remote REUTERS = new Remote("Reuters", "reuters", List.of(KERAS_ORIGIN),
            List.of(new Remote.File("reuters.npz", "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916")));
    static final Remote REUTERS_WORD_INDEX = new Remote("Reuters word index", "reuters", List.of(KERAS_ORIGIN),
            List.of(new Remote.File("reuters_word_index.json", "4d44cc38712099c9e383dc6e5f11a921")));
    static final Remote BOSTON_HOUSING = new Remote("Boston Housing", "boston-housing", List.of(KERAS_ORIGIN),
            List.of(new Remote.File("boston_housing.npz", "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5")));
    static final Remote CALIFORNIA_HOUSING = new Remote("California Housing", "california-housing", List.of(KERAS_ORIGIN),
            List.of(new Remote.File("california_housing.npz", "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f")));
    static final Remote CIFAR10 = new Remote("CIFAR-10", "cifar-10", List.of("https://www.cs.toronto.edu/~kriz/"),
            List.of(new Remote.File("cifar-10-python.tar.gz", "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce")));
    static final Remote CIFAR100 = new Remote("CIFAR-100", "cifar-100", List.of("https://www.cs.toronto.edu/~kriz/"),
            List.of(new Remote.File("cifar-100-python.tar.gz", "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7")));

    /** Keras's {@code imdb.load_data()}: 25,000 + 25,000 movie reviews as word indices, labels 0/1, with Keras's defaults. */
    public static SequenceSplit imdb() {
        return imdb(new SequenceOptions());
    }

    /** {@code imdb.load_data(num_words=..., skip_top=..., maxlen=..., seed=..., start_char=..., oov_char=..., index_from=...)}. */
    public static SequenceSplit imdb(SequenceOptions options) {
        Check.notNull("options", options);
        return SequenceDatasets.imdb(IMDB.ensure(cacheDir()).resolve("imdb.npz"), options);
    }

    /** Keras's {@code imdb.get_word_index()}: word to its frequency rank (add {@code index_from} to match the sequences). */
    public static Map<String, Integer> imdbWordIndex() {
        return SequenceDatasets.wordIndex(IMDB_WORD_INDEX.ensure(cacheDir()).resolve("imdb_word_index.json"));
    }

    /** Keras's {@code reuters.load_data()}: 11,228 newswires over 46 topics, 80% for training. */
    public static SequenceSplit reuters() {
        return reuters(new SequenceOptions());
    }

    /** {@code reuters.load_data(...)} with the options (including {@code test_split}). */
    public static SequenceSplit reuters(SequenceOptions options) {
        Check.notNull("options", options);
        return SequenceDatasets.reuters(REUTERS.ensure(cacheDir()).resolve("reuters.npz"), options);
    }

    /** Keras's {@code reuters.get_word_index()}. */
    public static Map<String, Integer> reutersWordIndex() {
        return SequenceDatasets.wordIndex(REUTERS_WORD_INDEX.ensure(cacheDir()).resolve("reuters_word_index.json"));
    }

    /** Keras's {@code reuters.get_label_names()}: the 46 topics, by label index. */
    public static List<String> reutersLabelNames() {
        return SequenceDatasets.REUTERS_LABELS;
    }

    /** Keras's {@code boston_housing.load_data()}: 404 + 102 samples of 13 features, prices in k$ (seed 113, 20% test). */
    public static Split bostonHousing() {
        return bostonHousing(0.2, 113);
    }

    /** {@code boston_housing.load_data(test_split=..., seed=...)}. */
    public static Split bostonHousing(double testSplit, long seed) {
        return SequenceDatasets.housing(BOSTON_HOUSING.ensure(cacheDir()).resolve("boston_housing.npz"), Integer.MAX_VALUE, testSplit, seed);
    }

    /** Keras's {@code california_housing.load_data()}: the "large" version, 20,640 samples of 8 features. */
    public static Split californiaHousing() {
        return californiaHousing("large", 0.2, 113);
    }

    /** {@code california_housing.load_data(version=..., test_split=..., seed=...)}; "small" keeps the first 600 samples. */
    public static Split californiaHousing(String version, double testSplit, long seed) {
        Check.oneOf("version", version, "large", "small");
        return SequenceDatasets.housing(CALIFORNIA_HOUSING.ensure(cacheDir()).resolve("california_housing.npz"),
                version.equals("small") ? 600 : Integer.MAX_VALUE, testSplit, seed);
    }

    /** Keras's {@code cifar10.load_data()}: 50,000 + 10,000 images {@code (n, 32, 32, 3)} of 0-255 values, labels {@code (n, 1)}. */
    public static Split cifar10() {
        return Cifar.cifar10(CIFAR10.ensure(cacheDir()).resolve("cifar-10-python.tar.gz"));
    }

    /** Keras's {@code cifar100.load_data()}: fine labels (100 classes). */
    public static Split cifar100() {
        return cifar100("fine");
    }

    /** {@code cifar100.load_data(label_mode)}: "fine" (100 classes) or "coarse" (20 superclasses). */
    public static Split cifar100(String labelMode) {
        Check.argument("fine".equals(labelMode) || "coarse".equals(labelMode), "`label_mode` must be one of \"fine\", \"coarse\". "
                + "Received: label_mode=" + labelMode + ".");
        return Cifar.cifar100(CIFAR100.ensure(cacheDir()).resolve("cifar-100-python.tar.gz"), labelMode);
    }
}
