package dev.gradus.cli;

import dev.gradus.callbacks.ProgbarLogger;
import java.io.PrintStream;

/**
 * {@code --progress}: Keras's progress bar as {@code verbose="auto"} shows it (redrawn in place on a
 * terminal, one line per epoch into a file or a pipe), or forced either way, or off.
 */
enum Progress {
    auto, bar, lines, none;

    int verbose() {
        return this == none ? 0 : 1;
    }

    /** The logger for {@code out}; null when silent. */
    ProgbarLogger logger(PrintStream out) {
        return switch (this) {
            // the no-argument logger asks whether standard output is a terminal
            case auto -> out == System.out ? new ProgbarLogger() : new ProgbarLogger(out, false);
            case bar -> new ProgbarLogger(out, true);
            case lines -> new ProgbarLogger(out, false);
            case none -> null;
        };
    }
}
