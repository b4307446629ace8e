package dev.gradus.spark;

import java.io.Serializable;

/**
 * Code run on the executor before each replica's shard of a step: instrumentation (logging which
 * executor ran which shard) and fault-injection tests (throw, or halt the executor JVM, and watch Spark
 * retry the task). It is serialised into every task, so it must be a {@link Serializable} lambda or
 * class on the executors' class path. What it throws fails the task attempt, which Spark retries.
 */
@FunctionalInterface
public interface ShardHook extends Serializable {
    /** Called on the executor before the replica computes its shard. */
    void beforeShard(ShardContext context);

    /**
     * Where a shard runs: the kind of step ({@code "train"}, {@code "test"} or {@code "predict"}), the
     * train step's number (the optimizer's iteration; -1 for test and predict), the replica, Spark's
     * attempt number of this task (0 first, then 1, 2, ... on retries), and whether the shard's rows
     * were gathered from arrays cached on the executor (only their indices travelled with the task).
     */
    record ShardContext(String kind, long step, int replica, int attempt, boolean rowsCached) {}
}
