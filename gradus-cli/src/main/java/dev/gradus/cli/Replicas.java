package dev.gradus.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --distribution replicas=N}: data-parallel training on N replicas of the model. */
record Replicas(int count) {
    private static final Pattern FORM = Pattern.compile("replicas=(\\d{1,6})");

    Replicas {
        if (count < 1) throw new IllegalArgumentException("replicas must be at least 1, got " + count);
    }

    static final class Converter implements ITypeConverter<Replicas> {
        @Override
        public Replicas convert(String value) {
            Matcher m = FORM.matcher(value.strip());
            if (m.matches() && Integer.parseInt(m.group(1)) >= 1) return new Replicas(Integer.parseInt(m.group(1)));
            throw new TypeConversionException("expected replicas=N with N >= 1, got '" + value + "'");
        }
    }
}
