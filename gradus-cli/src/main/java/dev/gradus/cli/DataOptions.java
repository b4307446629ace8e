package dev.gradus.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to read DATA: the options every subcommand that takes DATA shares (a picocli mixin). */
final class DataOptions {
    @Option(names = "--label", paramLabel = "COLUMN",
            description = "CSV: the label column's name (required to fit or evaluate on a CSV file).")
    String label;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "NPY or IDX: the file holding the labels that go with DATA.")
    Path labels;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "CSV: the field separator (default: ${DEFAULT-VALUE}).")
    char delimiter;

    @Option(names = "--image-size", paramLabel = "HxW",
            description = "Image folder: resize every image to HxW (default: the first image's size).")
    String imageSize;

    @Option(names = "--color-mode", paramLabel = "MODE", defaultValue = "rgb",
            description = "Image folder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ImageFolder.ColorMode colorMode;
}
