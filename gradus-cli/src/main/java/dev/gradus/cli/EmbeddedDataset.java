package dev.gradus.cli;

import dev.gradus.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The small real datasets shipped inside the jar, so that {@code gradus fit mlp digits} trains on
 * a fresh machine with no download and no data folder. The files are scikit-learn's copies of the
 * UCI tables (CC BY 4.0; source and licence in the README). Each is split once into train and test
 * by a fixed permutation ({@link #SPLIT_SEED}), the last 20% of the shuffled rows being the test set,
 * so every run and every user sees the same split.
 */
enum EmbeddedDataset {
    /** UCI "Optical Recognition of Handwritten Digits": 1,797 images 8x8 of values 0-16, 10 classes. */
    DIGITS("digits", "digits.csv.gz", new int[] {8, 8}),
    /** UCI Iris: 150 flowers, 4 measurements, 3 species. */
    IRIS("iris", "iris.csv", null),
    /** UCI Wine: 178 wines, 13 chemical measurements, 3 cultivars. */
    WINE("wine", "wine.csv", null);

    static final long SPLIT_SEED = 0;
    static final double TEST_FRACTION = 0.2;

    final String id;
    private final String resource;
    private final int[] sampleShape;

    EmbeddedDataset(String id, String resource, int[] sampleShape) {
        this.id = id;
        this.resource = resource;
        this.sampleShape = sampleShape;
    }

    static EmbeddedDataset find(String name) {
        for (EmbeddedDataset d : values()) if (d.id.equalsIgnoreCase(name)) return d;
        return null;
    }

    LoadedData load() {
        List<float[]> rows = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        try (InputStream raw = EmbeddedDataset.class.getResourceAsStream("datasets/" + resource)) {
            if (raw == null) throw new IllegalStateException("the jar lacks its embedded dataset datasets/" + resource);
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                // scikit-learn's header: rows, features, then the class names (digits has none)
                if (first && sampleShape == null) {
                    classes.addAll(Arrays.asList(f).subList(2, f.length));
                    first = false;
                    continue;
                }
                first = false;
                float[] v = new float[f.length];
                for (int i = 0; i < f.length; i++) v[i] = Float.parseFloat(f[i].trim());
                rows.add(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded dataset " + id + ": " + e.getMessage(), e);
        }
        if (classes.isEmpty()) for (int k = 0; k < 10; k++) classes.add(Integer.toString(k));
        int n = rows.size(), features = rows.get(0).length - 1;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(SPLIT_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int test = (int) Math.round(n * TEST_FRACTION), train = n - test;
        Tensor[] tr = pick(rows, order, 0, train, features), te = pick(rows, order, train, n, features);
        return new LoadedData(id, tr[0], tr[1], classes, te[0], te[1]);
    }

    private Tensor[] pick(List<float[]> rows, int[] order, int from, int to, int features) {
        int m = to - from;
        float[] x = new float[m * features], y = new float[m];
        for (int i = 0; i < m; i++) {
            float[] row = rows.get(order[from + i]);
            System.arraycopy(row, 0, x, i * features, features);
            y[i] = row[features];
        }
        int[] shape = sampleShape == null ? new int[] {m, features} : new int[] {m, sampleShape[0], sampleShape[1]};
        return new Tensor[] {Tensor.of(x, shape), Tensor.of(y, m)};
    }
}
