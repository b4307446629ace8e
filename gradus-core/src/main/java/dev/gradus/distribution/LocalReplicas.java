package dev.gradus.distribution;

import dev.gradus.tensor.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Replicas in this JVM: spread over Gradus's threads ({@code Gradus.setThreads}), each replica's
 * kernels single-threaded ({@link Parallel#serially}). Replicas therefore compute the same bits on
 * one thread (one after another) as on several (side by side).
 */
public final class LocalReplicas implements ReplicaExecutor {
    @Override
    public <T> List<T> runAll(int replicas, IntFunction<T> job) {
        Object[] results = new Object[replicas];
        Parallel.forChunks(replicas, Math.min(replicas, Parallel.threads()), (from, to) -> {
            for (int r = from; r < to; r++) {
                int replica = r;
                results[r] = Parallel.serially(() -> job.apply(replica));
            }
        });
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) new ArrayList<>(Arrays.asList(results));
        return out;
    }
}
