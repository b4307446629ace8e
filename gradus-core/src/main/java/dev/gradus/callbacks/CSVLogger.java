package dev.gradus.callbacks;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams each epoch's logs to a CSV file, as Keras's {@code CSVLogger(filename, separator=",",
 * append=False)}: the columns are {@code epoch} (0-based) and the first epoch's log keys sorted; when
 * that epoch has no {@code val_} entries (validation_freq > 1), {@code val_<key>} columns are added
 * for every key and filled with {@code NA} until they appear. Numbers are written as Python prints
 * them, non-scalar values as a bracketed list, rows are {@code \r\n}-terminated and quoted as
 * Python's {@code csv} module does (the excel dialect), and each row is written whole, in one write
 * that is undone if it fails midway (a full disk), so the file only ever holds complete rows. With
 * {@code append(true)} the header is written only when the file is empty.
 */
public class CSVLogger extends Callback {
    private static final Logger LOG = LoggerFactory.getLogger(CSVLogger.class);
    private final Path filename;
    private String separator = ",";
    private boolean append;
    private List<String> keys;
    private RowSink writer;
    private boolean writeHeader;
    /** Test seam: how the file is opened (a sink that fails midway stands for a full disk). */
    Function<FileChannel, RowSink> sinks = FileSink::new;

    /** Where rows go: a file, written at its end, that can be cut back to a length. */
    interface RowSink extends Closeable {
        long size() throws IOException;

        void write(ByteBuffer bytes) throws IOException;

        void truncate(long size) throws IOException;
    }

    record FileSink(FileChannel channel) implements RowSink {
        @Override public long size() throws IOException {
            return channel.size();
        }

        /** Writes at the end of the file, wherever the channel's position is. */
        @Override public void write(ByteBuffer bytes) throws IOException {
            long at = channel.size();
            while (bytes.hasRemaining()) at += channel.write(bytes, at);
        }

        @Override public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override public void close() throws IOException {
            channel.close();
        }
    }

    public CSVLogger(String filename) {
        this(Path.of(Check.notNull("filename", filename)));
    }

    public CSVLogger(Path filename) {
        this.filename = Check.notNull("filename", filename);
    }

    /** The field separator: one character (Python's csv module accepts no other). */
    public CSVLogger separator(String separator) {
        Check.argument(separator != null && separator.length() == 1 && separator.charAt(0) != '"'
                && separator.charAt(0) != '\r' && separator.charAt(0) != '\n',
                "separator must be a single character other than a quote or a line break, got " + (separator == null ? null : "'" + separator + "'"));
        this.separator = separator;
        return this;
    }

    /** Append to an existing file instead of overwriting it. */
    public CSVLogger append(boolean append) {
        this.append = append;
        return this;
    }

    /**
     * Opens the file. With {@code append(true)}, a last row without its line ending (a run that died
     * mid-write, a full disk) is cut off first, with a warning, so that this run's first row starts
     * on a line of its own instead of being glued to the torn one.
     */
    @Override
    public void onTrainBegin(Map<String, Object> logs) {
        try {
            Path parent = filename.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            FileChannel channel = FileChannel.open(filename, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.READ : StandardOpenOption.TRUNCATE_EXISTING);
            writer = sinks.apply(channel);
            if (append) repairTornTail(channel);
            writeHeader = writer.size() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + filename + " for writing: " + AtomicFiles.describe(e), e);
        }
    }

    private void repairTornTail(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) return;
        // find the last line ending, reading back from the end in blocks
        ByteBuffer block = ByteBuffer.allocate(8192);
        long end = size, keep = 0;
        search:
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining()) if (channel.read(block, start + block.position()) < 0) break;
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    keep = start + i + 1;
                    break search;
                }
            }
            end = start;
        }
        if (keep == size) return;
        LOG.warn("CSVLogger: {} ends with a torn row of {} bytes (no line ending: a run stopped while writing it);"
                + " removing it before appending", filename, size - keep);
        writer.truncate(keep);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Object> logs) {
        if (writer == null) throw new IllegalStateException("CSVLogger: onEpochEnd before onTrainBegin");
        if (keys == null) {
            keys = new ArrayList<>(new TreeSet<>(logs.keySet()));
            if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
                List<String> val = new ArrayList<>();
                for (String k : keys) val.add("val_" + k);
                keys.addAll(val);
            }
        }
        try {
            if (writeHeader) {
                List<String> header = new ArrayList<>();
                header.add("epoch");
                header.addAll(keys);
                writeRow(header);
                writeHeader = false;
            }
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(epoch));
            for (String k : keys) row.add(logs.containsKey(k) ? cell(logs.get(k)) : "NA");
            writeRow(row);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write a row to " + filename + " (the file keeps its complete rows): "
                    + AtomicFiles.describe(e), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Object> logs) {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + filename, e);
        } finally {
            writer = null;
        }
    }

    /** A value as Keras's handle_value leaves it: scalars as Python prints them, others as "[a, b, ...]" in quotes. */
    private static String cell(Object v) {
        if (v instanceof Tensor t && t.size() != 1) {
            List<String> items = new ArrayList<>();
            for (float f : t.toFloatArray()) items.add(PyFormat.repr(f));
            return "\"[" + String.join(", ", items) + "]\"";
        }
        if (v instanceof Tensor t) return PyFormat.repr(t.toFloatArray()[0]);
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (Object o : l) items.add(PyFormat.str(o));
            return "\"[" + String.join(", ", items) + "]\"";
        }
        return PyFormat.str(v);
    }

    private void writeRow(List<String> fields) throws IOException {
        char sep = separator.charAt(0);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) line.append(sep);
            String f = fields.get(i);
            boolean quote = f.indexOf(sep) >= 0 || f.indexOf('"') >= 0 || f.indexOf('\r') >= 0 || f.indexOf('\n') >= 0;
            line.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        // one write of the whole row; if it fails midway (a full disk), the part written is cut off again
        long before = writer.size();
        try {
            writer.write(ByteBuffer.wrap(line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            try {
                writer.truncate(before);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }
}
