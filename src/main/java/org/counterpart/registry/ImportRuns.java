package org.counterpart.registry;

import org.counterpart.shared.ImportRunState;
import org.counterpart.shared.Problem;
import org.counterpart.geography.RegionCode;
import org.counterpart.identity.Scope;
import org.counterpart.shared.ThisProcess;
import org.counterpart.shared.Uploads;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The stored run of an import and the moves of its state. Every move is an update from the state the
 * run is known to be in, in a transaction of its own (a run's state must be visible while the import's
 * own transaction is still open, and must survive its rollback); a move the state does not allow, or
 * from a state the run is no longer in, is refused. Each stored move is published as {@link ImportRunMoved}.
 */
@Component
class ImportRuns {

    private static final int PROBLEMS_KEPT = 10_000;

    /** What a run found, stored when it ends. */
    record Outcome(int rowsRead, int rowsRefused, int householdsNew, int householdsUpdated, int householdsUnchanged,
                   int householdsRefused, List<Problem> problems, List<UnknownValue> unknownValues, String message) {
        static Outcome refused(String message) {
            return new Outcome(0, 0, 0, 0, 0, 0, List.of(), List.of(), message);
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batchJdbc;
    private final TransactionTemplate own;
    private final ApplicationEventPublisher events;

    private final ThisProcess process;

    ImportRuns(JdbcClient jdbc, JdbcTemplate batchJdbc, PlatformTransactionManager transactions, ApplicationEventPublisher events,
               ThisProcess process) {
        this.process = process;
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
    }

    /** Stores a new run, queued, and moves it to checking: the import begins to read its file. */
    long open(String name, Path stored, String sha, boolean dryRun, OptionalInt year, String actor, Scope scope, Instant started) {
        Long runId = own.execute(s -> {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into import_run (kind, file_name, stored_as, file_sha256, dry_run, year_option, status, started_at,
                                actor, county_scope, process_id)
                            values ('households', :name, :stored, :sha, :dry, :yearOption, :status, :started, :actor, :scope, :process)""")
                    .param("name", Uploads.cut(name, 300)).param("stored", stored.getFileName().toString()).param("sha", sha)
                    .param("dry", dryRun).param("yearOption", year.isPresent() ? year.getAsInt() : null)
                    .param("status", ImportRunState.QUEUED.code()).param("started", Timestamp.from(started)).param("actor", actor)
                    .param("scope", scope.region().map(RegionCode::value).orElse("institution")).param("process", process.id())
                    .update(keys, "id");
            return keys.getKey().longValue();
        });
        move(runId, ImportRunState.QUEUED, ImportRunState.CHECKING);
        return runId;
    }

    /** Moves a run on; refused when the move is not allowed or the run is no longer where it was. */
    void move(long runId, ImportRunState from, ImportRunState to) {
        from.moveTo(to);
        own.executeWithoutResult(s -> store(runId, from, to, null));
        events.publishEvent(new ImportRunMoved(runId, from, to, Instant.now()));
    }

    /** Keeps what a dry run found it would change, per household, in the run's own transaction (the dry run's is rolled back). */
    void storeChanges(long runId, List<HouseholdChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        own.executeWithoutResult(s -> {
            List<Object[]> batch = new ArrayList<>();
            int seq = 0;
            for (HouseholdChange c : changes) {
                batch.add(new Object[]{runId, seq++, c.countyCode(), c.householdNo(), c.year(), c.kind().name(), c.field(),
                        Uploads.cut(c.before(), 300), Uploads.cut(c.after(), 300)});
                if (batch.size() == 5_000) {
                    insertChanges(batch);
                    batch.clear();
                }
            }
            insertChanges(batch);
        });
    }

    private void insertChanges(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            batchJdbc.batchUpdate("""
                    insert into import_change (run_id, seq, county_code, household_no, reg_year, kind, field, before_value, after_value)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch);
        }
    }

    /** Ends a run: its state, its counts, its refused rows and the unknown values of its code columns. */
    void finish(long runId, ImportRunState from, ImportRunState to, Outcome outcome) {
        from.moveTo(to);
        if (!to.ended()) {
            throw new IllegalStateException("a run ends in an end state, not " + to);
        }
        own.executeWithoutResult(s -> {
            store(runId, from, to, outcome);
            List<Object[]> batch = new ArrayList<>();
            int seq = 0;
            for (Problem p : outcome.problems()) {
                if (seq == PROBLEMS_KEPT) {
                    break;
                }
                batch.add(new Object[]{runId, seq++, p.line(), Uploads.cut(p.column(), 100), Uploads.cut(p.shownValue(), 200),
                        p.messageKey(), Uploads.cut(Problem.encode(p.arguments()), 1000)});
            }
            if (!batch.isEmpty()) {
                batchJdbc.batchUpdate("""
                        insert into import_problem (run_id, seq, line, column_name, shown_value, message_key, arguments)
                        values (?, ?, ?, ?, ?, ?, ?)""", batch);
            }
            List<Object[]> unknown = new ArrayList<>();
            for (UnknownValue u : outcome.unknownValues()) {
                unknown.add(new Object[]{runId, unknown.size(), Uploads.cut(u.column(), 100), u.table(), Uploads.cut(u.value(), 100), u.rows(),
                        Uploads.cut(u.exampleLines().stream().map(String::valueOf).collect(Collectors.joining(",")), 200)});
            }
            if (!unknown.isEmpty()) {
                batchJdbc.batchUpdate("""
                        insert into import_unknown_value (run_id, seq, column_name, code_table, shown_value, row_count, example_lines)
                        values (?, ?, ?, ?, ?, ?, ?)""", unknown);
            }
        });
        events.publishEvent(new ImportRunMoved(runId, from, to, Instant.now()));
    }

    /** Ends a run that stopped with an error, from whatever state it was in; an ended run stays as it is. */
    void failed(long runId, String reason) {
        ImportRunState now = state(runId);
        if (!now.ended()) {
            finish(runId, now, ImportRunState.FAILED, Outcome.refused(reason));
        }
    }

    /**
     * Ends as interrupted every run that an earlier process left going (it was killed, or its start
     * failed): nothing of it was written, its file is kept and it may be run again. The runs of this
     * process are left alone. Answers how many runs were ended so.
     */
    int interruptEarlier() {
        record Left(long id, ImportRunState state, String fileName) {
        }
        List<Left> left = jdbc.sql("""
                        select id, status, file_name from import_run
                        where status in (:running) and (process_id is null or process_id <> :process) order by id""")
                .param("running", ImportRunState.running().stream().map(ImportRunState::code).toList()).param("process", process.id())
                .query((rs, i) -> new Left(rs.getLong(1), ImportRunState.of(rs.getString(2)), rs.getString(3))).list();
        for (Left run : left) {
            finish(run.id(), run.state(), ImportRunState.INTERRUPTED, Outcome.refused("import.interrupted\u001e" + run.fileName()));
        }
        return left.size();
    }

    ImportRunState state(long runId) {
        return ImportRunState.of(jdbc.sql("select status from import_run where id = :id").param("id", runId).query(String.class).single());
    }

    private void store(long runId, ImportRunState from, ImportRunState to, Outcome outcome) {
        int moved;
        if (outcome == null) {
            moved = jdbc.sql("update import_run set status = :to where id = :id and status = :from")
                    .param("to", to.code()).param("id", runId).param("from", from.code()).update();
        } else {
            moved = jdbc.sql("""
                            update import_run set status = :to, finished_at = :finished, rows_read = :read, rows_refused = :refused,
                                households_new = :new, households_updated = :updated, households_unchanged = :unchanged,
                                households_refused = :hrefused, message = :message
                            where id = :id and status = :from""")
                    .param("to", to.code()).param("finished", Timestamp.from(Instant.now()))
                    .param("read", outcome.rowsRead()).param("refused", outcome.rowsRefused()).param("new", outcome.householdsNew())
                    .param("updated", outcome.householdsUpdated()).param("unchanged", outcome.householdsUnchanged())
                    .param("hrefused", outcome.householdsRefused()).param("message", Uploads.cut(outcome.message(), 1000))
                    .param("id", runId).param("from", from.code()).update();
        }
        if (moved != 1) {
            throw new IllegalStateException("import run " + runId + " is no longer " + from + ", so it cannot move to " + to);
        }
    }
}
