package dev.gradus.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file under a temporary name in the target folder and renames it into place, so that a
 * failure midway leaves any previous file as it was and a reader never sees half a file. Models,
 * weights, checkpoints and backups all go through here.
 *
 * <p>Durability: the finished temporary file is fsync'ed, then its folder, before the rename, and the
 * folder again after it, so that a power loss cannot publish an empty or partial file under the
 * target's name (a rename can reach the disk before the data it names). A process killed mid-write
 * ({@code kill -9}) leaves its temporaries behind; the next write of the same target removes them.
 * One process at a time should write a given target.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    /** Targets being written by this JVM now: their temporaries are not stale. */
    private static final ConcurrentHashMap<Path, Integer> WRITING = new ConcurrentHashMap<>();
    /** Test seam: sees "sync <file>", "sync-dir <folder>" and "move <file>" in order; null in use. */
    static volatile Consumer<String> trace;

    /** Writes the content of a file given its (temporary) path. */
    public interface Writer {
        void write(Path temporary) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) {
        Check.notNull("content", content);
        write(target, tmp -> Files.write(tmp, content));
    }

    public static void write(Path target, Writer writer) {
        Check.notNull("target", target);
        Check.argument(target.getFileName() != null, "target: expected a path to a file, got " + target + ", which has no file name");
        Path dir = target.toAbsolutePath().getParent();
        Path key = target.toAbsolutePath().normalize();
        Path tmp = null;
        boolean alone = WRITING.merge(key, 1, Integer::sum) == 1;
        try {
            Files.createDirectories(dir);
            if (alone) removeStaleTemporaries(target);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            writer.write(tmp);
            sync(tmp);
            syncDirectory(dir);
            moveIntoPlace(tmp, target);
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + " (any previous file is unchanged): " + describe(e), e);
        } catch (RuntimeException e) {
            // a writer's own failure (a value it cannot store, an HDF5 library's unchecked exception) still names the file
            String message = "Cannot write " + target + " (any previous file is unchanged): " + describe(e);
            throw e instanceof IllegalArgumentException ? new IllegalArgumentException(message, e) : new IllegalStateException(message, e);
        } finally {
            WRITING.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is ours; a failed cleanup must not hide the original error
                }
            }
        }
    }

    /**
     * An exception's message with the messages of its causes, deepest last: a library's "Exception
     * writing" says nothing until its cause ("No space left on device") is added.
     */
    public static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        int depth = 0;
        for (Throwable c = e.getCause(); c != null && c != e && depth < 8; c = c.getCause(), depth++) {
            String m = c.getMessage();
            if (m != null && s.indexOf(m) < 0) s.append(": ").append(c.getClass().getSimpleName()).append(": ").append(m);
        }
        return s.toString();
    }

    /** Forces a file's content to the storage device. */
    public static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Consumer<String> t = trace;
        if (t != null) t.accept("sync " + file.getFileName());
    }

    /**
     * Forces a folder's entries (a new or renamed file) to the storage device. Where the platform
     * cannot open a folder for this (Windows), the rename is still atomic, only not yet durable.
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot fsync folder {}: {}", dir, e.toString());
        }
        Consumer<String> t = trace;
        if (t != null) t.accept("sync-dir " + dir.getFileName());
    }

    /** Renames a finished file over {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path finished, Path target) throws IOException {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Consumer<String> t = trace;
        if (t != null) t.accept("move " + finished.getFileName() + " " + target.getFileName());
    }

    /** A temporary file beside {@code target} for intermediate content, deleted by the caller. */
    public static Path scratch(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + target.getFileName(), suffix);
    }

    /**
     * Deletes the temporaries that an interrupted write of {@code target} left: {@code .<name><digits>.tmp}
     * and the {@link #scratch} files {@code .<name><digits><suffix>.tmp}, as {@code createTempFile} names them.
     */
    static void removeStaleTemporaries(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Pattern mine = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "\\d+(\\.[A-Za-z0-9]+)?\\.tmp");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "." + globEscape(target.getFileName().toString()) + "*.tmp")) {
            for (Path p : entries) {
                if (!mine.matcher(p.getFileName().toString()).matches() || !Files.isRegularFile(p)) continue;
                Files.deleteIfExists(p);
                LOG.warn("removed {}, a temporary file that an interrupted write of {} left behind", p, target);
            }
        }
    }

    private static String globEscape(String s) {
        return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }
}
