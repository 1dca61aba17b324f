package org.counterpart.cooperation;

import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.ImportRunState;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.JobProgress;
import org.counterpart.shared.Masking;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.Problem;
import org.counterpart.shared.RecordChanged;
import org.counterpart.shared.TabularColumn;
import org.counterpart.shared.TabularFile;
import org.counterpart.shared.TabularFileException;
import org.counterpart.shared.TabularRow;
import org.counterpart.shared.ThisProcess;
import org.counterpart.shared.Uploads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a ledger from a CSV or XLSX file in the ledger's own template. A dry run does everything and
 * then rolls back, so its counts are exactly what the import will do; the import writes every valid
 * row in one transaction or nothing. A row is the same record as one already stored when its title,
 * year, place, recording side, date (and the person, for placements and stays) agree: it is then
 * updated or left unchanged, so importing the same file twice changes nothing. Every refused cell is
 * reported with its line, column, value (ID numbers masked) and reason, and kept with the run.
 */
@Service
public class LedgerImport {

    /**
     * The outcome of a run. A checked run (a dry run) is applied at most once: {@code appliedAs} is
     * then the run that applied it.
     */
    public record Result(long id, Ledger ledger, String fileName, boolean dryRun, ImportRunState state, int rows, int created, int updated,
                         int unchanged, int refused, List<Problem> problems, Optional<String> fileMessageKey,
                         List<String> fileMessageArgs, Instant at, Optional<Long> appliedAs) {
        /** Whether the run ended without rows to show: its file refused, or the run failed or was interrupted (with the reason). */
        public boolean fileRefused() {
            return fileMessageKey.isPresent();
        }

        /** Whether the run is still going (its page then follows its job). */
        public boolean running() {
            return !state.ended();
        }
    }

    /** Published when a checked run was applied, in the transaction that recorded the applying run. */
    public record ImportApplied(String ledger, long checkedRun, long appliedRun, int created, int updated, String by) {
    }

    /** What a run counts as it goes. */
    private static final class Tally {
        int rows;
        int created;
        int updated;
        int unchanged;
        int refused;
    }

    public static final String BENEFICIARIES = "beneficiaries";
    public static final String WORKER = "worker";

    private final Ledgers ledgers;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final PersonalDataProtector protector;
    private final Path directory;
    private final LedgerCatalog catalog;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate own;
    private final ThisProcess process;

    LedgerImport(Ledgers ledgers, JdbcClient jdbc, TransactionTemplate tx, MessageSource messages, PersonalDataProtector protector,
                 @Value("${counterpart.home}") String home, LedgerCatalog catalog, ApplicationEventPublisher events,
                 PlatformTransactionManager transactions, ThisProcess process) {
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.process = process;
        this.catalog = catalog;
        this.events = events;
        this.ledgers = ledgers;
        this.jdbc = jdbc;
        this.tx = tx;
        this.messages = messages;
        this.protector = protector;
        this.directory = Path.of(home, "ledger-imports");
    }

    /** The columns of a ledger's file: its fields, then the worker or the beneficiaries where it reaches people. */
    public List<TabularColumn> columns(Ledger ledger) {
        List<TabularColumn> columns = new ArrayList<>();
        for (LedgerField<?> f : ledger.fields()) {
            columns.add(new TabularColumn(f.name(), label(ledger, f.name(), LedgerValues.ZH), label(ledger, f.name(), Locale.ENGLISH), f.required()));
        }
        if (ledger.reach() == Ledger.Reach.ONE_WORKER) {
            columns.add(new TabularColumn(WORKER, label(ledger, WORKER, LedgerValues.ZH), label(ledger, WORKER, Locale.ENGLISH), true));
        } else if (ledger.reachesPeople()) {
            columns.add(new TabularColumn(BENEFICIARIES, label(ledger, BENEFICIARIES, LedgerValues.ZH),
                    label(ledger, BENEFICIARIES, Locale.ENGLISH), false));
        }
        return columns;
    }

    /** A column's heading in a language: the title is named per ledger, other fields alike in all. */
    public String label(Ledger ledger, String field, Locale locale) {
        String key = field.equals(LedgerField.TITLE.name()) ? ledger.titleKey() : "lf." + field;
        return messages.getMessage(key, null, field, locale);
    }

    /** An uploaded file as the import keeps it: its name, where it is kept, its SHA-256. */
    public record Upload(String name, Path path, String sha256) {
    }

    /**
     * Keeps an upload for a run (the caller must be one who records); the run itself may then go on
     * in the background ({@link LedgerImportJobs}) while the request that brought the file ends.
     */
    public Upload keep(String fileName, InputStream content) {
        if (!ledgers.canCreate()) {
            throw new AccessDeniedException("read only");
        }
        // sealed with the personal-data key: the file waiting for Apply holds no ID number in plaintext
        Uploads.Kept kept = Uploads.keepSealed(directory, fileName, "upload.csv", content, protector);
        return new Upload(kept.name(), kept.path(), kept.sha256());
    }

    /** Runs a kept upload; {@code progress} hears the rows checked so far. */
    public Result run(Ledger ledger, Upload upload, boolean dryRun, JobProgress progress) {
        if (!ledgers.canCreate()) {
            throw new AccessDeniedException("read only");
        }
        return run(ledger, upload.name(), upload.path(), upload.sha256(), dryRun, Optional.empty(), progress);
    }

    /**
     * Runs a file kept by an earlier dry run again, for real: the one move a checked run makes. A run
     * already applied, or being applied, is refused, so pressing Apply twice imports once.
     */
    public Result apply(long dryRunId, JobProgress progress) {
        StoredRun run = applicable(dryRunId);
        Ledger ledger = catalog.byCode(run.ledger()).orElseThrow();
        return run(ledger, run.fileName(), directory.resolve(run.storedAs()), run.sha256(), false, Optional.of(dryRunId), progress);
    }

    /** The checked run the caller may apply: their own, not yet applied; refused otherwise. */
    public StoredRun applicable(long dryRunId) {
        if (!ledgers.canCreate()) {
            throw new AccessDeniedException("read only");
        }
        StoredRun run = stored(dryRunId).filter(StoredRun::dryRun).filter(r -> r.state() == ImportRunState.CHECKED)
                .orElseThrow(() -> new org.counterpart.shared.NotFoundException("checked ledger import " + dryRunId));
        if (!run.actor().equals(actor())) {
            throw new AccessDeniedException("another user's import");
        }
        if (run.applied()) {
            throw new InvalidInputException("run", "ledger.import.alreadyApplied");
        }
        return run;
    }

    /**
     * Runs the kept file of a run that stopped before it was done (interrupted by a stopped process, or
     * failed) again, as a new run of the same kind: a dry run stays a dry run.
     */
    public Result runAgain(long runId, JobProgress progress) {
        StoredRun run = runAgainable(runId);
        Ledger ledger = catalog.byCode(run.ledger()).orElseThrow();
        return run(ledger, run.fileName(), directory.resolve(run.storedAs()), run.sha256(), run.dryRun(), Optional.empty(), progress);
    }

    /** A run of the caller's own (administrators: anyone's) that may be run again; refused otherwise. */
    public StoredRun runAgainable(long runId) {
        if (!ledgers.canCreate()) {
            throw new AccessDeniedException("read only");
        }
        StoredRun run = stored(runId).orElseThrow(() -> new org.counterpart.shared.NotFoundException("ledger import " + runId));
        CurrentUser user = CurrentUser.require();
        if (!run.actor().equals(user.getUsername()) && !user.is(org.counterpart.identity.Role.ADMINISTRATOR)) {
            throw new AccessDeniedException("another user's import");
        }
        if (!run.state().mayRunAgain()) {
            throw new InvalidInputException("run", "import.notInterrupted");
        }
        return run;
    }

    /** A kept run as the import needs it to run its file again. */
    public record StoredRun(long id, String ledger, String fileName, String storedAs, String sha256, boolean dryRun, String actor,
                            ImportRunState state, boolean applied) {
    }

    private Optional<StoredRun> stored(long id) {
        return jdbc.sql("select id, ledger, file_name, stored_as, file_sha256, dry_run, actor, status, applied_at from ledger_import where id = :id")
                .param("id", id).query((rs, i) -> new StoredRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6), rs.getString(7), ImportRunState.of(rs.getString(8)), rs.getObject(9) != null)).optional();
    }

    private Result run(Ledger ledger, String name, Path stored, String sha, boolean dryRun, Optional<Long> applying, JobProgress progress) {
        Instant at = Instant.now();
        long id = open(ledger, name, stored, sha, dryRun, at);
        Tally counts = new Tally();
        List<Problem> problems = new ArrayList<>();
        Path plain = directory.resolve(process.prefix(READING) + java.util.UUID.randomUUID() + ".upload");
        try {
            // the kept file is sealed: its plain bytes exist only while this run reads them (a start removes them if it dies)
            Uploads.unsealTo(stored, plain, protector);
            try (TabularFile file = TabularFile.open(plain, name, columns(ledger))) {
                progress.stage(JobProgress.Stage.CHECKING, 0);
                tx.executeWithoutResult(status -> {
                    // the claim commits with the rows or not at all: of two applies at once, one writes, the other is refused
                    if (applying.isPresent() && jdbc.sql("update ledger_import set applied_at = :at where id = :id and applied_at is null")
                            .param("at", Timestamp.from(at)).param("id", applying.get()).update() == 0) {
                        throw new InvalidInputException("run", "ledger.import.alreadyApplied");
                    }
                    importRows(ledger, file, counts, problems, progress);
                    progress.total(counts.rows);
                    progress.done(counts.rows);
                    // the rows are in the transaction: what is left is to keep them (or, for a dry run, to drop them)
                    move(id, ImportRunState.CHECKING, ImportRunState.WRITING);
                    progress.stage(JobProgress.Stage.WRITING, 0);
                    if (dryRun) {
                        status.setRollbackOnly();
                    }
                });
            } catch (TabularFileException e) {
                finish(ledger, id, ImportRunState.CHECKING, ImportRunState.REFUSED, new Tally(), List.of(), e.messageKey(),
                        Arrays.stream(e.arguments()).map(String::valueOf).toList(), Optional.empty());
                return result(id, false);
            }
            finish(ledger, id, ImportRunState.WRITING, dryRun ? ImportRunState.CHECKED : ImportRunState.APPLIED, counts, problems, null,
                    List.of(), applying);
        } catch (RuntimeException e) {
            // the import's transaction is gone, nothing was written: the run ends failed with the reason instead
            // of staying "checking"; the exception's own text may quote a cell, so only its kind is logged
            String key = e instanceof InvalidInputException refused ? refused.messageKey() : "import.job.failed";
            log.error("Ledger import {} of {} failed, nothing was written: {}", id, ledger.code(), e.getClass().getName());
            ImportRunState now = state(id);
            if (!now.ended()) {
                finish(ledger, id, now, ImportRunState.FAILED, new Tally(), List.of(), key, List.of(name), Optional.empty());
            }
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(plain);
            } catch (java.io.IOException e) {
                log.warn("A temporary file of ledger import {} could not be removed; the next start removes it", id);
            }
        }
        return result(id, false);
    }

    /** The start of the names of the plain copies a run reads, removed at start when an earlier process left them. */
    private static final String READING = "reading-";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LedgerImport.class);

    private void importRows(Ledger ledger, TabularFile file, Tally counts, List<Problem> problems, JobProgress progress) {
        Map<String, Integer> keys = new HashMap<>();
        Map<String, LedgerRecord> existing = new HashMap<>();
        Map<Long, String> people = people(ledger);
        for (LedgerRecord r : ledgers.matching(ledger, Ledgers.Filter.none())) {
            existing.put(key(r, people.getOrDefault(r.id(), "")), r);
        }
        for (TabularRow row : file) {
            counts.rows++;
            progress.done(counts.rows);
            Map<String, String> fields = new HashMap<>();
            for (LedgerField<?> f : ledger.fields()) {
                fields.put(f.name(), row.get(f.name()));
            }
            List<String> beneficiaries = List.of();
            if (ledger.reach() == Ledger.Reach.ONE_WORKER) {
                fields.put(WORKER, row.get(WORKER));
            } else if (ledger.reachesPeople()) {
                beneficiaries = BeneficiaryLinks.split(row.get(BENEFICIARIES));
            }
            Ledgers.Entry entry = new Ledgers.Entry(fields, beneficiaries, 0);
            Ledgers.Checked checked = ledgers.check(ledger, 0, entry);
            String key = checked.ok() ? key(checked) : null;
            LedgerRecord match = key == null ? null : existing.get(key);
            if (match != null) {
                checked = ledgers.check(ledger, match.id(), entry); // a stay does not overlap itself
            }
            if (!checked.ok()) {
                counts.refused++;
                for (InvalidInputException e : checked.errors()) {
                    problems.add(problem(ledger, row, e));
                }
                continue;
            }
            Integer earlier = keys.putIfAbsent(key, row.lineNumber());
            if (earlier != null) {
                counts.refused++;
                String title = LedgerField.TITLE.name();
                problems.add(new Problem(row.lineNumber(), label(ledger, title, LedgerValues.ZH), shown(ledger, title, row.get(title)),
                        "ledger.import.sameAsRow", List.of(String.valueOf(earlier))));
                continue;
            }
            if (match == null) {
                ledgers.insert(checked);
                counts.created++;
            } else if (same(match, checked)) {
                counts.unchanged++;
            } else {
                ledgers.write(match.id(), match.version(), checked, match);
                counts.updated++;
            }
        }
    }

    /** Unchanged: the same values, and no beneficiary that is not linked already. */
    private boolean same(LedgerRecord stored, Ledgers.Checked checked) {
        for (var e : checked.values().asMap().entrySet()) {
            Object before = stored.get(e.getKey());
            Object after = e.getValue();
            if (after instanceof java.math.BigDecimal a && before instanceof java.math.BigDecimal b ? a.compareTo(b) != 0 : !java.util.Objects.equals(before, after)) {
                return false;
            }
        }
        if (checked.targets().isEmpty()) {
            return true;
        }
        var linked = new java.util.HashSet<Long>();
        jdbc.sql("select person_id from beneficiary_link where ledger = :l and record_id = :r")
                .param("l", stored.ledger().code()).param("r", stored.id()).query(Long.class).list().forEach(linked::add);
        return checked.targets().stream().allMatch(t -> linked.contains(t.personId()));
    }

    private String key(Ledgers.Checked c) {
        String person = c.idNumber().map(id -> protector.lookupHash(id.value()))
                .orElse(c.ledger().reach() == Ledger.Reach.ONE_WORKER && !c.targets().isEmpty() ? "p" + c.targets().get(0).personId() : "");
        return String.join("\u001f", c.ledger().code(), String.valueOf(c.year()), c.place().value(), c.values().get(LedgerField.TITLE),
                ownerKey(c.values().get(LedgerField.OWNER)), c.ledger().dateField().map(f -> String.valueOf(c.values().get(f))).orElse(""), person);
    }

    private String key(LedgerRecord r, String person) {
        return String.join("\u001f", r.ledger().code(), String.valueOf(r.year()), r.place().value(), r.title(), ownerKey(r.owner()),
                r.ledger().dateField().map(f -> String.valueOf(r.get(f))).orElse(""), person);
    }

    /**
     * The person in each stored record's key, read in one query per ledger: the ID hash of a ledger
     * that names a person by ID number (a stay), the one worker of a ledger that reaches one (a placement).
     */
    private Map<Long, String> people(Ledger ledger) {
        Map<Long, String> people = new HashMap<>();
        if (!ledger.fields(LedgerField.Type.ID_NUMBER).isEmpty()) {
            jdbc.sql("select id, id_hash from " + ledger.table()).query(rs -> {
                people.put(rs.getLong(1), rs.getString(2));
            });
        } else if (ledger.reach() == Ledger.Reach.ONE_WORKER) {
            jdbc.sql("select record_id, person_id from beneficiary_link where ledger = :l").param("l", ledger.code()).query(rs -> {
                people.put(rs.getLong(1), "p" + rs.getLong(2));
            });
        }
        return people;
    }

    private static String ownerKey(Party p) {
        return p == null ? "" : p.region().map(r -> r.value()).orElseGet(() -> "i" + p.institutionId().orElseThrow());
    }

    private Problem problem(Ledger ledger, TabularRow row, InvalidInputException e) {
        String field = e.field();
        String raw = ledger.field(field).isPresent() || field.equals(WORKER) || field.equals(BENEFICIARIES) ? row.get(field) : null;
        boolean idField = isIdNumber(ledger, field);
        // a refusal may quote the cell: in an ID number's own field anything (a number Excel turned into
        // 5.2E+17, a mistyped ID) is masked whole; elsewhere ID numbers are masked wherever they appear, while
        // household numbers stay readable, so the officer sees which household was refused
        List<Object> args = Arrays.stream(e.arguments())
                .map(a -> a instanceof Number ? a : idField ? Masking.idNumber(String.valueOf(a)) : Masking.idNumbersIn(String.valueOf(a)))
                .toList();
        return new Problem(row.lineNumber(), label(ledger, field, LedgerValues.ZH), shown(ledger, field, raw), e.messageKey(), args);
    }

    private static boolean isIdNumber(Ledger ledger, String field) {
        return ledger.field(field).filter(f -> f.type() == LedgerField.Type.ID_NUMBER).isPresent();
    }

    /** A cell as a report may show it: ID numbers masked wherever they may appear. */
    private static String shown(Ledger ledger, String field, String raw) {
        if (raw == null) {
            return "";
        }
        String v = isIdNumber(ledger, field) || field.equals(WORKER) || field.equals(BENEFICIARIES)
                ? Masking.idNumbersIn(raw) : raw;
        return v.length() > 200 ? v.substring(0, 197) + "…" : v;
    }

    /** Stores a new run, checking, in a transaction of its own, so it shows (and a stopped process's run is found) while it goes. */
    private long open(Ledger ledger, String name, Path stored, String sha, boolean dryRun, Instant at) {
        long id = own.execute(status -> {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into ledger_import (ledger, file_name, stored_as, file_sha256, dry_run, started_at, actor, rows_read,
                                                       rows_new, rows_updated, rows_unchanged, rows_refused, status, process_id)
                            values (:l, :f, :s, :sha, :d, :at, :a, 0, 0, 0, 0, 0, :status, :process)""")
                    .param("l", ledger.code()).param("f", Uploads.cut(name, 300)).param("s", stored.getFileName().toString()).param("sha", sha)
                    .param("d", dryRun).param("at", Timestamp.from(at)).param("a", actor()).param("status", ImportRunState.QUEUED.code())
                    .param("process", process.id())
                    .update(keys, "id");
            return keys.getKey().longValue();
        });
        move(id, ImportRunState.QUEUED, ImportRunState.CHECKING);
        return id;
    }

    /** Moves a run on, in a transaction of its own; refused when the move is not allowed or the run is no longer where it was. */
    private void move(long id, ImportRunState from, ImportRunState to) {
        from.moveTo(to);
        Integer moved = own.execute(status -> jdbc.sql("update ledger_import set status = :to where id = :id and status = :from")
                .param("to", to.code()).param("id", id).param("from", from.code()).update());
        if (moved == null || moved != 1) {
            throw new IllegalStateException("ledger import " + id + " is no longer " + from + ", so it cannot move to " + to);
        }
    }

    private ImportRunState state(long id) {
        return ImportRunState.of(jdbc.sql("select status from ledger_import where id = :id").param("id", id).query(String.class).single());
    }

    /** Ends a run: its state, counts, refused cells, the reason a file was refused, and the checked run it applied. */
    private void finish(Ledger ledger, long id, ImportRunState from, ImportRunState to, Tally counts, List<Problem> problems,
                        String messageKey, List<String> messageArgs, Optional<Long> applied) {
        from.moveTo(to);
        own.executeWithoutResult(status -> {
            int moved = jdbc.sql("""
                            update ledger_import set status = :to, finished_at = :now, rows_read = :r, rows_new = :n, rows_updated = :u,
                                rows_unchanged = :same, rows_refused = :x, message_key = :mk, message_args = :ma
                            where id = :id and status = :from""")
                    .param("to", to.code()).param("now", Timestamp.from(Instant.now()))
                    .param("r", counts.rows).param("n", counts.created).param("u", counts.updated).param("same", counts.unchanged).param("x", counts.refused)
                    .param("mk", messageKey).param("ma", messageKey == null ? null : Uploads.cut(String.join("\u001f", messageArgs), 1000))
                    .param("id", id).param("from", from.code()).update();
            if (moved != 1) {
                throw new IllegalStateException("ledger import " + id + " is no longer " + from + ", so it cannot move to " + to);
            }
            int seq = 0;
            for (Problem p : problems) {
                jdbc.sql("""
                                insert into ledger_import_problem (import_id, seq, line, column_name, shown_value, message_key, arguments)
                                values (:id, :seq, :line, :col, :v, :k, :args)""")
                        .param("id", id).param("seq", seq++).param("line", p.line()).param("col", Uploads.cut(p.column(), 100))
                        .param("v", Uploads.cut(p.shownValue(), 200)).param("k", p.messageKey()).param("args", Uploads.cut(Problem.encode(p.arguments()), 1000))
                        .update();
            }
            applied.ifPresent(checked -> {
                jdbc.sql("update ledger_import set applied_as = :a where id = :id").param("a", id).param("id", checked).update();
                events.publishEvent(new RecordChanged(CooperationAudit.LEDGER_IMPORT, String.valueOf(checked), org.counterpart.shared.AuditAction.APPLIED, null,
                        new java.util.TreeMap<>(Map.of("appliedAs", String.valueOf(id), "created", String.valueOf(counts.created),
                                "updated", String.valueOf(counts.updated)))));
                events.publishEvent(new ImportApplied(ledger.code(), checked, id, counts.created, counts.updated, actor()));
            });
        });
    }

    /**
     * After a start: the runs an earlier process left going end as interrupted (nothing of them was
     * written, their files are kept and they may be run again); this process's own runs are left alone.
     * Answers how many runs were ended so.
     */
    int recoverEarlierRuns() {
        record Left(long id, ImportRunState state, String fileName) {
        }
        List<Left> left = jdbc.sql("""
                        select id, status, file_name from ledger_import
                        where status in (:running) and (process_id is null or process_id <> :process) order by id""")
                .param("running", ImportRunState.running().stream().map(ImportRunState::code).toList()).param("process", process.id())
                .query((rs, i) -> new Left(rs.getLong(1), ImportRunState.of(rs.getString(2)), rs.getString(3))).list();
        for (Left run : left) {
            own.executeWithoutResult(status -> jdbc.sql("""
                            update ledger_import set status = :to, finished_at = :now, message_key = 'import.interrupted', message_args = :file
                            where id = :id and status = :from""")
                    .param("to", run.state().moveTo(ImportRunState.INTERRUPTED).code()).param("now", Timestamp.from(Instant.now()))
                    .param("file", run.fileName()).param("id", run.id()).param("from", run.state().code()).update());
        }
        if (!left.isEmpty()) {
            log.info("Ledger imports left by an earlier process: {} runs now interrupted", left.size());
        }
        int removed = process.removeLeftBehind(directory, READING);
        // uploads kept before kept uploads were sealed are sealed now, in place (their runs name them as before)
        int sealed = Uploads.sealLeftInPlaintext(directory, f -> !f.getFileName().toString().startsWith(READING)
                && !f.getFileName().toString().endsWith(".sealing"), protector);
        if (removed + sealed > 0) {
            log.info("Ledger uploads: {} plain copies left by an earlier process removed, {} kept in plaintext by an earlier version sealed",
                    removed, sealed);
        }
        return left.size();
    }

    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void afterStart() {
        recoverEarlierRuns();
    }

    /** A run kept earlier, with its refused cells; only its own user or an administrator reads it. */
    public Result result(long id) {
        return result(id, true);
    }

    private Result result(long id, boolean checkReader) {
        Map<String, Object> r = jdbc.sql("select * from ledger_import where id = :id").param("id", id).query().listOfRows()
                .stream().findFirst().orElseThrow(() -> new org.counterpart.shared.NotFoundException("ledger import " + id));
        if (checkReader) {
            CurrentUser user = CurrentUser.require();
            if (!r.get("actor").equals(user.getUsername()) && !user.is(org.counterpart.identity.Role.ADMINISTRATOR)) {
                throw new AccessDeniedException("another user's import");
            }
        }
        List<Problem> problems = jdbc.sql("select line, column_name, shown_value, message_key, arguments from ledger_import_problem where import_id = :id order by seq")
                .param("id", id).query((rs, i) -> new Problem(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), Problem.decode(rs.getString(5))))
                .list();
        Optional<String> key = Optional.ofNullable((String) r.get("message_key"));
        return new Result(id, catalog.byCode((String) r.get("ledger")).orElseThrow(), (String) r.get("file_name"), (Boolean) r.get("dry_run"),
                ImportRunState.of((String) r.get("status")),
                num(r, "rows_read"), num(r, "rows_new"), num(r, "rows_updated"), num(r, "rows_unchanged"), num(r, "rows_refused"),
                problems, key, split((String) r.get("message_args")), instant(r.get("started_at")),
                Optional.ofNullable((Number) r.get("applied_as")).map(Number::longValue));
    }

    /** The last runs of a ledger by the caller. */
    public List<Result> recent(Ledger ledger, int limit) {
        return jdbc.sql("select id from ledger_import where ledger = :l and actor = :a order by id desc fetch first " + limit + " rows only")
                .param("l", ledger.code()).param("a", actor()).query(Long.class).list().stream().map(this::result).toList();
    }

    /** A timestamp as the driver gives it: H2 returns OffsetDateTime, PostgreSQL Timestamp. */
    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return Instant.parse(value.toString());
    }

    private static int num(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).intValue();
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\u001f", -1));
    }


    private static String actor() {
        return CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
    }
}
