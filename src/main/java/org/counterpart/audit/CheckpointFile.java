package org.counterpart.audit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * The head of the audit chain as the server last saw it, kept in a file beside the data and outside
 * the database ({@code counterpart.audit.checkpoint-file}, by default
 * {@code ${counterpart.home}/audit/checkpoint.properties}): whoever deletes the newest entries and moves
 * the head back in the database cannot move this file back as well. Written whole to a temporary file
 * and moved into place, so a crash leaves the old checkpoint or the new one, never half of one.
 */
@Component
class CheckpointFile {

    private final Path file;

    CheckpointFile(@Value("${counterpart.audit.checkpoint-file:${counterpart.home:./data}/audit/checkpoint.properties}") String file) {
        this.file = Path.of(file);
    }

    Path path() {
        return file;
    }

    /** The checkpoint, or empty if none was written yet; an unreadable file is refused, never taken for none. */
    Optional<AuditLog.Checkpoint> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(reader);
            return Optional.of(new AuditLog.Checkpoint(Long.parseLong(p.getProperty("seq").strip()), p.getProperty("hash").strip(),
                    Long.parseLong(p.getProperty("keyed_from").strip()), Instant.parse(p.getProperty("written_at").strip())));
        } catch (IOException e) {
            throw new UncheckedIOException("The audit checkpoint " + file + " could not be read", e);
        } catch (NullPointerException | NumberFormatException | DateTimeParseException e) {
            throw new IllegalStateException("The audit checkpoint " + file + " is damaged: it needs seq, hash, keyed_from and written_at");
        }
    }

    void write(AuditLog.Checkpoint checkpoint) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "checkpoint", ".tmp");
            try {
                try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.ISO_8859_1)) {
                    writer.write("# The head of the audit chain, outside the database; `audit verify` compares the database with it.\n");
                    writer.write("# Keep it with the data. Remove it only together with the database it belongs to.\n");
                    writer.write("seq=" + checkpoint.seq() + "\n");
                    writer.write("hash=" + checkpoint.hash() + "\n");
                    writer.write("keyed_from=" + checkpoint.keyedFrom() + "\n");
                    writer.write("written_at=" + checkpoint.writtenAt() + "\n");
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The audit checkpoint " + file + " could not be written", e);
        }
    }
}
