package org.counterpart.shared;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;

/**
 * This running process, named afresh at every start. An import stores the name with its run and
 * puts it in the names of its temporary files, so that the next start tells what an earlier process
 * left behind (a run still "checking" when it was killed, files it never removed) from the work of
 * its own, which may be going on in the background at the same moment.
 */
@Component
public class ThisProcess {

    private final String id = UUID.randomUUID().toString();

    /** The name of this process: 36 characters, letters, digits and dashes. */
    public String id() {
        return id;
    }

    /** The start of the name of a temporary file or directory of this process: {@code prefix}, this process, a dash. */
    public String prefix(String prefix) {
        return prefix + id + "-";
    }

    /**
     * Removes what earlier processes left in {@code directory} under names made by {@link #prefix}
     * (files, or directories with all they hold); this process's own may be in use and stay. Answers
     * how many were removed.
     */
    public int removeLeftBehind(Path directory, String prefix) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        String own = prefix(prefix);
        int removed = 0;
        try (var entries = Files.list(directory)) {
            for (Path left : entries.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && !p.getFileName().toString().startsWith(own)).toList()) {
                try (var inside = Files.walk(left)) {
                    for (Path p : inside.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                removed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }
}
