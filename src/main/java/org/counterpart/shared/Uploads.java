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

    /**
     * Copies the stream into {@code directory} as {@link #keep} does, but sealed with the personal-data key
     * ({@link PersonalDataProtector#seal}): the kept file never holds the upload's bytes in plaintext. The
     * fingerprint and size are those of the plain upload.
     */
    public static Kept keepSealed(Path directory, String fileName, String fallbackName, InputStream content, PersonalDataProtector protector) {
        String name = displayName(fileName, fallbackName);
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(UUID.randomUUID() + "-" + diskName(name));
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long[] size = {0};
            try (InputStream in = new DigestInputStream(new java.io.FilterInputStream(content) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    size[0] += Math.max(n, 0);
                    return n;
                }
            }, digest); java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(target))) {
                protector.seal(in, out);
            }
            return new Kept(target, name, HexFormat.of().formatHex(digest.digest()), size[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals a file to {@code target} (written beside it first, then moved into place). */
    public static void sealTo(Path plain, Path target, PersonalDataProtector protector) {
        try {
            Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".sealing");
            try (InputStream in = Files.newInputStream(plain); java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(partial))) {
                protector.seal(in, out);
            }
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plain bytes of a kept file, written to {@code plain} for a reader that needs a file (a temporary
     * file the caller removes, named so that a start removes it if the process died first). A file kept
     * before uploads were sealed is copied as it is.
     */
    public static void unsealTo(Path kept, Path plain, PersonalDataProtector protector) {
        try {
            if (!PersonalDataProtector.isSealed(kept)) {
                Files.copy(kept, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(kept));
                 java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(plain))) {
                protector.unseal(in, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seals, in place, every plain file of {@code directory} accepted by {@code kept} (files kept before uploads were sealed). Answers how many. */
    public static int sealLeftInPlaintext(Path directory, java.util.function.Predicate<Path> kept, PersonalDataProtector protector) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int sealed = 0;
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).filter(kept).toList()) {
                if (!PersonalDataProtector.isSealed(file)) {
                    sealTo(file, file, protector);
                    sealed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sealed;
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
