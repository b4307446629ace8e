package dev.gradus.cli;

import dev.gradus.data.CsvReader;
import dev.gradus.data.CsvTable;
import dev.gradus.data.Datasets;
import dev.gradus.data.Idx;
import dev.gradus.data.Npy;
import dev.gradus.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Turns a DATA argument into tensors: a CSV file, an NPY file (labels from {@code --labels}), an
 * NPZ archive, an IDX file, a folder of images by class, or a dataset name. A name is tried only
 * when no file or folder of that name exists.
 */
final class DataLoader {
    /** The datasets a name can give, in the order the help lists them. */
    static final String AVAILABLE = "digits, iris, wine (embedded), mnist, fashion-mnist (downloaded once, or from GRADUS_DATA)";
    /** keras.datasets that need a download of a format Gradus does not read yet. */
    private static final List<String> KERAS_ONLY = List.of("cifar10", "cifar100", "imdb", "reuters", "boston-housing",
            "california-housing");
    static final String EXPECTED = "a CSV file, an .npy or .npz file, an IDX file, a folder of images by class, or a dataset name ("
            + AVAILABLE + ")";

    private DataLoader() {}

    /** Loads DATA; {@code needLabels} for fit and evaluate, which cannot run without labels. */
    static LoadedData load(CommandSpec spec, String data, DataOptions o, boolean needLabels) {
        int[] size = imageSize(spec, o.imageSize); // checked whatever DATA is, so that a typo is never ignored
        Path path = Path.of(data);
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        boolean exists = Files.exists(path), folder = Files.isDirectory(path);
        boolean csv = exists && !folder && (base.endsWith(".csv") || base.endsWith(".tsv") || base.endsWith(".txt"));
        boolean pairs = exists && !folder && (base.endsWith(".npy") || isIdx(path));
        if (!exists && !loadable(data)) return named(spec, data); // reports the missing file or unknown name first
        // an option that does not apply to this DATA is a mistake to report, not to ignore
        if (o.label != null && !csv) throw Usage.error(spec, "--label", "--label only with a CSV file as DATA", "--label with '" + data + "'");
        if (o.labels != null && !pairs) throw Usage.error(spec, "--labels", "--labels only with an .npy or IDX file as DATA",
                "--labels with '" + data + "'");
        if (o.imageSize != null && !folder) throw Usage.error(spec, "--image-size", "--image-size only with a folder of images as DATA",
                "--image-size with '" + data + "'");
        if (!exists) return named(spec, data);
        if (folder) return ImageFolder.read(path, size, o.colorMode);
        if (!Files.isReadable(path)) throw Usage.error(spec, "DATA", "a readable file", "'" + data + "' (permission denied)");
        LoadedData loaded;
        if (csv) loaded = csv(spec, path, o, needLabels);
        else if (base.endsWith(".npz")) loaded = npz(spec, path);
        else if (base.endsWith(".npy")) loaded = new LoadedData(stem(path), Npy.read(path), labels(spec, o, path), List.of());
        else if (isIdx(path)) loaded = new LoadedData(stem(path), Idx.read(path), labels(spec, o, path), List.of());
        else throw Usage.error(spec, "DATA", EXPECTED, "'" + data + "' (a file of an unknown kind: name it .csv, .npy, .npz or .idx)");
        if (needLabels && loaded.y() == null) throw Usage.error(spec, base.endsWith(".npz") ? "DATA" : "--labels",
                "the labels that go with " + data + (base.endsWith(".npz") ? " (arrays y or y_train in the archive)" : " (an .npy or IDX file)"), "nothing");
        checkRows(spec, loaded, data);
        return loaded;
    }

    /** Whether {@code data} names a dataset this build loads. */
    private static boolean loadable(String data) {
        String key = data.toLowerCase(Locale.ROOT).replace('_', '-');
        return EmbeddedDataset.find(key) != null || key.equals("mnist") || key.equals("fashion-mnist");
    }

    private static LoadedData named(CommandSpec spec, String data) {
        String key = data.toLowerCase(Locale.ROOT).replace('_', '-');
        EmbeddedDataset embedded = EmbeddedDataset.find(key);
        if (embedded != null) return embedded.load();
        Datasets.Split split = switch (key) {
            case "mnist" -> Datasets.mnist();
            case "fashion-mnist" -> Datasets.fashionMnist();
            default -> null;
        };
        if (split != null) return new LoadedData(key, split.xTrain(), split.yTrain(), List.of(), split.xTest(), split.yTest());
        if (KERAS_ONLY.contains(key)) throw Usage.error(spec, "DATA", "a dataset Gradus can load (" + AVAILABLE + ")",
                "'" + data + "' (a keras.datasets dataset whose files Gradus does not read yet)");
        throw Usage.error(spec, "DATA", EXPECTED, "'" + data + "' (no such file or folder, and no dataset of that name)");
    }

    private static LoadedData csv(CommandSpec spec, Path path, DataOptions o, boolean needLabels) {
        List<String> header = header(path, o.delimiter);
        CsvReader reader = new CsvReader().delimiter(o.delimiter);
        if (o.label != null) {
            if (!header.contains(o.label)) throw Usage.error(spec, "--label", "a column of " + path + " (one of: "
                    + String.join(", ", header) + ")", "'" + o.label + "'");
            reader.labelColumn(o.label);
        } else if (needLabels) {
            throw Usage.error(spec, "--label", "the name of the label column of " + path + " (one of: "
                    + String.join(", ", header) + ")", "nothing");
        }
        CsvTable table = reader.read(path);
        return new LoadedData(stem(path), table.x(), table.y(), table.classNames());
    }

    /** The header's column names, read apart from the table so that an unknown --label is a usage error. */
    private static List<String> header(Path path, char delimiter) {
        try (InputStream raw = Files.newInputStream(path)) {
            InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            while (line != null && line.isBlank()) line = r.readLine();
            if (line == null) throw new IllegalArgumentException("DATA: " + path + " is empty; expected a header line and rows");
            if (line.startsWith("\uFEFF")) line = line.substring(1);
            List<String> names = new ArrayList<>();
            String sep = delimiter == ' ' ? "[ \t]+" : java.util.regex.Pattern.quote(String.valueOf(delimiter));
            for (String f : line.strip().split(sep, -1)) names.add(f.strip().replaceAll("^\"|\"$", ""));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static LoadedData npz(CommandSpec spec, Path path) {
        Map<String, Tensor> arrays = Npy.readNpz(path);
        if (arrays.containsKey("x_train")) return new LoadedData(stem(path), arrays.get("x_train"), arrays.get("y_train"),
                List.of(), arrays.get("x_test"), arrays.get("y_test"));
        if (arrays.containsKey("x")) return new LoadedData(stem(path), arrays.get("x"), arrays.get("y"), List.of());
        throw Usage.error(spec, "DATA", "an .npz archive with arrays x and y, or x_train, y_train, x_test and y_test",
                path + " with arrays " + arrays.keySet());
    }

    private static Tensor labels(CommandSpec spec, DataOptions o, Path data) {
        if (o.labels == null) return null;
        if (!Files.isRegularFile(o.labels)) throw Usage.error(spec, "--labels", "an existing .npy or IDX file",
                "'" + o.labels + "' (no such file)");
        String name = o.labels.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy") || name.endsWith(".npy.gz")) return Npy.read(o.labels);
        if (isIdx(o.labels)) return Idx.read(o.labels);
        throw Usage.error(spec, "--labels", "an .npy or IDX file", "'" + o.labels + "'");
    }

    private static boolean isIdx(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.contains(".idx") || name.contains("-ubyte");
    }

    private static void checkRows(CommandSpec spec, LoadedData d, String data) {
        if (d.y() != null && d.y().dim(0) != d.x().dim(0)) throw Usage.error(spec, "--labels",
                "as many labels as DATA has samples (" + d.x().dim(0) + ", shape " + d.x().shape() + ")",
                d.y().dim(0) + " labels (shape " + d.y().shape() + ")");
    }

    static int[] imageSize(CommandSpec spec, String text) {
        if (text == null) return null;
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int h = Integer.parseInt(p[0].strip()), w = Integer.parseInt(p[1].strip());
                if (h > 0 && w > 0 && (long) h * w <= 1 << 24) return new int[] {h, w};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Usage.error(spec, "--image-size", "HEIGHTxWIDTH with positive sizes (for example 28x28)", Usage.quote(text));
    }

    private static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
