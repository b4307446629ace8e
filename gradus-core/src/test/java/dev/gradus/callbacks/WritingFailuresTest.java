package dev.gradus.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.models.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #18 item 8: a full disk leaves whole CSV rows, append repairs a torn tail, backup failures name file and cause. */
class WritingFailuresTest {
    @TempDir
    Path dir;

    /** A file sink whose {@code failAt}-th write stores half its bytes, then fails as a full disk does. */
    private static final class FullDisk implements CSVLogger.RowSink {
        final CSVLogger.RowSink file;
        int writes, failAt;

        FullDisk(CSVLogger.RowSink file, int failAt) {
            this.file = file;
            this.failAt = failAt;
        }

        @Override public long size() throws IOException {
            return file.size();
        }

        @Override public void write(ByteBuffer bytes) throws IOException {
            if (++writes == failAt) {
                ByteBuffer half = bytes.duplicate();
                half.limit(half.position() + half.remaining() / 2);
                file.write(half);
                throw new IOException("No space left on device");
            }
            file.write(bytes);
        }

        @Override public void truncate(long size) throws IOException {
            file.truncate(size);
        }

        @Override public void close() throws IOException {
            file.close();
        }
    }

    private static Map<String, Object> logs(double loss) {
        Map<String, Object> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        logs.put("val_loss", loss * 2);
        return logs;
    }

    @Test
    void aFullDiskMidRowLeavesOnlyWholeRowsAndNamesTheFileAndCause() throws IOException {
        Path file = dir.resolve("log.csv");
        CSVLogger c = new CSVLogger(file);
        c.sinks = ch -> new FullDisk(new CSVLogger.FileSink(ch), 3);   // header, row 0, then row 1 fails
        c.onTrainBegin(Map.of());
        c.onEpochEnd(0, logs(0.5));
        assertThatThrownBy(() -> c.onEpochEnd(1, logs(0.25))).isInstanceOf(UncheckedIOException.class)
                .hasMessage("CSVLogger: cannot write a row to " + file + " (the file keeps its complete rows): No space left on device");
        c.onTrainEnd(Map.of());
        assertThat(Files.readString(file)).isEqualTo("epoch,loss,val_loss\r\n0,0.5,1.0\r\n");
    }

    @Test
    void appendCutsATornLastRowSoTheNextRowIsNotGluedToIt() throws IOException {
        Path file = dir.resolve("log.csv");
        // what a run killed (or out of disk) while writing row 2 left
        Files.writeString(file, "epoch,loss,val_loss\r\n0,0.5,1.0\r\n1,0.25,0.5\r\n2,0.1", StandardCharsets.UTF_8);
        CSVLogger c = new CSVLogger(file).append(true);
        c.onTrainBegin(Map.of());
        c.onEpochEnd(2, logs(0.125));
        c.onTrainEnd(Map.of());
        assertThat(Files.readString(file)).isEqualTo("epoch,loss,val_loss\r\n0,0.5,1.0\r\n1,0.25,0.5\r\n2,0.125,0.25\r\n");

        // a torn header alone: the file is emptied, and this run writes the header
        Files.writeString(file, "epoch,lo", StandardCharsets.UTF_8);
        CSVLogger d = new CSVLogger(file).append(true);
        d.onTrainBegin(Map.of());
        d.onEpochEnd(0, logs(0.5));
        d.onTrainEnd(Map.of());
        assertThat(Files.readString(file)).isEqualTo("epoch,loss,val_loss\r\n0,0.5,1.0\r\n");
    }

    @Test
    void aBackupThatCannotBeWrittenNamesTheFileAndTheCause() throws IOException {
        Path backup = dir.resolve("backup");
        Path latest = backup.resolve("latest.weights.h5");
        // a folder where the backup's weights file goes: keeping it as the previous backup fails
        Files.createDirectories(latest.resolve("blocker"));
        BackupAndRestore b = new BackupAndRestore(backup);
        Sequential m = BackupAndRestoreTest.model();
        assertThatThrownBy(() -> m.fit(BackupAndRestoreTest.X, BackupAndRestoreTest.Y, BackupAndRestoreTest.options(b)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("BackupAndRestore: cannot write the copy of " + latest + " to " + backup.resolve("_latest.weights.h5")
                        + " in the backup folder " + backup + " (the last complete backup is kept): Is a directory");

    }

    /** Issue #18 item 7: what kill -9 during a checkpoint's save left is gone after the next save of that checkpoint. */
    @Test
    void aCheckpointSaveRemovesTheTemporariesAKilledSaveLeft() throws IOException {
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectories(ckpt);
        Files.write(ckpt.resolve(".ckpt-01.keras4417829301.tmp"), new byte[2048]);
        Files.write(ckpt.resolve(".ckpt-01.keras998877.h5.tmp"), new byte[2048]);
        Sequential m = BackupAndRestoreTest.model();
        m.fit(BackupAndRestoreTest.X, BackupAndRestoreTest.Y, BackupAndRestoreTest.options(
                new ModelCheckpoint(ckpt.resolve("ckpt-{epoch:02d}.keras"))));
        try (var files = Files.list(ckpt)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .allMatch(n -> n.matches("ckpt-\\d\\d\\.keras")).contains("ckpt-01.keras");
        }
    }
}
