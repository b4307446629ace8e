package dev.gradus.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Bad-usage errors (exit 2), one line each: the argument, what was expected, what was received. */
final class Usage {
    private Usage() {}

    static ParameterException error(CommandSpec spec, String argument, String expected, String received) {
        return new ParameterException(spec.commandLine(), argument + ": expected " + expected + ", got " + received);
    }

    static String quote(Object value) {
        return value == null ? "nothing" : "'" + value + "'";
    }
}
