package dev.gradus.callbacks;

import java.io.PrintStream;
import java.util.Map;

/**
 * Prints Keras's progress bar ({@link Progbar}) during {@code fit}, {@code evaluate} and
 * {@code predict}: {@code "Epoch e/E"} at each epoch start when there are several epochs, the bar
 * during the epoch, the epoch's logs (with its {@code val_} entries) at its end. Validation inside
 * {@code fit} is silent. {@code fit} adds one when verbose is not 0.
 */
public class ProgbarLogger extends Callback {
    private final PrintStream out;
    private final boolean dynamic;
    private int verbose = 1;
    private int epochs = 1;
    private Integer target;
    private int seen;
    private Progbar progbar;
    private boolean calledInFit;

    /** Prints to standard output; in place when standard output is a terminal. */
    public ProgbarLogger() {
        this(System.out, isTerminal());
    }

    /** Prints to {@code out}; {@code dynamic} redraws one line in place (a terminal). */
    public ProgbarLogger(PrintStream out, boolean dynamic) {
        this.out = out;
        this.dynamic = dynamic;
    }

    /**
     * Whether standard input and output are a terminal. JDK 22+ returns a Console even when output
     * is redirected and says which with {@code Console.isTerminal()}, looked up once here because
     * the library is compiled for JDK 17.
     */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only on a terminal
        }
    }

    @Override
    public void setParams(Map<String, Object> params) {
        super.setParams(params);
        Object v = params.get("verbose");
        verbose = v instanceof Number n ? n.intValue() : 1;
        Object e = params.get("epochs");
        epochs = e instanceof Number n ? n.intValue() : 1;
        Object s = params.get("steps");
        target = s instanceof Number n ? n.intValue() : null;
    }

    @Override
    public void onTrainBegin(Map<String, Object> logs) {
        calledInFit = true;
    }

    @Override
    public void onTestBegin(Map<String, Object> logs) {
        if (!calledInFit) reset();
    }

    @Override
    public void onPredictBegin(Map<String, Object> logs) {
        reset();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Object> logs) {
        reset();
        if (verbose != 0 && epochs > 1) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
            out.flush();
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Object> logs) {
        update(batch, logs);
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Object> logs) {
        if (!calledInFit) update(batch, logs);
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Object> logs) {
        update(batch, null);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Object> logs) {
        finish(logs);
    }

    @Override
    public void onTestEnd(Map<String, Object> logs) {
        if (!calledInFit) finish(logs);
    }

    @Override
    public void onPredictEnd(Map<String, Object> logs) {
        finish(null);
    }

    private void reset() {
        seen = 0;
        progbar = null;
    }

    private Progbar bar() {
        if (progbar == null) progbar = new Progbar(target, verbose, "step", out, dynamic);
        return progbar;
    }

    private void update(int batch, Map<String, Object> logs) {
        Progbar p = bar();
        seen = batch + 1;
        if (verbose == 1) p.update(seen, logs, false);
    }

    private void finish(Map<String, Object> logs) {
        Progbar p = bar();
        if (target == null) {
            target = seen;
            p.target(seen);
        }
        p.update(target, logs, true);
    }
}
