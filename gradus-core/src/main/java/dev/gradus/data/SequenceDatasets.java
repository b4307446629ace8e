package dev.gradus.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code imdb}, {@code reuters} and housing loaders on their files: the same shuffle
 * ({@link NumpyRandom}, NumPy's {@code RandomState}), the same index shifts, filters and splits, in
 * Keras's order, so the sequences and splits are Keras's element for element.
 */
final class SequenceDatasets {
    private SequenceDatasets() {}

    static final List<String> REUTERS_LABELS = List.of("cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
            "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi",
            "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail",
            "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi",
            "hog", "lead");

    /** Sequences with their labels, in step. */
    private record Data(List<int[]> x, float[] y) {
        Data permute(int[] p) {
            List<int[]> xs = new ArrayList<>(p.length);
            float[] ys = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                xs.add(x.get(p[i]));
                ys[i] = y[p[i]];
            }
            return new Data(xs, ys);
        }
    }

    static Datasets.SequenceSplit imdb(Path file, SequenceOptions o) {
        Map<String, Object> f = KerasNpz.read(file);
        Data train = data(f, "x_train", "y_train", file), test = data(f, "x_test", "y_test", file);
        NumpyRandom rng = new NumpyRandom(o.seed);
        train = shift(train.permute(rng.permutation(train.x.size())), o);
        test = shift(test.permute(rng.permutation(test.x.size())), o);
        if (o.maxlen != null) {
            train = removeLong(o.maxlen, train);
            test = removeLong(o.maxlen, test);
            if (train.x.isEmpty() || test.x.isEmpty()) throw new IllegalArgumentException("After filtering for sequences shorter "
                    + "than maxlen=" + o.maxlen + ", no sequence was kept. Increase maxlen.");
        }
        List<int[]> xs = new ArrayList<>(train.x);
        xs.addAll(test.x);
        xs = cut(xs, o);
        int idx = train.x.size();
        return new Datasets.SequenceSplit(List.copyOf(xs.subList(0, idx)), Tensor.of(train.y), List.copyOf(xs.subList(idx, xs.size())),
                Tensor.of(test.y));
    }

    static Datasets.SequenceSplit reuters(Path file, SequenceOptions o) {
        Map<String, Object> f = KerasNpz.read(file);
        Data all = data(f, "x", "y", file);
        all = shift(all.permute(new NumpyRandom(o.seed).permutation(all.x.size())), o);
        if (o.maxlen != null) all = removeLong(o.maxlen, all);
        List<int[]> xs = cut(all.x, o);
        int idx = (int) (xs.size() * (1 - o.testSplit));
        return new Datasets.SequenceSplit(List.copyOf(xs.subList(0, idx)), Tensor.of(Arrays.copyOfRange(all.y, 0, idx)),
                List.copyOf(xs.subList(idx, xs.size())), Tensor.of(Arrays.copyOfRange(all.y, idx, all.y.length)));
    }

    private static Data data(Map<String, Object> f, String xKey, String yKey, Path file) {
        if (!(f.get(xKey) instanceof List<?> x) || !(f.get(yKey) instanceof Tensor y)) throw new IllegalArgumentException(file
                + " does not hold Keras's arrays '" + xKey + "' (sequences) and '" + yKey + "' (labels); it holds " + f.keySet());
        @SuppressWarnings("unchecked") List<int[]> xs = (List<int[]>) x;
        if (y.rank() != 1 || y.dim(0) != xs.size()) throw new IllegalArgumentException(file + ": '" + yKey + "' has shape "
                + y.shape() + " for " + xs.size() + " sequences");
        return new Data(xs, y.toFloatArray());
    }

    /** start_char / index_from. */
    private static Data shift(Data d, SequenceOptions o) {
        List<int[]> out = new ArrayList<>(d.x.size());
        for (int[] s : d.x) {
            int start = o.startChar != null ? 1 : 0;
            int[] t = new int[s.length + start];
            if (start == 1) t[0] = o.startChar;
            for (int i = 0; i < s.length; i++) t[start + i] = s[i] + o.indexFrom;
            out.add(t);
        }
        return new Data(out, d.y);
    }

    /** Keras's remove_long_seq: keeps sequences shorter than maxlen. */
    private static Data removeLong(int maxlen, Data d) {
        List<int[]> xs = new ArrayList<>();
        List<Float> ys = new ArrayList<>();
        for (int i = 0; i < d.x.size(); i++) {
            if (d.x.get(i).length < maxlen) {
                xs.add(d.x.get(i));
                ys.add(d.y[i]);
            }
        }
        float[] y = new float[ys.size()];
        for (int i = 0; i < y.length; i++) y[i] = ys.get(i);
        return new Data(xs, y);
    }

    /**
     * num_words / skip_top / oov_char; without num_words Keras takes the largest index, and its
     * {@code w < num_words} test then also cuts that largest word (kept as Keras does it).
     */
    private static List<int[]> cut(List<int[]> xs, SequenceOptions o) {
        int largest = Integer.MIN_VALUE;
        if (o.numWords == null) for (int[] s : xs) for (int w : s) largest = Math.max(largest, w);
        int numWords = o.numWords != null ? o.numWords : largest;
        List<int[]> out = new ArrayList<>(xs.size());
        for (int[] s : xs) {
            if (o.oovChar != null) {
                int[] t = new int[s.length];
                for (int i = 0; i < s.length; i++) t[i] = o.skipTop <= s[i] && s[i] < numWords ? s[i] : o.oovChar;
                out.add(t);
            } else {
                out.add(Arrays.stream(s).filter(w -> o.skipTop <= w && w < numWords).toArray());
            }
        }
        return out;
    }

    /** The housing loaders: x, y, the first {@code limit} samples, shuffled with the seed, split at {@code int(n * (1 - test_split))}. */
    static Datasets.Split housing(Path file, int limit, double testSplit, long seed) {
        dev.gradus.util.Check.inRange("test_split", testSplit, 0, 1);
        Map<String, Object> f = KerasNpz.read(file);
        if (!(f.get("x") instanceof Tensor x) || !(f.get("y") instanceof Tensor y) || x.rank() != 2 || y.rank() != 1
                || x.dim(0) != y.dim(0)) throw new IllegalArgumentException(file + " does not hold Keras's arrays 'x' (samples, "
                + "features) and 'y' (samples,); it holds " + f.keySet());
        int n = Math.min(limit, x.dim(0)), features = x.dim(1);
        int[] p = new NumpyRandom(seed).permutation(n);
        float[] xv = x.toFloatArray(), yv = y.toFloatArray();
        float[] xs = new float[n * features], ys = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xv, p[i] * features, xs, i * features, features);
            ys[i] = yv[p[i]];
        }
        int idx = (int) (n * (1 - testSplit));
        return new Datasets.Split(Tensor.of(Arrays.copyOfRange(xs, 0, idx * features), idx, features),
                Tensor.of(Arrays.copyOfRange(ys, 0, idx)), Tensor.of(Arrays.copyOfRange(xs, idx * features, n * features), n - idx, features),
                Tensor.of(Arrays.copyOfRange(ys, idx, n)));
    }

    /** A word-index JSON file: word to rank. */
    static Map<String, Integer> wordIndex(Path file) {
        try {
            Map<?, ?> raw = new ObjectMapper().readValue(file.toFile(), Map.class);
            Map<String, Integer> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : raw.entrySet()) {
                if (!(e.getValue() instanceof Number n)) throw new IllegalArgumentException(file + ": the index of '" + e.getKey()
                        + "' is not a number");
                out.put(String.valueOf(e.getKey()), n.intValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
