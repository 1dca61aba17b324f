package org.counterpart.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Files people upload, kept under the data directory with a unique name and their SHA-256. */
public final class Uploads {

    /** A kept file: where it is, the name the person gave it (without any path), its fingerprint and size. */
    public record Kept(Path path, String name, String sha256, long size) {
    }

    private Uploads() {
    }

    /** Copies the stream into {@code directory} under a unique name that still shows the person's file name. */
    public static Kept keep(Path directory, String fileName, String fallbackName, InputStream content) {
        String name = fileName == null || fileName.isBlank() ? fallbackName : Path.of(fileName).getFileName().toString();
        if (name.length() > 300) {
            name = name.substring(name.length() - 300);
        }
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(UUID.randomUUID() + "-" + name.replaceAll("[^\\p{L}\\p{N}._-]", "_"));
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(content, digest)) {
                Files.copy(in, target);
            }
            return new Kept(target, name, HexFormat.of().formatHex(digest.digest()), Files.size(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
