package dev.gradus.tensor.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Block sizes of {@code VectorGemm}, kept apart from it so that {@link Gemm} can read them without
 * loading a class that references {@code jdk.incubator.vector}.
 *
 * <p>The k and n blocks are chosen at start-up from the core's caches (Linux's sysfs), because the
 * best values differ by core: on a Zen 4 (32 KB L1d, 1 MB L2) KC 384 / NC 960 ran best; on a
 * Sapphire Rapids (48 KB L1d, 2 MB L2) they left an n = 1024 product at 104-110 GFLOP/s on one
 * thread, and KC 256 (one 256 x 48 B sliver fills the L1d) with NC 1056 (n = 1024 in one block, so A
 * is packed once) ran it at 125-135. Unknown caches keep the Zen 4 values. The system properties
 * {@code gradus.gemm.kc}, {@code .mc} and {@code .nc} override them, for tuning runs.
 */
final class VectorGemmShape {
    /** Rows of C per register tile (micro-kernel). */
    static final int MR = 8;
    /** Vectors per row of a register tile (VectorGemm's main micro-kernel is written for 3). */
    static final int NR_VECTORS = 3;
    /** Columns of C per register tile at 16 lanes, used to split work between threads. */
    static final int NR = 48;
    /** Whether this core has the larger caches the second set of blocks was measured on. */
    private static final boolean LARGE_CACHES = cacheBytes(1, "Data") >= 48 << 10 && cacheBytes(2, "Unified") >= 2 << 20;
    /** Depth of one packed panel (k block). */
    static final int KC = Integer.getInteger("gradus.gemm.kc", LARGE_CACHES ? 256 : 384);
    /** Rows of A packed at once (m block), a multiple of MR. */
    static final int MC = Integer.getInteger("gradus.gemm.mc", 192) / MR * MR;
    /** Columns of B packed at once (n block), rounded to whole register tiles by VectorGemm. */
    static final int NC = Integer.getInteger("gradus.gemm.nc", LARGE_CACHES ? 1056 : 960);

    private VectorGemmShape() {}

    /**
     * Size in bytes of cpu0's cache of this level and type ("Data", "Unified"), from
     * {@code /sys/devices/system/cpu/cpu0/cache}; 0 where that cannot be read (not Linux, a sandbox).
     */
    static long cacheBytes(int level, String type) {
        try {
            Path root = Path.of("/sys/devices/system/cpu/cpu0/cache");
            if (!Files.isDirectory(root)) return 0;
            for (int i = 0; i < 8; i++) {
                Path dir = root.resolve("index" + i);
                if (!Files.isDirectory(dir)) break;
                if (!Files.readString(dir.resolve("level")).trim().equals(Integer.toString(level))) continue;
                if (!Files.readString(dir.resolve("type")).trim().equals(type)) continue;
                return parseSize(Files.readString(dir.resolve("size")).trim());
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: fall back to the defaults
        }
        return 0;
    }

    /** "48K" -> 49152, "2048K" -> 2097152, "1M" -> 1048576, "512" -> 512; 0 when unparsable. */
    static long parseSize(String s) {
        if (s.isEmpty()) return 0;
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        long scale = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(digits.toLowerCase(Locale.ROOT)) * scale;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
