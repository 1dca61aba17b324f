package org.counterpart.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The installation's secret keys, each 32 bytes in base64: given in configuration on a real deployment,
 * or kept in a file of the data directory ({@code keys/…}, readable by its owner only) that is
 * generated on first use. The personal-data keys and the audit key are kept this way; a file belongs
 * with the database and is backed up with it, and never lives in it.
 */
public final class KeyFile {

    public static final int KEY_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {
    }

    /**
     * The named keys of the file, generated (with the comment lines on top) if the file does not
     * exist yet; a key that is missing, not base64 or of the wrong length is refused with its name and
     * the file, never with any part of the key.
     */
    public static byte[][] load(Path file, List<String> comment, String... names) {
        try {
            if (!Files.exists(file)) {
                generate(file, comment, names);
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                properties.load(reader);
            }
            byte[][] keys = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                keys[i] = decode(properties.getProperty(names[i]), names[i] + " in " + file);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("The key file " + file + " could not be read or created", e);
        }
    }

    /** A key given in configuration: base64 of {@value #KEY_BYTES} bytes, refused by {@code name}. */
    public static byte[] decode(String base64, String name) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException(name + " is missing");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(name + " must be " + KEY_BYTES + " bytes in base64, but is " + key.length
                    + " bytes; generate one with: openssl rand -base64 " + KEY_BYTES);
        }
        return key;
    }

    /**
     * Writes new keys to a private temporary file and moves it into place without replacing, so that
     * a crash never leaves a half-written key file, and a second process (the command line next to a
     * running server) that started at the same moment reads the first one's keys instead of
     * overwriting them.
     */
    private static void generate(Path file, List<String> comment, String... names) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(directory.getParent());
        try {
            if (posix) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
        } catch (FileAlreadyExistsException alreadyThere) {
            // created earlier, or by another process just now
        }
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, "key", ".tmp", ownerOnly);
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.ISO_8859_1)) {
                for (String line : comment) {
                    writer.write("# " + line + "\n");
                }
                for (String name : names) {
                    byte[] key = new byte[KEY_BYTES];
                    RANDOM.nextBytes(key);
                    writer.write(name + "=" + Base64.getEncoder().encodeToString(key) + "\n");
                }
            }
            try {
                Files.move(temporary, file);
            } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                return;
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        log.info("Generated keys at {}", file.toAbsolutePath().normalize());
    }
}
