package dev.gradus.cli;

import dev.gradus.Gradus;
import dev.gradus.callbacks.Callback;
import dev.gradus.callbacks.EarlyStopping;
import dev.gradus.callbacks.History;
import dev.gradus.callbacks.ProgbarLogger;
import dev.gradus.losses.Losses;
import dev.gradus.metrics.Metrics;
import dev.gradus.models.Model;
import dev.gradus.optimizers.Optimizer;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.distribution.DataParallel;
import dev.gradus.training.FitOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gradus fit MODEL DATA}: trains a model on data and writes the trained {@code .keras}
 * model, the per-epoch history as CSV and the training curves as PNG and SVG. This is the command a
 * user without Java code runs first, so every argument is checked before any training starts.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train MODEL on DATA; write the trained model, history.csv and the training curves (PNG, SVG).",
                "MODEL: a .keras file, a Keras model config .json (model.to_json()), or a recipe: mlp, cnn, lstm.",
                "DATA: " + DataLoader.EXPECTED + "."},
        footer = {"", "Example: gradus fit mlp digits --epochs 30"})
final class FitCommand implements Callable<Integer> {
    enum Task { auto, classification, regression }

    @Spec
    CommandSpec spec;

    @ParentCommand
    GradusCommand root;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .keras file, a model config .json, or mlp, cnn, lstm.")
    String model;

    @Parameters(index = "1", paramLabel = "DATA", description = "The training data (see above).")
    String data;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "A Keras optimizer name (adam, sgd, rmsprop, adamw, ...). Default: the model file's, else adam.")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "The optimizer's learning rate.")
    Double learningRate;

    @Option(names = "--loss", paramLabel = "NAME", description = "A Keras loss name. Default: the model file's, else"
            + " sparse_categorical_crossentropy for class labels, mse for numbers.")
    String loss;

    @Option(names = "--metrics", paramLabel = "NAME", split = ",",
            description = "Keras metric names, comma-separated. Default: the model file's, else accuracy (classes) or mae.")
    List<String> metrics;

    @Option(names = "--validation-split", defaultValue = "0.2", paramLabel = "FRACTION",
            description = "The last fraction of DATA kept to validate each epoch, as Keras's validation_split (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Stop when the validation loss (the loss without validation) has not improved for PATIENCE epochs; keep the best weights.")
    Integer patience;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seeds weights, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    @Option(names = "--distribution", paramLabel = "replicas=N", converter = Replicas.Converter.class,
            description = "Data-parallel training on N replicas.")
    Replicas distribution;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "auto",
            description = "Recipes: ${COMPLETION-CANDIDATES}; auto takes integer labels as classes (default: ${DEFAULT-VALUE}).")
    Task task;

    @Option(names = "--units", split = ",", paramLabel = "N", description = "Recipes mlp, lstm: the hidden layers' sizes"
            + " (default: mlp 128,64; lstm 64).")
    List<Integer> units;

    @Option(names = "--filters", split = ",", paramLabel = "N", description = "Recipe cnn: the convolutions' filters (default: 16,32).")
    List<Integer> filters;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "RATE", description = "Recipes: dropout before the output layer (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = {"-o", "--out-dir"}, defaultValue = "gradus-out", paramLabel = "DIR",
            description = "Where model.keras, history.csv, history.png and history.svg are written (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "${COMPLETION-CANDIDATES}: auto redraws the bar on a terminal and prints one line per epoch elsewhere (default: ${DEFAULT-VALUE}).")
    Progress progress;

    @Override
    public Integer call() {
        checkOptions();
        FitOptions fitOptions = new FitOptions().epochs(epochs).batchSize(batchSize).validationSplit(validationSplit)
                .seed(seed).verbose(progress.verbose());
        applyDistribution(fitOptions, distribution);
        Recipe recipe = Recipe.find(model);
        if (recipe == null) {
            ModelFiles.check(spec, "MODEL", model, ModelFiles.EXPECTED_FILE + " or a recipe (mlp, cnn, lstm)");
            String sizing = units != null ? "--units" : filters != null ? "--filters" : dropout > 0 ? "--dropout"
                    : task != Task.auto ? "--task" : null;
            if (sizing != null) throw Usage.error(spec, sizing, sizing + " only with a recipe (mlp, cnn, lstm) as MODEL",
                    sizing + " with '" + model + "'");
        }
        else if (units != null && recipe == Recipe.cnn) throw Usage.error(spec, "--units", "no --units for the cnn recipe (its sizes are --filters)", units.toString());
        else if (filters != null && recipe != Recipe.cnn) throw Usage.error(spec, "--filters", "--filters only with the cnn recipe", "--filters with " + recipe);
        Optimizer opt = optimizer == null ? null : resolve("--optimizer", optimizer, () -> Optimizers.get(optimizer));
        if (loss != null) resolve("--loss", loss, () -> Losses.get(loss));
        if (metrics != null) for (String m : metrics) resolve("--metrics", m, () -> Metrics.get(m));

        Gradus.setRandomSeed(seed);
        if (threads != null) Gradus.setThreads(threads);
        PrintStream out = root.out;
        LoadedData d = DataLoader.load(spec, data, dataOptions, true);
        out.printf(Locale.ROOT, "Data: %s, %,d samples of shape %s%s%n", d.name(), d.rows(), d.sampleShape(),
                d.hasTest() ? String.format(Locale.ROOT, " (and %,d test samples)", d.xTest().dim(0)) : "");

        Model m;
        boolean classes;
        if (recipe != null) {
            int k = d.classCount();
            classes = task == Task.classification || (task == Task.auto && k >= 2);
            if (classes && k < 2) throw Usage.error(spec, "--task", "labels that are class indices 0..k-1 for classification",
                    "labels of shape " + d.y().shape() + " that are not");
            int outputs = classes ? k : (d.y().rank() == 1 ? 1 : d.y().dim(1));
            List<Integer> sizes = recipe == Recipe.cnn ? (filters != null ? filters : recipe.defaultSizes)
                    : (units != null ? units : recipe.defaultSizes);
            m = recipe.build(d.x(), sizes, dropout, outputs, classes);
        } else {
            m = ModelFiles.load(Path.of(model), true);
            classes = d.classCount() >= 2 && task != Task.regression;
        }
        if (classes && !d.classNames().isEmpty() && d.classNames().size() <= 20)
            out.println("Classes: " + String.join(", ", d.classNames()));
        compile(m, opt, classes);
        m.printSummary(out);

        History history = new History();
        List<Callback> callbacks = new ArrayList<>(List.of(history));
        ProgbarLogger bar = progress.logger(out);
        if (bar != null) callbacks.add(bar);
        if (patience != null) callbacks.add(new EarlyStopping().monitor(validationSplit > 0 ? "val_loss" : "loss")
                .patience(patience).restoreBestWeights(true));
        fitOptions.callbacks(callbacks);
        try {
            m.fit(d.x(), d.labels(), fitOptions);
        } catch (IllegalArgumentException e) {
            throw ModelFiles.mismatch(model, data, e);
        }

        Map<String, List<Double>> h = history.history();
        if (d.hasTest()) {
            Map<String, Double> test = m.evaluate(d.xTest(), d.testLabels(), new EvaluateOptions().batchSize(batchSize).verbose(0));
            StringBuilder line = new StringBuilder("Test (" + d.xTest().dim(0) + " samples)");
            test.forEach((k, v) -> line.append(" - test_").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
            out.println(line);
        } else if (!h.isEmpty()) {
            StringBuilder line = new StringBuilder("Final epoch");
            h.forEach((k, v) -> line.append(" - ").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v.get(v.size() - 1))));
            out.println(line);
        }
        Path modelFile = outDir.resolve("model.keras"), csv = outDir.resolve("history.csv");
        Path png = outDir.resolve("history.png"), svg = outDir.resolve("history.svg");
        m.save(modelFile);
        writeHistory(csv, h);
        try {
            TrainingPlot plot = new TrainingPlot(d.name() + " " + (recipe != null ? recipe.name() : m.name()), h);
            plot.writePng(png);
            plot.writeSvg(svg);
        } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
            // headless Java draws text with the system's fonts; a bare container may have none
            throw new IllegalStateException("the training curves could not be drawn (" + GradusCommand.describe(e)
                    + "); the model and the history were written to " + modelFile + " and " + csv
                    + ". Java needs fontconfig and a font to draw text in images (Debian: apt-get install fontconfig fonts-dejavu-core)", e);
        }
        out.println("Wrote the model to " + modelFile + ", the history to " + csv + ", the training curves to " + png + " and " + svg);
        out.flush();
        return 0;
    }

    /**
     * Applies {@code --distribution replicas=N}: the fit runs as N data-parallel replicas in this JVM
     * ({@code DataParallel.replicas(N)}); one replica gives the bits of a plain fit.
     */
    private static void applyDistribution(FitOptions options, Replicas replicas) {
        if (replicas == null) return;
        options.distribution(DataParallel.replicas(replicas.count()));
    }

    private void checkOptions() {
        if (epochs < 1) throw Usage.error(spec, "--epochs", "an integer >= 1", Integer.toString(epochs));
        if (batchSize < 1) throw Usage.error(spec, "--batch-size", "an integer >= 1", Integer.toString(batchSize));
        if (!(validationSplit >= 0 && validationSplit < 1)) throw Usage.error(spec, "--validation-split", "a fraction in [0, 1)", Double.toString(validationSplit));
        if (!(dropout >= 0 && dropout < 1)) throw Usage.error(spec, "--dropout", "a rate in [0, 1)", Double.toString(dropout));
        if (patience != null && patience < 1) throw Usage.error(spec, "--early-stopping", "a patience >= 1 (epochs)", patience.toString());
        if (threads != null && threads < 1) throw Usage.error(spec, "--threads", "an integer >= 1", threads.toString());
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate)))
            throw Usage.error(spec, "--learning-rate", "a positive number", learningRate.toString());
        for (List<Integer> sizes : java.util.Arrays.asList(units, filters))
            if (sizes != null) for (int s : sizes) if (s < 1) throw Usage.error(spec, sizes == units ? "--units" : "--filters",
                    "positive layer sizes", sizes.toString());
    }

    private <T> T resolve(String option, String value, java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (IllegalArgumentException e) {
            throw Usage.error(spec, option, "a Keras identifier", "'" + value + "' (" + GradusCommand.oneLine(e.getMessage()) + ")");
        }
    }

    /** Compiles with the options given, falling back on the file's own compile config, then on the task's defaults. */
    private void compile(Model m, Optimizer opt, boolean classes) {
        boolean keep = m.compiled() && opt == null && loss == null && metrics == null && learningRate == null;
        if (keep) return;
        CompileOptions before = m.compiled() ? m.compileOptions() : null;
        Object o = opt != null ? opt : before != null ? m.optimizer() : Optimizers.get("adam");
        if (learningRate != null) ((Optimizer) o).learningRate(learningRate);
        Object l = loss != null ? loss : before != null ? before.loss() : classes ? "sparse_categorical_crossentropy" : "mse";
        Object ms = metrics != null ? metrics : before != null ? before.metrics() : List.of(classes ? "accuracy" : "mae");
        CompileOptions c = new CompileOptions().optimizer(o).loss(l);
        if (ms instanceof List<?> list) c.metrics(list.toArray());
        else if (ms != null) c.metrics(ms);
        m.compile(c);
    }

    /** Keras's CSVLogger layout: {@code epoch} then the keys in sorted order, one row per epoch. */
    static void writeHistory(Path target, Map<String, List<Double>> history) {
        TreeSet<String> keys = new TreeSet<>(history.keySet());
        StringBuilder s = new StringBuilder("epoch");
        for (String k : keys) s.append(',').append(k);
        s.append('\n');
        int rows = history.values().stream().mapToInt(List::size).max().orElse(0);
        for (int e = 0; e < rows; e++) {
            s.append(e);
            for (String k : keys) {
                List<Double> v = history.get(k);
                s.append(',');
                if (e < v.size()) s.append(v.get(e));
            }
            s.append('\n');
        }
        OutputFiles.write(target, s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
