package dev.gradus.callbacks;

import dev.gradus.util.AtomicFiles;
import dev.gradus.util.Check;
import dev.gradus.util.Json;
import dev.gradus.util.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Backs up the training state so that an interrupted {@code fit} can resume, as Keras's
 * {@code BackupAndRestore(backup_dir, save_freq="epoch", delete_checkpoint=True)}. The backup is
 * Keras's pair {@code latest.weights.h5} (model and optimizer state) and
 * {@code training_metadata.json} ({@code {"epoch": E, "batch": B}}); when {@code fit} starts again
 * with the same callback, the weights are loaded and training resumes at epoch E. With
 * {@code save_freq="epoch"} a run interrupted anywhere ends with the weights of an uninterrupted
 * run, bit for bit (shuffles are replayed; layers that draw random numbers, such as Dropout, restart
 * their streams). With an integer {@code save_freq}, E is the epoch in progress, which restarts from
 * its first batch with the weights of the backup, as in Keras. A completed {@code fit} deletes the
 * folder unless {@code deleteCheckpoint(false)}.
 *
 * <p>Crash safety: each file is written under a temporary name and renamed into place; the
 * metadata also records the SHA-256 of the weights file it goes with, and the previous pair is kept
 * as {@code _latest.weights.h5}/{@code _training_metadata.json}. A backup interrupted between or
 * during its two writes leaves a pair that does not match, and the previous one is used.
 */
public class BackupAndRestore extends Callback {

    private final Path backupDir;
    private final Path weights, metadata, prevWeights, prevMetadata;
    private int saveFreq;
    private boolean deleteCheckpoint = true;

    private int currentEpoch;
    private int lastBatchSeen;
    private int batchesSinceLastSave;

    public BackupAndRestore(String backupDir) {
        this(Path.of(checkDir(backupDir)));
    }

    public BackupAndRestore(Path backupDir) {
        this.backupDir = Check.notNull("backup_dir", backupDir);
        checkDir(backupDir.toString());
        weights = backupDir.resolve("latest.weights.h5");
        metadata = backupDir.resolve("training_metadata.json");
        prevWeights = backupDir.resolve("_latest.weights.h5");
        prevMetadata = backupDir.resolve("_training_metadata.json");
    }

    private static String checkDir(String dir) {
        if (dir == null || dir.isEmpty()) throw new IllegalArgumentException("Empty `backup_dir` argument passed");
        return dir;
    }

    /** {@code "epoch"} (default): back up at each epoch's end. */
    public BackupAndRestore saveFreq(String saveFreq) {
        Check.argument("epoch".equals(saveFreq), "Invalid value for argument `save_freq`. Received: save_freq="
                + saveFreq + ". Expected either 'epoch' or an integer value.");
        this.saveFreq = 0;
        return this;
    }

    /** Back up every {@code batches} training batches. */
    public BackupAndRestore saveFreq(int batches) {
        this.saveFreq = Check.atLeast("save_freq", batches, 1);
        return this;
    }

    /** Delete the backup folder when {@code fit} completes (default true). */
    public BackupAndRestore deleteCheckpoint(boolean deleteCheckpoint) {
        this.deleteCheckpoint = deleteCheckpoint;
        return this;
    }

    public Path backupDir() {
        return backupDir;
    }

    @Override
    public void onTrainBegin(Map<String, Object> logs) {
        if (!model().built()) throw new IllegalArgumentException("To use the BackupAndRestore callback, your model must be "
                + "built before you call `fit()`. Model " + model().name() + " is unbuilt. You can build it beforehand by "
                + "calling it on a batch of data.");
        currentEpoch = 0;
        lastBatchSeen = 0;
        batchesSinceLastSave = 0;
        if (restore(weights, metadata)) return;
        restore(prevWeights, prevMetadata);
    }

    /** Loads one weights/metadata pair if both exist and match; false when there is nothing usable. */
    private boolean restore(Path weightsFile, Path metadataFile) {
        if (!Files.exists(weightsFile) || !Files.exists(metadataFile)) return false;
        Map<?, ?> meta;
        try {
            meta = Json.parseObject(Files.readString(metadataFile, StandardCharsets.UTF_8), metadataFile.toString());
        } catch (IOException | IllegalArgumentException e) {
            return false; // unreadable metadata: fall back to the previous pair
        }
        Object sha = meta.get("weights_sha256");
        if (sha != null && !sha.equals(Sha256.of(weightsFile))) return false; // weights from another save
        if (model().compiled() && !model().optimizer().isBuilt()) model().optimizer().build(model().trainableVariables());
        model().loadWeights(weightsFile);
        Object epoch = meta.get("epoch");
        if (!(epoch instanceof Number n) || n.intValue() < 0) throw new IllegalArgumentException("BackupAndRestore: "
                + metadataFile + " must hold a non-negative integer \"epoch\", got " + epoch);
        model().initialEpoch(n.intValue());
        return true;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Object> logs) {
        currentEpoch = epoch + 1;
        lastBatchSeen = 0;
        if (saveFreq == 0) save();
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Object> logs) {
        if (saveFreq == 0) return;
        batchesSinceLastSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
        lastBatchSeen = batch;
        if (batchesSinceLastSave >= saveFreq) {
            batchesSinceLastSave = 0;
            save();
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Object> logs) {
        currentEpoch = epoch;
    }

    private void save() {
        Object writing = backupDir;
        try {
            Files.createDirectories(backupDir);
            // keep the last complete pair until the new one is in place
            writing = "the copy of " + weights + " to " + prevWeights;
            if (Files.exists(weights)) copyAtomically(weights, prevWeights);
            writing = "the copy of " + metadata + " to " + prevMetadata;
            if (Files.exists(metadata)) copyAtomically(metadata, prevMetadata);
            writing = weights;
            model().saveWeights(weights);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("epoch", currentEpoch);
            meta.put("batch", lastBatchSeen);
            meta.put("weights_sha256", Sha256.of(weights));
            writing = metadata;
            AtomicFiles.write(metadata, Json.writePython(meta, PyFormat::repr).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(failure(writing, e), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(failure(writing, e), e);
        }
    }

    /** Which file could not be written and why, down to the root cause (a full disk's "No space left on device"). */
    private String failure(Object file, Exception e) {
        return "BackupAndRestore: cannot write " + file + " in the backup folder " + backupDir
                + " (the last complete backup is kept): " + AtomicFiles.describe(e);
    }

    @Override
    public void onTrainEnd(Map<String, Object> logs) {
        if (!deleteCheckpoint || !Files.exists(backupDir)) return;
        try (Stream<Path> files = Files.walk(backupDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot delete " + backupDir, e);
        }
    }


    private static void copyAtomically(Path from, Path to) throws IOException {
        AtomicFiles.write(to, Files.readAllBytes(from));
    }
}
