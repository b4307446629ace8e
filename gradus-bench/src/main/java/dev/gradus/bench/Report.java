package dev.gradus.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measurement protocol shared by Gradus's end-to-end runs and the peers in {@code gradus-peers}: per-epoch
 * wall and process-CPU seconds, test accuracy, the median of the epochs after the warm-up, peak RSS and the
 * load, printed as one {@code RESULT {json}} line that {@code bench/e2e} collects. Keeping it in one class
 * means every column of the table is measured the same way for every engine.
 */
public final class Report {
    private final String engine, workload;
    private final int threads;
    private final List<Double> seconds = new ArrayList<>(), cpuSeconds = new ArrayList<>(), jitCpuSeconds = new ArrayList<>(),
            accuracy = new ArrayList<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private long wall0, cpu0, jit0;

    public Report(String engine, String workload, int threads) {
        this.engine = engine;
        this.workload = workload;
        this.threads = threads;
    }

    /** Starts timing an epoch (or pass). */
    public void start() {
        jit0 = jitCpuNanos(); // first: its reads of /proc stay out of the epoch's process CPU and wall time
        cpu0 = cpuNanos();
        wall0 = System.nanoTime();
    }

    /** Ends the epoch started last; returns its wall seconds. */
    public double stop() {
        double sec = (System.nanoTime() - wall0) / 1e9;
        seconds.add(sec);
        cpuSeconds.add((cpuNanos() - cpu0) / 1e9);
        long jit = jitCpuNanos();
        if (jit >= 0 && jit0 >= 0) jitCpuSeconds.add(Math.max(0, jit - jit0) / 1e9);
        return sec;
    }

    /** Test accuracy after the epoch just stopped (not timed). */
    public void accuracy(double value) {
        accuracy.add(value);
        System.out.printf(Locale.ROOT, "epoch %d: %.2f s, test accuracy %.4f, load %.2f%n", seconds.size(),
                seconds.get(seconds.size() - 1), value, load1());
    }

    /** A named figure of the run (W6's latencies and throughput). */
    public void figure(String key, double value) {
        figures.put(key, value);
        System.out.printf(Locale.ROOT, "%s = %.3f (load %.2f)%n", key, value, load1());
    }

    /** The median of the timed epochs. */
    public double medianSeconds() {
        return median(timed());
    }

    /** The epochs after the first (the warm-up); all of them when there is only one. */
    private List<Double> timed() {
        return seconds.subList(Math.min(1, seconds.size() - 1), seconds.size());
    }

    /** Prints the RESULT line; {@code stepsPerEpoch > 0} adds steps/s (W3). */
    public void print(int stepsPerEpoch) {
        StringBuilder sb = new StringBuilder("RESULT {");
        sb.append("\"peer\":\"").append(engine.replace("\"", "'")).append("\",");
        sb.append("\"workload\":\"").append(workload).append("\",");
        sb.append("\"threads\":").append(threads).append(',');
        if (!seconds.isEmpty()) {
            double med = medianSeconds();
            sb.append("\"seconds\":").append(list(seconds)).append(',');
            sb.append(String.format(Locale.ROOT, "\"median_s\":%.3f,", med));
            sb.append(String.format(Locale.ROOT, "\"best_s\":%.3f,", timed().stream().mapToDouble(d -> d).min().orElse(0)));
            if (stepsPerEpoch > 0) sb.append(String.format(Locale.ROOT, "\"steps_per_s\":%.1f,", stepsPerEpoch / med));
            sb.append("\"test_acc\":").append(list(accuracy)).append(',');
            List<Double> perWall = new ArrayList<>();
            for (int i = 0; i < seconds.size(); i++) perWall.add(cpuSeconds.get(i) / seconds.get(i));
            sb.append("\"cpu_per_wall\":").append(list(perWall)).append(',');
            // process CPU seconds per epoch: on a loaded host, what the run cost rather than how long it waited
            sb.append("\"cpu_seconds\":").append(list(cpuSeconds)).append(',');
            // of which the JIT compiler threads: on a host with no core to spare, what the compiles took from training
            if (jitCpuSeconds.size() == seconds.size()) sb.append("\"jit_cpu_seconds\":").append(list(jitCpuSeconds)).append(',');
        }
        for (Map.Entry<String, Double> f : figures.entrySet())
            sb.append(String.format(Locale.ROOT, "\"%s\":%.3f,", f.getKey(), f.getValue()));
        sb.append("\"peak_rss_mb\":").append(procStatus("VmHWM") / 1024).append(',');
        sb.append("\"os_threads\":").append(procStatus("Threads")).append(',');
        sb.append(String.format(Locale.ROOT, "\"load1\":%.2f}", load1()));
        System.out.println(sb);
    }

    /**
     * Batch-1 latency percentiles in microseconds from per-call nanosecond timings: {@code p50_us_<name>} and
     * {@code p99_us_<name>} (nearest rank).
     */
    public void latencies(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        figure("p50_us_" + name, s[(int) Math.ceil(0.50 * s.length) - 1] / 1e3);
        figure("p99_us_" + name, s[(int) Math.ceil(0.99 * s.length) - 1] / 1e3);
    }

    private static String list(List<Double> v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.4f", v.get(i)));
        return sb.append(']').toString();
    }

    public static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double load1() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU nanoseconds used so far by the JVM's JIT compiler threads (HotSpot's "C1/C2 CompilerThread", whose
     * names Linux cuts to 15 characters), read from /proc/self/task; -1 where there is no such file system.
     * The clock ticks of /proc are USER_HZ, 100 per second on Linux. A compiler thread HotSpot retires takes
     * its ticks with it, so a figure can undercount (never on a 2-core host, which keeps one of each).
     */
    static long jitCpuNanos() {
        long ticks = 0;
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name, stat;
                try {
                    name = Files.readString(task.resolve("comm"));
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException ended) {
                    continue; // the thread ended between the listing and the read
                }
                if (isJitCompiler(name)) ticks += cpuTicks(stat);
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 10_000_000L;
    }

    /** Whether a thread of this name (/proc's comm, cut to 15 characters) is one of HotSpot's JIT compilers. */
    static boolean isJitCompiler(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /**
     * A thread's user plus system CPU ticks from its /proc stat line. The name between the parentheses may hold
     * spaces ("C2 CompilerThre"), so the fields are counted from the last ')': utime and stime are the 12th and
     * 13th after it.
     */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A numeric field of /proc/self/status (VmHWM in kB, Threads a count); -1 where there is none. */
    static long procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
