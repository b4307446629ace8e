package dev.gradus.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, as lower-case hex: dataset checksums and BackupAndRestore's weights check. */
public final class Sha256 {
    private Sha256() {}

    /** The hex digest of a file, read as a stream. */
    public static String of(Path file) {
        return of(file, digest());
    }

    /** The hex digest of a file under another algorithm ({@code MessageDigest.getInstance("MD5")}), read as a stream. */
    public static String of(Path file, MessageDigest digest) {
        Check.notNull("file", file);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest, for content hashed while it streams elsewhere. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);   // every Java SE platform must have it
        }
    }
}
