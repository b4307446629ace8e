package dev.gradus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void cpuTicksAddUserAndSystemTimeCountedFromTheLastParenthesis() {
        // a compiler thread's stat line as Linux writes it: its name holds a space (and here a ')' too)
        String stat = "4242 (C2 Compiler)hre) S 4200 4200 4200 0 -1 1077936192 2613 0 7 0 251 17 0 0 20 0 22 0 1753 0";
        assertThat(Report.cpuTicks(stat)).isEqualTo(251 + 17);
        assertThat(Report.cpuTicks(stat + "\n")).isEqualTo(268);
    }

    @Test
    void onlyHotSpotsCompilerThreadsCount() {
        assertThat(Report.isJitCompiler("C2 CompilerThre")).isTrue();
        assertThat(Report.isJitCompiler("C1 CompilerThre")).isTrue();
        assertThat(Report.isJitCompiler("gradus-1")).isFalse();
        assertThat(Report.isJitCompiler("VM Thread")).isFalse();
    }

    @Test
    void theRunningJvmsCompilersAreFoundAndHaveWorked() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc: the JIT's CPU is not reported here");
        // a HotSpot JVM with a JIT (none under -Xint) has C1/C2 compiler threads; they are found by name, so
        // this is not asked of isJitCompiler itself (a name test that matched nothing would skip, not fail)
        var jit = ManagementFactory.getCompilationMXBean(); // "HotSpot 64-Bit Tiered Compilers"
        assumeTrue(jit != null && jit.getName().contains("HotSpot"), "not a HotSpot JVM with a JIT");
        // the JIT has compiled JUnit's and the JDK's hot methods by now; /proc counts in 10 ms ticks, so give
        // work to compile until the first tick shows (a broken reading stays at 0 or -1 and fails)
        long deadline = System.nanoTime() + 5_000_000_000L, sink = 0;
        while (Report.jitCpuNanos() <= 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < 100_000; i++) sink += Integer.toString(i).hashCode();
        }
        assertThat(Report.jitCpuNanos()).as("JIT CPU after some work (sink %d)", sink).isPositive();
    }
}
