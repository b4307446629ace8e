package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;

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
}
