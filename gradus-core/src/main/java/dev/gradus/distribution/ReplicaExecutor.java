package dev.gradus.distribution;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Runs one job per replica and returns their results in replica order. The replicas of a
 * {@link DataParallel} on {@code "cpu:i"} devices are {@link LocalReplicas}; another device type
 * (a Spark executor, a GPU) brings its own executor without changing {@code DataParallel}.
 */
public interface ReplicaExecutor {
    /** Runs {@code job.apply(r)} for every replica {@code r} in {@code [0, replicas)}; results in replica order. */
    <T> List<T> runAll(int replicas, IntFunction<T> job);

    /** The executor for these devices; all must be of one type that Gradus can run. */
    static ReplicaExecutor forDevices(List<String> devices) {
        String type = null;
        for (String d : devices) {
            String t = d.substring(0, d.indexOf(':')).toLowerCase(Locale.ROOT);
            if (type != null && !type.equals(t)) throw new IllegalArgumentException("devices: expected devices of one type, got "
                    + devices + " (mixing '" + type + "' and '" + t + "')");
            type = t;
        }
        if ("cpu".equals(type)) return new LocalReplicas();
        throw new IllegalArgumentException("devices: expected 'cpu' devices (Distribution.listDevices() lists them), got "
                + devices + ": Gradus has no backend for '" + type + "' devices");
    }
}
