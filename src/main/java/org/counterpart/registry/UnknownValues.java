package org.counterpart.registry;

import org.counterpart.shared.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups the refusals "not in the code table" of a run by column and value, so that a file with one
 * odd spelling on 4,000 rows asks one question, not 4,000. Values are grouped folded, as the look-up
 * compares them, and in the order the file first shows them.
 */
final class UnknownValues {

    static final int EXAMPLES = 5;

    private UnknownValues() {
    }

    static List<UnknownValue> group(List<Problem> problems) {
        record Key(String column, String table, String value) {
        }
        final class Group {
            int rows;
            final List<Integer> lines = new ArrayList<>();
        }
        Map<Key, Group> groups = new LinkedHashMap<>();
        for (Problem p : problems) {
            if (!"import.code.unknown".equals(p.messageKey()) || p.shownValue() == null) {
                continue;
            }
            Optional<String> table = RowParser.codeTableOf(p.column());
            if (table.isEmpty()) {
                continue;
            }
            Group g = groups.computeIfAbsent(new Key(p.column(), table.get(), CodeTables.fold(p.shownValue())), k -> new Group());
            g.rows++;
            if (g.lines.size() < EXAMPLES && !g.lines.contains(p.line())) {
                g.lines.add(p.line());
            }
        }
        List<UnknownValue> out = new ArrayList<>();
        groups.forEach((k, g) -> out.add(new UnknownValue(k.column(), k.table(), k.value(), g.rows, List.copyOf(g.lines), Optional.empty())));
        return out;
    }
}
