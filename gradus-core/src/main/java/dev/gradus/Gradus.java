package dev.gradus;

import dev.gradus.tensor.kernels.Gemm;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.tensor.kernels.VectorSupport;
import dev.gradus.util.Seeds;

/** Library-wide settings: how many threads large operations use, and what the kernels run on. */
public final class Gradus {
    private Gradus() {}

    public static String version() {
        String v = Gradus.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /**
     * Sets how many threads large loops and matrix products use (1 = the calling thread only). The
     * default is the system property {@code gradus.threads}, else the number of processors.
     */
    public static void setThreads(int n) {
        Parallel.setThreads(n);
    }

    public static int threads() {
        return Parallel.threads();
    }

    /** True when the Vector API kernels run (the JVM was started with {@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorized() {
        return VectorSupport.enabled();
    }

    public static String matmulImplementation() {
        return Gemm.implementation();
    }

    /**
     * Keras's {@code keras.utils.set_random_seed}: initializers and dropout layers created afterwards
     * without a seed of their own draw their seeds in a fixed sequence, so a run repeats exactly.
     */
    public static void setRandomSeed(long seed) {
        Seeds.setRandomSeed(seed);
    }

    /**
     * Keras's {@code keras.backend.clear_session()}: automatic names start again ({@code dense},
     * {@code dense_1}, ...), so a program that builds models in a loop, or a test suite, gets the same
     * layer names and history keys at each run in one JVM. Layers already named keep their names.
     */
    public static void clearSession() {
        dev.gradus.util.Naming.resetNames();
    }
}
