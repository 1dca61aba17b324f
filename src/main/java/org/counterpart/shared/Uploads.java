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

/**
 * Files people bring: kept under the data directory with a unique name and their SHA-256, and the
 * text read from them cut to the width of the column that records it.
 */
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

    /** The SHA-256 of a file, read as a stream. */
    public static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text cut to a column's width; null stays null. */
    public static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
