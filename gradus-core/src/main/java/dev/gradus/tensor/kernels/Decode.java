package dev.gradus.tensor.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw bytes of a file format (IDX, NPY) to float32, one loop per stored type. {@code n} values are
 * read from {@code src} starting at byte {@code offset}; wider integers round to the nearest float.
 */
public final class Decode {
    private Decode() {}

    public static float[] unsignedBytes(byte[] src, int offset, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = src[offset + i] & 0xFF;
        return out;
    }

    public static float[] signedBytes(byte[] src, int offset, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = src[offset + i];
        return out;
    }

    public static float[] int16(byte[] src, int offset, int n, ByteOrder order, boolean unsigned) {
        var in = ByteBuffer.wrap(src, offset, n * 2).slice().order(order).asShortBuffer();
        float[] out = new float[n];
        if (unsigned) for (int i = 0; i < n; i++) out[i] = in.get(i) & 0xFFFF;
        else for (int i = 0; i < n; i++) out[i] = in.get(i);
        return out;
    }

    public static float[] int32(byte[] src, int offset, int n, ByteOrder order, boolean unsigned) {
        var in = ByteBuffer.wrap(src, offset, n * 4).slice().order(order).asIntBuffer();
        float[] out = new float[n];
        if (unsigned) for (int i = 0; i < n; i++) out[i] = in.get(i) & 0xFFFFFFFFL;
        else for (int i = 0; i < n; i++) out[i] = in.get(i);
        return out;
    }

    public static float[] int64(byte[] src, int offset, int n, ByteOrder order, boolean unsigned) {
        var in = ByteBuffer.wrap(src, offset, n * 8).slice().order(order).asLongBuffer();
        float[] out = new float[n];
        if (unsigned) for (int i = 0; i < n; i++) out[i] = unsignedToFloat(in.get(i));
        else for (int i = 0; i < n; i++) out[i] = in.get(i);
        return out;
    }

    public static float[] float16(byte[] src, int offset, int n, ByteOrder order) {
        var in = ByteBuffer.wrap(src, offset, n * 2).slice().order(order).asShortBuffer();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = halfToFloat(in.get(i));
        return out;
    }

    public static float[] float32(byte[] src, int offset, int n, ByteOrder order) {
        float[] out = new float[n];
        ByteBuffer.wrap(src, offset, n * 4).slice().order(order).asFloatBuffer().get(out);
        return out;
    }

    public static float[] float64(byte[] src, int offset, int n, ByteOrder order) {
        var in = ByteBuffer.wrap(src, offset, n * 8).slice().order(order).asDoubleBuffer();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) in.get(i);
        return out;
    }

    /** float32 values as little-endian bytes (the NPY writer's {@code <f4}). */
    public static byte[] float32Bytes(float[] src, ByteOrder order) {
        ByteBuffer out = ByteBuffer.allocate(src.length * 4).order(order);
        out.asFloatBuffer().put(src);
        return out.array();
    }

    private static float unsignedToFloat(long v) {
        // above 2^63 the sign bit is a value bit: halve (keeping the low bit for rounding), convert, double
        return v >= 0 ? v : 2f * ((v >>> 1) | (v & 1));
    }

    /** IEEE 754 binary16 to float32, subnormals, infinities and NaN included. */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        if (exp != 0) return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
        float sub = mant * 0x1p-24f;  // subnormal (or zero): mant * 2^-24 is exact in float32
        return sign != 0 ? -sub : sub;
    }
}
