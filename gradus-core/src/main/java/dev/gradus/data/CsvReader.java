package dev.gradus.data;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a numeric CSV file (gzip or plain) into a {@link CsvTable}:
 * <pre>{@code
 * CsvTable t = new CsvReader().labelColumn("species").read(Path.of("iris.csv"));
 * model.fit(t.x(), t.y(), ...);
 * }</pre>
 * The first line is a header unless {@code header(false)}. Feature columns must be numbers (an empty
 * field is NaN, as pandas reads it); the label column may be numbers or text, text labels becoming
 * class indices in sorted order. Fields may be quoted with {@code "} ({@code ""} inside a quoted field
 * is a quote). The delimiter {@code ' '} means any run of spaces or tabs. A malformed file fails with
 * an {@link IOException} whose message starts with its name ({@link UncheckedIOException} from
 * {@link #read(Path)}), never with another exception.
 */
public final class CsvReader {
    private boolean header = true;
    private char delimiter = ',';
    private Integer labelIndex;
    private String labelName;

    /** Whether the first line holds column names (default true). */
    public CsvReader header(boolean header) {
        this.header = header;
        return this;
    }

    public CsvReader delimiter(char delimiter) {
        Check.argument(delimiter != '"' && delimiter != '\n' && delimiter != '\r',
                "delimiter must not be a quote or a line break, got '" + delimiter + "'");
        this.delimiter = delimiter;
        return this;
    }

    /** The label column by position; negative counts from the end ({@code -1} is the last column). */
    public CsvReader labelColumn(int index) {
        this.labelIndex = index;
        this.labelName = null;
        return this;
    }

    /** The label column by its header name. */
    public CsvReader labelColumn(String name) {
        Check.argument(name != null && !name.isEmpty(), "labelColumn: name must be a non-empty column name, got "
                + (name == null ? "null" : "''"));
        this.labelName = name;
        this.labelIndex = null;
        return this;
    }

    public CsvTable read(Path file) {
        Check.notNull("file", file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("CsvReader.read: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads from {@code in} (gzip or plain, UTF-8); {@code source} names it in errors. */
    public CsvTable read(InputStream in, String source) throws IOException {
        try {
            return readChecked(in, source);
        } catch (IOException e) {
            throw Gzip.naming(source, e);
        }
    }

    private CsvTable readChecked(InputStream in, String source) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(Gzip.maybeDecompress(in), StandardCharsets.UTF_8), 1 << 16);
        String line;
        int lineNo = 0;
        List<String> names = null;
        int width = -1, label = -1;
        float[] values = new float[1024];
        int filled = 0;
        List<String> labels = new ArrayList<>();
        while ((line = lines.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isBlank()) continue;
            List<String> fields = split(line, source, lineNo);
            if (header && names == null) {
                names = fields;
                continue;
            }
            if (width < 0) {
                width = fields.size();
                label = labelPosition(names, width, source);
            }
            if (fields.size() != width) throw new IOException(source + ", line " + lineNo + ": " + fields.size()
                    + " fields, but the first row has " + width);
            int features = label < 0 ? width : width - 1;
            if (filled + features > values.length) values = Arrays.copyOf(values, Math.max(filled + features, values.length * 2));
            for (int c = 0; c < width; c++) {
                if (c == label) labels.add(fields.get(c).trim());
                else values[filled++] = number(fields.get(c), source, lineNo, c, names);
            }
        }
        if (width < 0) throw new IOException(source + " has no data rows" + (header ? " after its header" : ""));
        int rows = label < 0 ? filled / width : labels.size();
        int features = label < 0 ? width : width - 1;
        Tensor x = Tensor.wrap(filled == values.length ? values : Arrays.copyOf(values, filled), Shape.of(rows, features));
        List<String> featureNames = new ArrayList<>();
        if (names != null && names.size() == width) for (int c = 0; c < width; c++) if (c != label) featureNames.add(names.get(c).trim());
        if (label < 0) return new CsvTable(x, null, featureNames, List.of());
        return labels(x, labels, featureNames);
    }

    private int labelPosition(List<String> names, int width, String source) throws IOException {
        if (labelName != null) {
            if (names == null) throw new IOException(source + ": labelColumn(\"" + labelName + "\") needs a header line,"
                    + " but header(false) was set; give the column's index instead");
            int at = -1;
            for (int c = 0; c < names.size(); c++) if (names.get(c).trim().equals(labelName)) at = c;
            if (at < 0) throw new IOException(source + ": no column named '" + labelName + "'; the header has " + names);
            if (names.size() != width) throw new IOException(source + ": the header has " + names.size()
                    + " names but the rows have " + width + " fields, so column names cannot be used; give the label's index");
            return at;
        }
        if (labelIndex == null) return -1;
        int at = labelIndex < 0 ? width + labelIndex : labelIndex;
        if (at < 0 || at >= width) throw new IOException(source + ": labelColumn " + labelIndex
                + " is outside the " + width + " columns (valid: " + -width + " to " + (width - 1) + ")");
        return at;
    }

    private static CsvTable labels(Tensor x, List<String> labels, List<String> featureNames) {
        float[] y = new float[labels.size()];
        boolean numeric = true;
        for (int i = 0; i < y.length && numeric; i++) {
            Float v = parse(labels.get(i));
            if (v == null) numeric = false;
            else y[i] = v;
        }
        if (numeric) return new CsvTable(x, Tensor.wrap(y, Shape.of(y.length)), featureNames, List.of());
        List<String> classes = new ArrayList<>(new TreeSet<>(labels));
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) index.put(classes.get(k), k);
        for (int i = 0; i < y.length; i++) y[i] = index.get(labels.get(i));
        return new CsvTable(x, Tensor.wrap(y, Shape.of(y.length)), featureNames, classes);
    }

    private static float number(String field, String source, int lineNo, int column, List<String> names) throws IOException {
        Float v = parse(field.trim());
        if (v != null) return v;
        String col = names != null && column < names.size() ? "column " + column + " ('" + names.get(column).trim() + "')" : "column " + column;
        throw new IOException(source + ", line " + lineNo + ", " + col + ": expected a number, got '" + field
                + "'; only the label column may hold text");
    }

    /** A float, or NaN for an empty field, or null when the text is not a number. */
    private static Float parse(String s) {
        if (s.isEmpty()) return Float.NaN;
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": return Float.NaN;
            case "inf": case "+inf": case "infinity": return Float.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Float.NEGATIVE_INFINITY;
            default:
        }
        // Java's parser also takes "1f", "2d" and hex floats; a CSV number is digits, sign, point and exponent only
        for (int i = 0; i < s.length(); i++) if ("0123456789+-.eE".indexOf(s.charAt(i)) < 0) return null;
        try {
            return (float) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private List<String> split(String line, String source, int lineNo) throws IOException {
        List<String> out = new ArrayList<>();
        if (delimiter == ' ') {
            String t = line.strip();
            if (t.indexOf('"') < 0) {
                out.addAll(Arrays.asList(t.split("[ \t]+")));
                return out;
            }
        }
        StringBuilder field = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { field.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.append(ch);
            } else if (ch == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (ch == delimiter || (delimiter == ' ' && ch == '\t')) {
                if (delimiter == ' ' && field.length() == 0 && !wasQuoted) continue;   // a run of blanks
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else field.append(ch);
        }
        if (quoted) throw new IOException(source + ", line " + lineNo + ": a quoted field is not closed"
                + " (fields may not span lines)");
        if (!(delimiter == ' ' && field.length() == 0 && !wasQuoted)) out.add(field.toString());
        return out;
    }
}
