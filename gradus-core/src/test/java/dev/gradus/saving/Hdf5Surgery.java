package dev.gradus.saving;

import io.jhdf.checksum.ChecksumUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Test helpers that damage an HDF5 file written by {@link H5} in precise ways, the way a hostile
 * file would be made: re-point a hard link, change a dataset's layout or shape. Every change
 * recomputes the checksum of the version-2 object header it falls in, so that the file is
 * well-formed at the level jHDF checks and only the planted flaw remains.
 */
final class Hdf5Surgery {
    private Hdf5Surgery() {}

    /** The offset of the hard-link address that follows the link name {@code name} (a unique name). */
    static int linkAddressOffset(byte[] file, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(file, n, 0);
        if (at < 0 || indexOf(file, n, at + 1) >= 0) throw new IllegalArgumentException("link name " + name + " not found once");
        return at + n.length;
    }

    static long readLong(byte[] file, int at) {
        return ByteBuffer.wrap(file, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static void writeLong(byte[] file, int at, long value) {
        ByteBuffer.wrap(file, at, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Recomputes the checksum of the version-2 object header ("OHDR") that holds offset {@code at}. */
    static void fixChecksum(byte[] file, int at) {
        byte[] sig = "OHDR".getBytes(StandardCharsets.US_ASCII);
        int start = -1;
        for (int i = at; i >= 0; i--) {
            if (indexOf(file, sig, i) == i) {
                start = i;
                break;
            }
        }
        if (start < 0) throw new IllegalArgumentException("no object header before offset " + at);
        int flags = file[start + 5] & 0xFF;
        int p = start + 6;
        if ((flags & 0x20) != 0) p += 16;
        if ((flags & 0x10) != 0) p += 4;
        int sizeBytes = 1 << (flags & 0x03);
        long chunk = 0;
        for (int i = sizeBytes - 1; i >= 0; i--) chunk = (chunk << 8) | (file[p + i] & 0xFF);
        int end = (int) (p + sizeBytes + chunk);
        if (at >= end) throw new IllegalArgumentException("offset " + at + " lies after the first chunk of the header at " + start);
        int sum = ChecksumUtils.checksum(ByteBuffer.wrap(file, start, end - start).slice());
        ByteBuffer.wrap(file, end, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(sum);
    }
}
