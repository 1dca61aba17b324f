package org.counterpart.shared;

import org.counterpart.shared.TabularSource.SourceRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the header row among the first rows of a file. Offices put a title and notes above it,
 * order the columns as they like, add columns of their own, and sometimes group columns under a
 * merged cell in the row above; so the header is the first row that names every required column,
 * by its Chinese header or its English alias, alone or completed by the row above it.
 */
final class TabularHeader {

    static final int SEARCHED_ROWS = 20;

    private final List<TabularColumn> columns;
    private final Map<String, Integer> positionOfName = new HashMap<>();

    TabularHeader(List<TabularColumn> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("expect at least one column");
        }
        this.columns = List.copyOf(columns);
        Map<String, Integer> positionOfKey = new HashMap<>();
        for (int position = 0; position < this.columns.size(); position++) {
            TabularColumn column = this.columns.get(position);
            if (positionOfKey.put(column.key(), position) != null) {
                throw new IllegalArgumentException("two columns with key " + column.key());
            }
            for (String name : List.of(column.chineseHeader(), column.englishAlias())) {
                Integer other = positionOfName.put(TabularText.headerKey(name), position);
                if (other != null && other != position) {
                    throw new IllegalArgumentException("two columns are both called " + name);
                }
            }
        }
    }

    List<TabularColumn> columns() {
        return columns;
    }

    /** The header a file was found to have. */
    record Found(int line, int[] sourceColumnOf, List<String> unknownColumns) {
    }

    /** What the search saw: the header, or else the row that came closest and what it lacked. */
    record Search(Optional<Found> found, int bestRecognised, List<TabularColumn> bestMissing) {

        boolean betterThan(Search other) {
            return other == null || bestRecognised > other.bestRecognised;
        }
    }

    Search search(TabularSource source, String fileName) {
        SourceRow previous = null;
        Match best = null;
        int seen = 0;
        while (seen < SEARCHED_ROWS) {
            Optional<SourceRow> next = source.next();
            if (next.isEmpty()) {
                break;
            }
            SourceRow row = next.get();
            if (row.isBlank()) {
                continue;
            }
            seen++;
            Match alone = match(row.cells());
            Match stacked = previous == null ? null : match(stack(previous.cells(), row.cells()));
            for (Match candidate : Arrays.asList(alone, stacked)) {
                if (candidate != null && candidate.complete()) {
                    return new Search(Optional.of(candidate.found(row.line(), fileName)), candidate.recognised(), List.of());
                }
                if (candidate != null && (best == null || candidate.recognised() > best.recognised())) {
                    best = candidate;
                }
            }
            previous = row;
        }
        return best == null
                ? new Search(Optional.empty(), 0, List.of())
                : new Search(Optional.empty(), best.recognised(), best.missing());
    }

    String displayNames(List<TabularColumn> missing) {
        return missing.stream().map(TabularColumn::displayName).collect(Collectors.joining(", "));
    }

    /** A two-row header: where the lower row has no text, the merged group cell above it speaks. */
    private static String[] stack(String[] upper, String[] lower) {
        String[] stacked = Arrays.copyOf(lower, Math.max(upper.length, lower.length));
        for (int i = 0; i < stacked.length; i++) {
            if ((stacked[i] == null || TabularText.normalise(stacked[i]).isEmpty()) && i < upper.length) {
                stacked[i] = upper[i];
            }
        }
        return stacked;
    }

    private Match match(String[] cells) {
        int[] sourceColumnOf = new int[columns.size()];
        Arrays.fill(sourceColumnOf, -1);
        List<String> unknown = new ArrayList<>();
        String duplicate = null;
        int recognised = 0;
        for (int c = 0; c < cells.length; c++) {
            String text = cells[c] == null ? "" : TabularText.normalise(cells[c]);
            if (text.isEmpty()) {
                continue;
            }
            Integer position = positionOfName.get(TabularText.headerKey(text));
            if (position == null) {
                unknown.add(text);
            } else if (sourceColumnOf[position] >= 0) {
                duplicate = duplicate == null ? text : duplicate;
            } else {
                sourceColumnOf[position] = c;
                recognised++;
            }
        }
        List<TabularColumn> missing = new ArrayList<>();
        for (int position = 0; position < columns.size(); position++) {
            if (sourceColumnOf[position] < 0 && columns.get(position).required()) {
                missing.add(columns.get(position));
            }
        }
        return new Match(sourceColumnOf, unknown, duplicate, recognised, missing);
    }

    private record Match(int[] sourceColumnOf, List<String> unknown, String duplicate, int recognised,
                         List<TabularColumn> missing) {

        boolean complete() {
            return missing.isEmpty() && recognised > 0;
        }

        Found found(int line, String fileName) {
            if (duplicate != null) {
                throw TabularFileException.duplicateColumn(fileName, duplicate);
            }
            return new Found(line, sourceColumnOf, List.copyOf(unknown));
        }
    }
}
