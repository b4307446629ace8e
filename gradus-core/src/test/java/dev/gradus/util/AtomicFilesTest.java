package dev.gradus.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #18 items 7 and 9: durable publication, and the temporaries a killed write leaves are removed. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void noTrace() {
        AtomicFiles.trace = null;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFileAndItsFolderAreSyncedBeforeTheRenameAndTheFolderAfter() {
        List<String> events = new ArrayList<>();
        AtomicFiles.trace = events::add;
        Path target = dir.resolve("model.keras");
        AtomicFiles.write(target, "abc".getBytes(StandardCharsets.UTF_8));

        assertThat(events).hasSize(4);
        String tmp = events.get(0).substring("sync ".length());
        assertThat(tmp).startsWith(".model.keras").endsWith(".tmp");
        assertThat(events).containsExactly("sync " + tmp, "sync-dir " + dir.getFileName(), "move " + tmp + " model.keras",
                "sync-dir " + dir.getFileName());
    }

    @Test
    void temporariesLeftByAKilledSaveOfTheSameTargetAreRemovedOnTheNextSave() throws IOException {
        // what kill -9 during ModelCheckpoint's save of ckpt-03.keras leaves: the archive's and the HDF5 scratch file
        Files.write(dir.resolve(".ckpt-03.keras7702398123456.tmp"), new byte[100]);
        Files.write(dir.resolve(".ckpt-03.keras1234567.h5.tmp"), new byte[100]);
        Files.write(dir.resolve(".ckpt-03.keras99.h5.tmp"), new byte[100]);
        // not this target's: another checkpoint, a name that only starts alike, a user's file
        Files.write(dir.resolve(".ckpt-04.keras123.h5.tmp"), new byte[1]);
        Files.write(dir.resolve(".ckpt-03.keras.bak.tmp"), new byte[1]);
        Files.write(dir.resolve("notes.tmp"), new byte[1]);

        AtomicFiles.write(dir.resolve("ckpt-03.keras"), new byte[] {1, 2, 3});

        assertThat(names()).containsExactly(".ckpt-03.keras.bak.tmp", ".ckpt-04.keras123.h5.tmp", "ckpt-03.keras", "notes.tmp");
        assertThat(Files.readAllBytes(dir.resolve("ckpt-03.keras"))).containsExactly(1, 2, 3);
    }

    @Test
    void aWriterFailureNamesTheFileAndItsCauseAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("backup.weights.h5");
        Files.write(target, new byte[] {9});
        assertThatThrownBy(() -> AtomicFiles.write(target, tmp -> {
            Files.write(tmp, new byte[10]);
            throw new UncheckedIOException("Exception writing", new IOException("No space left on device"));
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot write " + target + " (any previous file is unchanged): Exception writing: "
                        + "IOException: No space left on device");
        assertThat(names()).containsExactly("backup.weights.h5");
        assertThat(Files.readAllBytes(target)).containsExactly(9);
    }
}
