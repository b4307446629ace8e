package dev.gradus.tensor.kernels;

/**
 * Whether the incubator Vector API may be used. It is optional: without
 * {@code --add-modules jdk.incubator.vector} every kernel runs its scalar loop, and classes that
 * touch {@code jdk.incubator.vector} are never loaded. {@code -Dgradus.vector=false} forces the
 * scalar loops too.
 */
public final class VectorSupport {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("gradus.vector"));
    private static volatile boolean enabled = PRESENT;

    private VectorSupport() {}

    /** True when the Vector API is loaded and not switched off. */
    public static boolean enabled() {
        return enabled;
    }

    /** True when the module was present at start-up, whatever {@link #setEnabled} says now. */
    public static boolean present() {
        return PRESENT;
    }

    /** Switches the vector kernels off (or back on, where present); tests use it to compare both paths. */
    public static void setEnabled(boolean on) {
        enabled = on && PRESENT;
    }
}
