package org.counterpart.cooperation;

import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.RecordChanged;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What follows an agreement to its result: milestones with due dates and status, and the documents
 * kept with any ledger record (the signed text, acceptance reports). Changing them needs the right to
 * change the record itself.
 */
@Service
public class Milestones {

    /**
     * Where a milestone stands. Work moves forward (planned, in progress, done) and may be put back
     * to planned while not done; a done milestone is reopened only as in progress, since work done
     * once is not unplanned again. Moving to the status it has is no move.
     */
    public enum Status {
        PLANNED, IN_PROGRESS, DONE;

        public boolean canMoveTo(Status next) {
            return next != this && !(this == DONE && next == PLANNED);
        }
    }

    public record Milestone(long id, long agreementId, String title, LocalDate due, Status status, LocalDate doneOn, int version) {
        public boolean overdue(LocalDate today) {
            return status != Status.DONE && due.isBefore(today);
        }

        /** The milestone after a move to {@code next} on {@code today}; refused when the move is not allowed. */
        public Milestone moveTo(Status next, LocalDate today) {
            if (!status.canMoveTo(next)) {
                throw new InvalidInputException("milestoneStatus", next == status ? "milestone.move.same" : "milestone.move.refused");
            }
            return new Milestone(id, agreementId, title, due, next, next == Status.DONE ? today : null, version + 1);
        }
    }

    /** Published when a milestone moved from one status to another, in the transaction that moved it. */
    public record MilestoneStatusChanged(long agreementId, long milestoneId, Status from, Status to, LocalDate on, String by) {
    }

    public record Document(long id, String ledger, long recordId, String fileName, String storedAs, long size, String uploadedBy,
                           Instant uploadedAt) {
    }

    /** Done, open and overdue milestones of an agreement. */
    public record Progress(int total, int done, int overdue) {
        public int percent() {
            return total == 0 ? 0 : Math.round(100f * done / total);
        }
    }

    private static final long MAX_DOCUMENT_BYTES = 20L * 1024 * 1024;

    private final JdbcClient jdbc;
    private final Ledgers ledgers;
    private final ApplicationEventPublisher events;
    private final Path directory;

    Milestones(JdbcClient jdbc, Ledgers ledgers, ApplicationEventPublisher events, @Value("${counterpart.home}") String home) {
        this.jdbc = jdbc;
        this.ledgers = ledgers;
        this.events = events;
        this.directory = Path.of(home, "documents");
    }

    /** The milestones of an agreement, refused when the caller may not read the agreement. */
    public List<Milestone> of(long agreementId) {
        ledgers.get(Ledger.AGREEMENT, agreementId);
        return milestonesOf(agreementId);
    }

    private List<Milestone> milestonesOf(long agreementId) {
        return jdbc.sql("select * from agreement_milestone where agreement_id = :a order by due_on, id").param("a", agreementId)
                .query((rs, i) -> new Milestone(rs.getLong("id"), rs.getLong("agreement_id"), rs.getString("title"),
                        rs.getDate("due_on").toLocalDate(), Status.valueOf(rs.getString("status")),
                        rs.getDate("done_on") == null ? null : rs.getDate("done_on").toLocalDate(), rs.getInt("version")))
                .list();
    }

    public Progress progress(long agreementId, LocalDate today) {
        List<Milestone> all = of(agreementId);
        return new Progress(all.size(), (int) all.stream().filter(m -> m.status() == Status.DONE).count(),
                (int) all.stream().filter(m -> m.overdue(today)).count());
    }

    /** Progress of many agreements at once, for the list: of those the caller may read. */
    public Map<Long, Progress> progress(List<Long> asked, LocalDate today) {
        Map<Long, Progress> out = new TreeMap<>();
        List<Long> agreementIds = asked.stream().filter(id -> ledgers.readable(Ledger.AGREEMENT, id)).toList();
        if (agreementIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select agreement_id, count(*), sum(case when status = 'DONE' then 1 else 0 end),
                               sum(case when status <> 'DONE' and due_on < :today then 1 else 0 end)
                        from agreement_milestone where agreement_id in (:ids) group by agreement_id""")
                .param("ids", agreementIds).param("today", Date.valueOf(today))
                .query(rs -> {
                    out.put(rs.getLong(1), new Progress(rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                });
        return out;
    }

    @Transactional
    public long add(long agreementId, String title, String due, String status) {
        return add(agreementId, title, due, status, null);
    }

    /**
     * Adds a milestone; one entered as done may say the day it was done (work recorded afterwards), which
     * may not lie in the future; without it, a done milestone was done today.
     */
    @Transactional
    public long add(long agreementId, String title, String due, String status, LocalDate doneOn) {
        editable(agreementId);
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            throw new InvalidInputException("milestoneTitle", "field.required");
        }
        if (t.length() > 300) {
            throw new InvalidInputException("milestoneTitle", "field.tooLong", 300);
        }
        if (due == null || due.isBlank()) {
            throw new InvalidInputException("milestoneDue", "field.required");
        }
        LocalDate dueOn = LedgerValues.date("milestoneDue", due.strip());
        Status s;
        try {
            s = status == null || status.isBlank() ? Status.PLANNED : Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("milestoneStatus", "ledger.code.unknown", status);
        }
        LocalDate done = doneOn == null ? LocalDate.now() : doneOn;
        if (done.isAfter(LocalDate.now())) {
            throw new InvalidInputException("milestoneDone", "milestone.doneInFuture");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into agreement_milestone (agreement_id, title, due_on, status, done_on, version) values (:a, :t, :d, :s, :done, 0)")
                .param("a", agreementId).param("t", t).param("d", Date.valueOf(dueOn)).param("s", s.name())
                .param("done", s == Status.DONE ? Date.valueOf(done) : null).update(keys, "id");
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(CooperationAudit.MILESTONE, id, Map.of("agreement", String.valueOf(agreementId),
                "title", t, "due", dueOn.toString(), "status", s.name())));
        return id;
    }

    /**
     * Moves a milestone to another status: refused when the move is not allowed ({@link Status#canMoveTo}),
     * or when someone changed the milestone since {@code version}; audited and published as
     * {@link MilestoneStatusChanged}.
     */
    @Transactional
    public void setStatus(long agreementId, long milestoneId, Status status, int version) {
        editable(agreementId);
        Milestone before = of(agreementId).stream().filter(m -> m.id() == milestoneId).findFirst()
                .orElseThrow(() -> new NotFoundException("milestone " + milestoneId));
        if (before.version() != version) {
            throw new ConcurrentEditException("milestone " + milestoneId);
        }
        LocalDate today = LocalDate.now();
        Milestone after = before.moveTo(status, today);
        int changed = jdbc.sql("update agreement_milestone set status = :s, done_on = :done, version = version + 1 where id = :id and version = :v")
                .param("s", after.status().name()).param("done", after.doneOn() == null ? null : Date.valueOf(after.doneOn()))
                .param("id", milestoneId).param("v", version).update();
        if (changed == 0) {
            throw new ConcurrentEditException("milestone " + milestoneId);
        }
        events.publishEvent(RecordChanged.updated(CooperationAudit.MILESTONE, milestoneId, Map.of("status", before.status().name()),
                Map.of("status", after.status().name())));
        events.publishEvent(new MilestoneStatusChanged(agreementId, milestoneId, before.status(), after.status(), today,
                CurrentUser.get().map(CurrentUser::getUsername).orElse("system")));
    }

    @Transactional
    public void remove(long agreementId, long milestoneId, int version) {
        editable(agreementId);
        if (jdbc.sql("delete from agreement_milestone where id = :id and agreement_id = :a and version = :v")
                .param("id", milestoneId).param("a", agreementId).param("v", version).update() == 0) {
            throw new ConcurrentEditException("milestone " + milestoneId);
        }
        events.publishEvent(RecordChanged.deleted(CooperationAudit.MILESTONE, milestoneId, Map.of("agreement", String.valueOf(agreementId))));
    }

    /** The documents of a record, refused when the caller may not read the record. */
    public List<Document> documents(Ledger ledger, long recordId) {
        ledgers.get(ledger, recordId);
        return jdbc.sql("select * from ledger_document where ledger = :l and record_id = :r order by uploaded_at")
                .param("l", ledger.code()).param("r", recordId)
                .query((rs, i) -> new Document(rs.getLong("id"), rs.getString("ledger"), rs.getLong("record_id"), rs.getString("file_name"),
                        rs.getString("stored_as"), rs.getLong("size_bytes"), rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toInstant()))
                .list();
    }

    @Transactional
    public long attach(Ledger ledger, long recordId, String fileName, InputStream content) {
        LedgerRecord record = ledgers.get(ledger, recordId);
        if (!ledgers.canEdit(record)) {
            throw new AccessDeniedException("read only");
        }
        org.counterpart.shared.Uploads.Kept kept = org.counterpart.shared.Uploads.keep(directory, fileName, "document", content);
        // the file belongs to the row: if the transaction does not commit, the file goes too
        afterCompletion(committed -> {
            if (!committed) {
                deleteQuietly(kept.path());
            }
        });
        if (kept.size() == 0 || kept.size() > MAX_DOCUMENT_BYTES) {
            try {
                java.nio.file.Files.deleteIfExists(kept.path());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new InvalidInputException("document", kept.size() == 0 ? "ledger.document.empty" : "ledger.document.tooLarge", 20);
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into ledger_document (ledger, record_id, file_name, stored_as, sha256, size_bytes, uploaded_by, uploaded_at)
                        values (:l, :r, :f, :s, :sha, :size, :by, :at)""")
                .param("l", ledger.code()).param("r", recordId).param("f", kept.name()).param("s", kept.path().getFileName().toString())
                .param("sha", kept.sha256()).param("size", kept.size())
                .param("by", CurrentUser.get().map(CurrentUser::getUsername).orElse("system"))
                .param("at", Timestamp.from(Instant.now())).update(keys, "id");
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(CooperationAudit.DOCUMENT, id, Map.of("ledger", ledger.code(),
                "record", String.valueOf(recordId), "file", kept.name(), "size", String.valueOf(kept.size()))));
        return id;
    }

    /** A kept document and where its bytes are, after checking the caller may read its record. */
    public Map.Entry<Document, Path> open(Ledger ledger, long recordId, long documentId) {
        ledgers.get(ledger, recordId);
        Document d = documents(ledger, recordId).stream().filter(x -> x.id() == documentId).findFirst()
                .orElseThrow(() -> new NotFoundException("document " + documentId));
        return Map.entry(d, directory.resolve(d.storedAs()));
    }

    /** Removes the files of a record's documents once the deletion of their rows has committed. */
    void forgetFiles(Ledger ledger, long recordId) {
        List<Path> files = documents(ledger, recordId).stream().map(d -> directory.resolve(d.storedAs())).toList();
        afterCompletion(committed -> {
            if (committed) {
                files.forEach(Milestones::deleteQuietly);
            }
        });
    }

    private static void afterCompletion(java.util.function.Consumer<Boolean> then) {
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            then.accept(status == STATUS_COMMITTED);
                        }
                    });
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file left behind is found by nothing and harms nothing
        }
    }

    private void editable(long agreementId) {
        LedgerRecord agreement = ledgers.get(Ledger.AGREEMENT, agreementId);
        if (!agreement.ledger().hasMilestones() || !ledgers.canEdit(agreement)) {
            throw new AccessDeniedException("read only");
        }
    }
}
