package dev.gradus.distribution;

import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code DataParallel} (and TensorFlow's {@code MirroredStrategy}): every replica holds the
 * same weights; each global batch is split into contiguous shards, one per replica; each replica runs
 * forward and backward on its shard; the gradients are summed in replica order with the loss scaled
 * by the global batch size, and one optimizer step updates the weights. Metrics see every shard.
 *
 * <p>BatchNormalization normalises each shard with that shard's own batch statistics (the
 * {@code tf.distribute} default, not synchronised batch norm); its moving statistics take the mean of
 * the replicas' updates. Dropout and the random layers draw per example and per step, so their masks
 * do not depend on the split or the thread count.
 *
 * <p>Replicas on {@code "cpu:i"} devices run in this JVM, side by side on Gradus's threads, each
 * with single-threaded kernels: a run's bits depend on the number of replicas, not on the thread count.
 */
public final class DataParallel extends Distribution {
    private final ReplicaExecutor executor;

    /** Replicas on these devices, in this order (e.g. {@code Distribution.listDevices()}). */
    public DataParallel(List<String> devices) {
        super(devices);
        this.executor = ReplicaExecutor.forDevices(devices());
    }

    /** {@code n} replicas on this JVM's CPUs: devices {@code "cpu:0"} ... {@code "cpu:n-1"}. */
    public static DataParallel replicas(int n) {
        Check.atLeast("replicas", n, 1);
        List<String> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) devices.add("cpu:" + i);
        return new DataParallel(devices);
    }

    /** The number of replicas (Keras's {@code num_replicas_in_sync}). */
    public int replicaCount() {
        return devices().size();
    }

    /**
     * The shards of a global batch of {@code n} examples: replica {@code r} takes the contiguous range
     * {@code [bounds[r], bounds[r + 1])}, the sizes differing by at most one (the first shards take
     * the remainder); a replica's shard is empty when {@code n} is smaller than the replica count.
     */
    public int[] shardBounds(int n) {
        return shardBounds(n, replicaCount());
    }

    /** {@link #shardBounds(int)} for {@code replicas} replicas (a cluster's distribution cuts its batches the same way). */
    public static int[] shardBounds(int n, int replicas) {
        Check.atLeast("n", n, 0);
        Check.atLeast("replicas", replicas, 1);
        int r = replicas;
        int[] bounds = new int[r + 1];
        for (int i = 0; i <= r; i++) bounds[i] = (int) (((long) n * i + r - 1) / r);
        bounds[r] = n;
        return bounds;
    }

    /** What runs the replicas (chosen from the devices' type). */
    public ReplicaExecutor executor() {
        return executor;
    }
}
