package org.counterpart.registry;

import java.util.List;
import java.util.Optional;

/**
 * A value of a code column that no code table knew when a run checked its file: the column as the file
 * names it, the table it is checked against, the value (folded, as the look-up compares it), how many
 * rows carried it and the first of those rows. {@code now} is what the value means today, once a
 * coordinator has mapped it or added it (empty while it is still unknown).
 */
public record UnknownValue(String column, String table, String value, int rows, List<Integer> exampleLines,
                           Optional<CodeTables.Item> now) {

    public boolean resolved() {
        return now.isPresent();
    }
}
