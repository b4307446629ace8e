package dev.gradus.data;

import dev.gradus.util.AtomicFiles;
import dev.gradus.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A dataset's files, where to download them and their SHA-256. {@link #ensure} makes the cache
 * folder hold every file with the right checksum (Keras's {@code get_file} with {@code file_hash}):
 * a missing or corrupt file is downloaded, mirror after mirror, into a temporary file that only
 * replaces the cached one once its checksum is right.
 */
record Remote(String title, String folder, List<String> mirrors, List<File> files) {

    /**
     * One file and its checksum: SHA-256, or MD5 when it has 32 hex digits (Keras's {@code get_file}
     * picks the algorithm by the hash's length; its word-index files are published with MD5).
     */
    record File(String name, String sha256) {
        String algorithm() {
            return sha256.length() == 32 ? "MD5" : "SHA-256";
        }

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(algorithm());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no " + algorithm(), e); // every Java SE platform has both
            }
        }

        String digestOf(Path p) {
            return Sha256.of(p, newDigest());
        }
    }

    Path ensure(Path cache) {
        Path dir = cache.resolve(folder);
        List<File> missing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (File f : files) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                missing.add(f);
                continue;
            }
            String actual = f.digestOf(p);
            if (!actual.equals(f.sha256())) {
                missing.add(f);
                problems.add(p + " has " + f.algorithm() + " " + actual + " (expected " + f.sha256() + ")");
            }
        }
        if (missing.isEmpty()) return dir;

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        List<File> failed = new ArrayList<>();
        for (File f : missing) {
            String error = download(http, dir, f);
            if (error != null) {
                failed.add(f);
                problems.add(error);
            }
        }
        if (failed.isEmpty()) return dir;
        StringBuilder msg = new StringBuilder(title + " is not in the cache and could not be downloaded:\n");
        for (String p : problems) msg.append("  ").append(p).append('\n');
        msg.append("To use it offline, place these files in ").append(dir).append(":\n");
        for (File f : failed) msg.append("  ").append(f.name()).append("  (").append(f.algorithm()).append(" ").append(f.sha256()).append(")\n");
        msg.append("or set GRADUS_DATA (or -Dgradus.data) to a folder whose ").append(folder)
                .append("/ subfolder holds them (the cache folder is ").append(cache).append(").");
        throw new UncheckedIOException(new IOException(msg.toString()));
    }

    /** Downloads one file from the first mirror that serves it with the right checksum; null on success, else why not. */
    private String download(HttpClient http, Path dir, File f) {
        List<String> why = new ArrayList<>();
        for (String mirror : mirrors) {
            URI uri = URI.create(mirror + f.name());
            Path part = dir.resolve(f.name() + ".part");
            try {
                Files.createDirectories(dir);
                System.out.println("Downloading data from " + uri);
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                MessageDigest digest = f.newDigest();
                try (InputStream body = new DigestInputStream(response.body(), digest)) {
                    if (response.statusCode() != 200) {
                        why.add(uri + ": HTTP " + response.statusCode());
                        continue;
                    }
                    try (OutputStream out = Files.newOutputStream(part)) {
                        body.transferTo(out);
                    }
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(f.sha256())) {
                    Files.deleteIfExists(part);
                    why.add(uri + " served a file with " + f.algorithm() + " " + actual + " (expected " + f.sha256() + ")");
                    continue;
                }
                AtomicFiles.moveIntoPlace(part, dir.resolve(f.name()));
                return null;
            } catch (IOException e) {
                why.add(uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage()));
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // the folder may not be writable at all; the message above already says why
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why.add(uri + ": interrupted");
                break;
            }
        }
        return String.join("\n  ", why);
    }



}
