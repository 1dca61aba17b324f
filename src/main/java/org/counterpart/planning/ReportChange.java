package org.counterpart.planning;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * How one target of an approved report stands against its approved figure: the figure as approved, the
 * value the catalogue computes now, and the records behind it added, removed or changed (a new version)
 * since approval. The approved figure itself is never rewritten; this is what a reader is shown beside it.
 *
 * @param capped whether more records stood behind the value at approval than were kept, so the record
 *               comparison covers the kept ones only
 */
public record ReportChange(Task task, Task.Target target, Optional<BigDecimal> approved, Optional<BigDecimal> now,
                           List<RecordChange> added, List<RecordChange> removed, List<RecordChange> altered, boolean capped) {

    /** One record that differs: as kept at approval (empty if added) and as it is now (empty if removed). */
    public record RecordChange(String kind, long id, String title, String link, Optional<Integer> versionThen, Optional<Integer> versionNow,
                               Optional<BigDecimal> amountThen, Optional<BigDecimal> amountNow) {
    }

    public boolean changed() {
        return !added.isEmpty() || !removed.isEmpty() || !altered.isEmpty()
                || approved.map(a -> now.map(n -> a.compareTo(n) != 0).orElse(true)).orElse(now.isPresent());
    }

    public int records() {
        return added.size() + removed.size() + altered.size();
    }
}
