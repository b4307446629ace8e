package dev.gradus.tensor.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * A float buffer whose element {@link #offset} lies on a 64-byte boundary, for the packed GEMM
 * panel that the micro-kernel reads with full-width vector loads: a 64-byte load that straddles two
 * cache lines costs two. Java gives no control of an array's address, and the packed B panel's
 * landed wherever the allocator put it, so an n = 1024 product ran at 122-132 or 141-148 GFLOP/s on
 * one thread depending on the run (Sapphire Rapids, AVX-512 at full width).
 *
 * <p>Under G1 an array of at least half a heap region is "humongous": it starts at a region's first
 * byte and is never moved, so its first element sits at the array header's size past a 64-byte
 * boundary and a fixed offset aligns it. The buffer is grown to that size where needed (never past
 * half a region, 16 MB at G1's largest). With another collector, or where the VM cannot be asked,
 * the offset is 0 and the buffer is an ordinary array, as before: only speed differs, never results.
 */
final class AlignedFloats {
    private static final int ALIGN = 64;
    /** Bytes from an array's address to its first float (16 with compressed class pointers). */
    private static final int BASE = arrayBase();
    /** Half of G1's region size in bytes, or 0 when G1 is not in use or cannot be asked. */
    private static final long HUMONGOUS = humongousBytes();

    /** The array, at least {@code offset + size} long. */
    final float[] data;
    /** First element of the aligned region. */
    final int offset;

    private AlignedFloats(float[] data, int offset) {
        this.data = data;
        this.offset = offset;
    }

    /** {@code size} floats starting on a 64-byte boundary where the collector allows it. */
    static AlignedFloats allocate(int size) {
        if (!aligned()) return new AlignedFloats(new float[size], 0);
        int pad = (ALIGN - BASE % ALIGN) % ALIGN / Float.BYTES;
        // one float past half a region: G1 takes an object as humongous from that size on
        long floats = Math.max((long) size + pad, (HUMONGOUS - BASE) / Float.BYTES + 1);
        if (floats > Integer.MAX_VALUE - 16) return new AlignedFloats(new float[size], 0);
        return new AlignedFloats(new float[(int) floats], pad);
    }

    /** Whether buffers from {@link #allocate} are aligned in this VM (for benchmark reports). */
    static boolean aligned() {
        return HUMONGOUS > 0 && BASE > 0 && BASE % Float.BYTES == 0;
    }

    private static int arrayBase() {
        try {
            return sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET;
        } catch (LinkageError e) {
            return -1;
        }
    }

    private static long humongousBytes() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || !Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) return 0;
            long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
            return region > 0 ? region / 2 : 0;
        } catch (LinkageError | RuntimeException e) {
            // no management module (a trimmed runtime) or no such option: leave buffers unaligned
            return 0;
        }
    }
}
