package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Keras's CIFAR loaders on the original {@code .tar.gz}: each batch a pickled dict (Python 2's
 * {@code cPickle}) holding {@code data}, a uint8 array of {@code (n, 3072)} channel-first pixels, and
 * the labels list; read in place with {@link Tar} and the data-only {@link Pickle} reader, reshaped to
 * {@code (n, 3, 32, 32)} and transposed to channels-last {@code (n, 32, 32, 3)} as Keras does for its
 * default image data format. Labels are {@code (n, 1)}.
 */
final class Cifar {
    private Cifar() {}

    static Datasets.Split cifar10(Path archive) {
        List<String> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) train.add("cifar-10-batches-py/data_batch_" + i);
        return load(archive, train, List.of("cifar-10-batches-py/test_batch"), "labels");
    }

    static Datasets.Split cifar100(Path archive, String labelMode) {
        return load(archive, List.of("cifar-100-python/train"), List.of("cifar-100-python/test"), labelMode + "_labels");
    }

    static Datasets.Split load(Path archive, List<String> train, List<String> test, String labelKey) {
        Set<String> wanted = new LinkedHashSet<>(train);
        wanted.addAll(test);
        Map<String, byte[]> files;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            files = Tar.read(in, wanted, archive.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive + ": " + e.getMessage(), e);
        }
        Tensor[] tr = batches(files, train, labelKey, archive), te = batches(files, test, labelKey, archive);
        return new Datasets.Split(tr[0], tr[1], te[0], te[1]);
    }

    /** The images (channels last) and labels of the named batches, concatenated. */
    private static Tensor[] batches(Map<String, byte[]> files, List<String> names, String labelKey, Path archive) {
        List<long[]> pixels = new ArrayList<>(), labels = new ArrayList<>();
        int total = 0;
        for (String name : names) {
            String source = archive + "!" + name;
            try {
                if (!(Pickle.load(files.get(name), 0, source) instanceof Map<?, ?> d)) throw new IOException(source + ": not a dict");
                if (!(d.get("data") instanceof Pickle.NdArray data) || data.shape.length != 2 || data.shape[1] != 3 * 32 * 32)
                    throw new IOException(source + ": 'data' is not an (n, 3072) array");
                long[] y = labels(d.get(labelKey), source, labelKey);
                if (y.length != data.shape[0]) throw new IOException(source + ": " + y.length + " labels for " + data.shape[0] + " images");
                pixels.add(data.longs(source));
                labels.add(y);
                total += y.length;
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        float[] x = new float[total * 3072], y = new float[total];
        int row = 0;
        for (int b = 0; b < pixels.size(); b++) {
            long[] px = pixels.get(b), lb = labels.get(b);
            for (int i = 0; i < lb.length; i++, row++) {
                y[row] = lb[i];
                // (3, 32, 32) channel-first to (32, 32, 3)
                for (int c = 0; c < 3; c++)
                    for (int p = 0; p < 1024; p++) x[row * 3072 + p * 3 + c] = px[i * 3072 + c * 1024 + p];
            }
        }
        return new Tensor[] {Tensor.of(x, total, 32, 32, 3), Tensor.of(y, total, 1)};
    }

    private static long[] labels(Object o, String source, String key) throws IOException {
        if (o instanceof Pickle.NdArray a) return a.longs(source);
        if (!(o instanceof List<?> l)) throw new IOException(source + ": no '" + key + "' list");
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = Pickle.asLong(l.get(i), source);
        return out;
    }
}
