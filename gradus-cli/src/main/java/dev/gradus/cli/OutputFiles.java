package dev.gradus.cli;

import dev.gradus.util.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every file the command line writes goes to a temporary name beside the target, is forced to disk
 * and then renamed over the target, so that a crash or a full disk never leaves a half-written
 * model, history or plot where a good one was.
 */
final class OutputFiles {
    private OutputFiles() {}

    static void write(Path target, AtomicFiles.Writer writer) {
        AtomicFiles.write(target, tmp -> {
            writer.write(tmp);
            fsync(tmp);
            readableByAll(tmp);
        });
    }

    static void write(Path target, byte[] content) {
        write(target, tmp -> java.nio.file.Files.write(tmp, content));
    }

    /** Temporary files are created owner-only; a result file gets the usual rw-r--r-- where the file system has POSIX modes. */
    static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix"))
            java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
