package dev.gradus.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads chosen regular files from a tar stream (ustar, with GNU long names and base-256 sizes): the
 * CIFAR archives, read in place from their {@code .tar.gz} rather than extracted. Only the files
 * asked for are kept; links, devices and other entries are skipped, and no path is ever written.
 */
final class Tar {
    private Tar() {}

    /** The wanted members' bytes, by name; a wanted name that is missing is an error naming the archive. */
    static Map<String, byte[]> read(InputStream in, Set<String> wanted, String source) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String longName = null;
        byte[] header = new byte[512];
        while (out.size() < wanted.size()) {
            if (in.readNBytes(header, 0, 512) < 512) break;
            boolean zero = true;
            for (byte b : header) zero &= b == 0;
            if (zero) break; // end of archive
            String name = longName != null ? longName : text(header, 345, 155).isEmpty() ? text(header, 0, 100)
                    : text(header, 345, 155) + "/" + text(header, 0, 100);
            longName = null;
            long size = size(header, source);
            char type = (char) header[156];
            long padded = (size + 511) / 512 * 512;
            if (type == 'L') { // GNU long name: the next entry's name
                if (size > 65536) throw new IOException(source + ": a GNU long name of " + size + " bytes");
                byte[] n = in.readNBytes((int) padded);
                longName = text(n, 0, (int) size);
                continue;
            }
            if ((type == '0' || type == 0) && wanted.contains(name)) {
                if (size > Integer.MAX_VALUE - 8) throw new IOException(source + ": member " + name + " is too large (" + size + " bytes)");
                byte[] data = in.readNBytes((int) size);
                if (data.length < size) throw new IOException(source + ": the archive ends inside " + name);
                out.put(name, data);
                in.skipNBytes(padded - size);
            } else {
                in.skipNBytes(padded);
            }
        }
        for (String w : wanted) if (!out.containsKey(w)) throw new IOException(source + " has no member " + w);
        return out;
    }

    private static String text(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) end++;
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long size(byte[] h, String source) throws IOException {
        if ((h[124] & 0x80) != 0) { // GNU base-256
            long v = h[124] & 0x7F;
            for (int i = 125; i < 136; i++) v = (v << 8) | (h[i] & 0xFF);
            return v;
        }
        String s = text(h, 124, 12).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException(source + ": a tar header with size field '" + s + "'", e);
        }
    }
}
