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

    /** The longest name, in characters, a kept file keeps of the name the person gave it. */
    static final int MAX_NAME = 200;

    /** How much of the name the file on disk shows, in characters: file systems allow 255 bytes, a Chinese character takes 3. */
    private static final int MAX_DISK_NAME = 60;

    /**
     * The name a person gave a file, as it may be shown and stored: without any folder (of Windows or
     * elsewhere), without control characters (a NUL among them), and at most {@value #MAX_NAME}
     * characters with its extension kept; the fallback when nothing is left.
     */
    public static String displayName(String fileName, String fallbackName) {
        if (fileName == null) {
            return fallbackName;
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
                .replaceAll("[\\p{Cntrl}\\p{Cf}\\p{Cs}]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return fallbackName;
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME - extension.length())) + extension;
        }
        return name;
    }

    /** A name for the file on disk that still shows the person's: letters, digits, dot, dash and underscore, short enough for any file system. */
    public static String diskName(String displayName) {
        String safe = displayName.replaceAll("[^\\p{L}\\p{N}._-]", "_");
        int length = safe.codePointCount(0, safe.length());
        return length <= MAX_DISK_NAME ? safe : safe.substring(safe.offsetByCodePoints(0, length - MAX_DISK_NAME));
    }

    /** Copies the stream into {@code directory} under a unique name that still shows the person's file name. */
    public static Kept keep(Path directory, String fileName, String fallbackName, InputStream content) {
        String name = displayName(fileName, fallbackName);
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(UUID.randomUUID() + "-" + diskName(name));
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
