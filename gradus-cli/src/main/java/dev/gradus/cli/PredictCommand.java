package dev.gradus.cli;

import dev.gradus.callbacks.ProgbarLogger;
import dev.gradus.data.Npy;
import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.PredictOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gradus predict MODEL DATA --out FILE}: the model's outputs for every sample, as CSV (one
 * row per sample, with the most likely class when the output is a distribution) or as an NPY array
 * of the output's full shape that NumPy reads back.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write MODEL's predictions for DATA (a named dataset: its test split) to a .csv or .npy file.",
                "MODEL: a .keras file or a model config .json.", "DATA: " + DataLoader.EXPECTED
                + "; a CSV file's --label column, when given, is left out of the inputs."})
final class PredictCommand extends ModelDataCommand {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "predictions.csv or predictions.npy.")
    Path out;

    @Override
    public Integer call() {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv");
        if (!csv && !name.endsWith(".npy")) throw Usage.error(spec, "--out", "a file name ending in .csv or .npy", Usage.quote(out));
        checkAndApplyStepOptions();
        LoadedData d = DataLoader.load(spec, data, dataOptions, false);
        Model m = ModelFiles.load(Path.of(model), false);
        Tensor x = d.hasTest() ? d.xTest() : d.x();
        PredictOptions options = new PredictOptions().batchSize(batchSize).verbose(progress.verbose());
        ProgbarLogger bar = progress.logger(root.out);
        if (bar != null) options.callbacks(bar);
        Tensor predictions;
        try {
            predictions = m.predict(x, options);
        } catch (IllegalArgumentException e) {
            IllegalArgumentException m2 = ModelFiles.mismatch(model, data, e);
            if (dataOptions.label == null && data.toLowerCase(Locale.ROOT).matches(".*\\.(csv|tsv|txt)(\\.gz)?$"))
                throw new IllegalArgumentException(m2.getMessage() + " (if one column is the label, leave it out with --label COLUMN)", e);
            throw m2;
        }
        if (csv) OutputFiles.write(out, csvText(predictions, d.classNames()).getBytes(StandardCharsets.UTF_8));
        else OutputFiles.write(out, tmp -> Npy.write(tmp, predictions));
        root.out.println("Wrote " + x.dim(0) + " predictions of shape " + predictions.shape() + " to " + out);
        root.out.flush();
        return 0;
    }

    /** A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) return value;
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** One row per sample: {@code output_0..output_k-1}, then {@code class} (the argmax, by name when known) for k > 1. */
    static String csvText(Tensor predictions, List<String> classNames) {
        int n = predictions.dim(0), k = n == 0 ? 0 : predictions.size() / n;
        float[] v = predictions.toFloatArray();
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < k; j++) s.append(j == 0 ? "" : ",").append("output_").append(j);
        if (k > 1) s.append(",class");
        s.append('\n');
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 0; j < k; j++) {
                float p = v[i * k + j];
                if (p > v[i * k + best]) best = j;
                s.append(j == 0 ? "" : ",").append(p);
            }
            if (k > 1) s.append(',').append(classNames.size() == k ? csvField(classNames.get(best)) : Integer.toString(best));
            s.append('\n');
        }
        return s.toString();
    }
}
