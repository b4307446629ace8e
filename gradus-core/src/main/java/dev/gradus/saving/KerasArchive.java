package dev.gradus.saving;

import dev.gradus.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .keras} zip: {@code metadata.json}, {@code config.json}, {@code model.weights.h5},
 * stored uncompressed as Keras writes them. Reading treats the archive as data and refuses anything
 * ambiguous or unknown: duplicate member names (Python's zipfile takes the last one, other readers
 * the first), names with {@code ..}, absolute or backslash paths, {@code model.weights.npz} (whose
 * Python reader unpickled) and any other member except an {@code assets/} folder, whose files are
 * read only when a layer of the model asks for them ({@link #assets}: a lookup layer's
 * {@code vocabulary.txt}), each bounded as it inflates.
 */
final class KerasArchive {
    static final String METADATA = "metadata.json";
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.weights.h5";
    private static final long MAX_MEMBER_BYTES = Integer.MAX_VALUE - 64;
    /** metadata.json and config.json: a large functional model's config is a few hundred KB. */
    static final long MAX_JSON_BYTES = 8L << 20;
    /** DEFLATE's largest expansion: 258 bytes from about 2 bits of a stream, about 1032 to 1. */
    static final int MAX_DEFLATE_RATIO = 1032;
    /** One asset file (a vocabulary of a few million tokens fits). */
    static final long MAX_ASSET_BYTES = 256L << 20;

    final String metadata;
    final String config;
    private final Path path;
    private final long fileSize;
    private final ZipEntry weightsEntry;
    private final java.util.List<String> assetNames;

    private KerasArchive(Path path, long fileSize, ZipEntry weightsEntry, String metadata, String config, java.util.List<String> assetNames) {
        this.assetNames = assetNames;
        this.path = path;
        this.fileSize = fileSize;
        this.weightsEntry = weightsEntry;
        this.metadata = metadata;
        this.config = config;
    }

    /** Writes the three members to {@code target} atomically. */
    static void write(Path target, String metadata, String config, H5Group weights) {
        write(target, metadata, config, weights, Map.of());
    }

    /** Writes the three members and the asset files (names relative to {@code assets/}) to {@code target} atomically. */
    static void write(Path target, String metadata, String config, H5Group weights, Map<String, byte[]> assets) {
        AtomicFiles.write(target, tmp -> {
            Path h5 = AtomicFiles.scratch(target, ".h5.tmp");
            try {
                H5.write(weights, h5);
                try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                    stored(zip, METADATA, metadata.getBytes(StandardCharsets.UTF_8));
                    stored(zip, CONFIG, config.getBytes(StandardCharsets.UTF_8));
                    stored(zip, WEIGHTS, Files.readAllBytes(h5));
                    for (Map.Entry<String, byte[]> a : assets.entrySet()) stored(zip, "assets/" + a.getKey(), a.getValue());
                }
            } finally {
                Files.deleteIfExists(h5);
            }
        });
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        // Python's zipfile dates members written from memory 1980-01-01 00:00
        e.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0));
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Reads and checks an archive's names, {@code metadata.json} and {@code config.json}; the weights
     * member is read later by {@link #weights}, once the caller knows how large it may be. Nothing
     * in the archive is run or written anywhere.
     */
    static KerasArchive read(Path path) {
        byte[] head = new byte[8];
        long fileSize;
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, 8);
            if (n == 8 && H5.isHdf5(head)) throw new IllegalArgumentException("File " + path + " is not a Keras 3 archive: "
                    + "it is an HDF5 file (a legacy Keras 2 .h5 model saved under a .keras name), which Gradus does not read");
            fileSize = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("File not found: filepath=" + path + ". Please ensure the file is an accessible `.keras` zip file.");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        java.util.List<String> assetNames = new java.util.ArrayList<>();
        ZipEntry weightsEntry = null;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            // names first, all of them, so that an ambiguous archive is refused before any member is looked at
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = checkName(en.nextElement().getName(), path);
                if (!names.add(name)) throw new IllegalArgumentException("Refusing " + path
                        + ": the archive holds two members named '" + name + "' (an ambiguous zip; different readers pick different members)");
            }
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (name.startsWith("assets/")) {
                    if (!e.isDirectory()) assetNames.add(name);
                    continue;
                }
                if (name.equals("model.weights.npz")) throw new IllegalArgumentException("Refusing " + path
                        + ": it holds model.weights.npz; NumPy weight archives can carry pickled objects, and Gradus reads only model.weights.h5");
                if (!name.equals(METADATA) && !name.equals(CONFIG) && !name.equals(WEIGHTS)) throw new IllegalArgumentException(
                        "Refusing " + path + ": unexpected member '" + name + "'; a Keras archive holds only "
                                + METADATA + ", " + CONFIG + ", " + WEIGHTS + " and an assets/ folder");
                if (name.equals(WEIGHTS)) {
                    weightsEntry = e;
                    members.put(name, new byte[0]);
                } else {
                    members.put(name, member(zip, e, MAX_JSON_BYTES, path));
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("File " + path + " is not a Keras 3 archive: not a readable zip file ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
        for (String required : new String[] {CONFIG, WEIGHTS})
            if (members.get(required) == null) throw new IllegalArgumentException("File " + path
                    + " is not a complete Keras 3 archive: it has no " + required + " (members: " + members.keySet() + ")");
        byte[] meta = members.get(METADATA);
        return new KerasArchive(path, fileSize, weightsEntry, meta == null ? null : new String(meta, StandardCharsets.UTF_8),
                new String(members.get(CONFIG), StandardCharsets.UTF_8), java.util.List.copyOf(assetNames));
    }

    /**
     * The most bytes {@code model.weights.h5} can inflate to, from what is really in the file: a stored
     * member is at most the archive's length, and DEFLATE expands at most {@value #MAX_DEFLATE_RATIO}
     * to 1. The model built from the config may not declare more weights than this holds.
     */
    long weightsCeiling() {
        if (weightsEntry.getMethod() == ZipEntry.STORED) return Math.min(fileSize, MAX_MEMBER_BYTES);
        return Math.min(MAX_MEMBER_BYTES, Math.multiplyExact(fileSize, (long) MAX_DEFLATE_RATIO));
    }

    /** {@code model.weights.h5}, inflated up to {@code maxBytes} and checked against its CRC-32. */
    byte[] weights(long maxBytes) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry e = zip.getEntry(WEIGHTS);
            if (e == null) throw new IllegalArgumentException("File " + path + " changed while it was read: it has no " + WEIGHTS + " any more");
            return member(zip, e, Math.min(maxBytes, MAX_MEMBER_BYTES), path);
        } catch (ZipException e) {
            throw new IllegalArgumentException("File " + path + " is not a Keras 3 archive: not a readable zip file ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The files directly in the asset folder {@code assets/<folder>/}, by file name (Keras's
     * {@code DiskIOStore.get(inner_path)}), each inflated up to {@value #MAX_ASSET_BYTES} bytes and
     * checked against its CRC-32; an empty map when the folder is absent.
     */
    Map<String, byte[]> assets(String folder) {
        String prefix = "assets/" + folder + "/";
        Map<String, byte[]> out = new LinkedHashMap<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String n : assetNames) if (n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0) names.add(n);
        if (names.isEmpty()) return out;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (String n : names) {
                ZipEntry e = zip.getEntry(n);
                if (e == null) throw new IllegalArgumentException("File " + path + " changed while it was read: it has no " + n + " any more");
                out.put(n.substring(prefix.length()), member(zip, e, MAX_ASSET_BYTES, path));
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("File " + path + " is not a Keras 3 archive: not a readable zip file ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * One member, inflated while counting: more than {@code maxBytes} is refused as it happens (a zip
     * bomb's directory may claim any size), and the bytes must match the size and CRC-32 that the
     * archive declares, as Python's zipfile requires: a flipped bit is not loaded as a weight.
     */
    private static byte[] member(ZipFile zip, ZipEntry e, long maxBytes, Path path) throws IOException {
        String name = e.getName();
        if (e.getSize() > maxBytes) throw new IllegalArgumentException("Refusing " + path + ": member '" + name
                + "' declares " + e.getSize() + " bytes; at most " + maxBytes + " are expected for it");
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(e.getSize(), 0), 1 << 20));
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) throw new IllegalArgumentException("Refusing " + path + ": member '" + name
                        + "' inflates to more than " + maxBytes + " bytes, the most expected for it (the archive declares "
                        + e.getSize() + "); a damaged archive or a zip bomb");
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (java.io.EOFException | ZipException x) {
            throw new IllegalArgumentException("File " + path + " is damaged: member '" + name + "' cannot be inflated ("
                    + x.getMessage() + ")", x);
        }
        if (e.getSize() >= 0 && total != e.getSize()) throw new IllegalArgumentException("File " + path + " is damaged: member '"
                + name + "' holds " + total + " bytes, the archive declares " + e.getSize());
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) throw new IllegalArgumentException("File " + path + " is damaged: member '"
                + name + "' has CRC-32 " + Long.toHexString(crc.getValue()) + ", the archive declares " + Long.toHexString(e.getCrc())
                + " (Python's zipfile refuses it too)");
        return out.toByteArray();
    }

    private static String checkName(String name, Path path) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/")) if (part.equals("..")) bad = true;
        if (bad) throw new IllegalArgumentException("Refusing " + path + ": member name '" + name
                + "' is absolute or leaves the archive (.., /, \\ or a drive letter)");
        return name;
    }
}
