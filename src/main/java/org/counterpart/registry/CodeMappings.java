package org.counterpart.registry;

import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of a dry run's code columns that no code table knew, and what a coordinator makes of them:
 * another spelling of an existing code (an alias), or a value the table lacked (a new code). Either is
 * decided once, kept, audited, and holds for every import after it, so a rerun of the same dry run
 * passes the rows it held back.
 *
 * <p>Code tables are the installation's reference data, not a county's, so a mapping holds everywhere;
 * that is why only coordinators and administrators of a region decide, and only for values a run they
 * may see actually met (not any string sent to the form). Who decided, from which run, is in the audit.
 */
@Service
public class CodeMappings {

    /** The longest code each table may hold: the width of the registry's columns that store its codes. */
    private static final Map<String, Integer> LONGEST = Map.of(CodeTables.ATTRIBUTE, 40, CodeTables.CAUSE, 40,
            CodeTables.STANDARD, 10, CodeTables.STATUS, 10);

    private final JdbcClient jdbc;
    private final CodeTables codes;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    CodeMappings(JdbcClient jdbc, CodeTables codes, TransactionTemplate tx, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.codes = codes;
        this.tx = tx;
        this.events = events;
    }

    /** The run whose unknown values these are, as the mapping page names it. */
    public record RunOfValues(long id, String fileName, String actor, boolean dryRun, String status) {
    }

    /** The run, if the caller may see it: their own, any for an administrator, or one of their region for a coordinator. */
    public RunOfValues run(long runId) {
        record Row(long id, String fileName, String actor, boolean dryRun, String status, String scope) {
        }
        Row row = jdbc.sql("select id, file_name, actor, dry_run, status, county_scope from import_run where id = :id").param("id", runId)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getString(6)))
                .optional().orElseThrow(() -> new NotFoundException("import " + runId));
        CurrentUser me = CurrentUser.require();
        boolean own = row.actor().equals(me.getUsername());
        boolean coordinatorHere = me.is(Role.COORDINATOR) && me.scope().region().map(r -> row.scope().startsWith(r.value())).orElse(false);
        if (!own && !me.is(Role.ADMINISTRATOR) && !coordinatorHere) {
            throw new AccessDeniedException("import " + runId + " belongs to someone else");
        }
        return new RunOfValues(row.id(), row.fileName(), row.actor(), row.dryRun(), row.status());
    }

    /** Whether the caller may map values: a coordinator or an administrator of a region. */
    public boolean mayMap() {
        return CurrentUser.get().map(me -> me.is(Role.ADMINISTRATOR, Role.COORDINATOR) && me.scope().region().isPresent()).orElse(false);
    }

    /** The unknown values of a run, each with what it means now (once mapped or added). */
    public List<UnknownValue> unknownValues(long runId) {
        run(runId);
        return stored(runId).stream()
                .map(u -> new UnknownValue(u.column(), u.table(), u.value(), u.rows(), u.exampleLines(), codes.resolve(u.table(), u.value())))
                .toList();
    }

    /** Maps an unknown value of a run to an existing code of its table, for this and every later import. */
    public void map(long runId, String table, String value, String code) {
        UnknownValue unknown = decidable(runId, table, value);
        CodeTables.Item target = codes.find(table, code == null ? "" : code)
                .orElseThrow(() -> new InvalidInputException("code", "codes.map.noSuchCode"));
        String by = CurrentUser.require().getUsername();
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                            insert into code_alias (code_table, alias, code, origin, created_by, created_at)
                            values (:table, :alias, :code, 'mapped', :by, :at)""")
                    .param("table", table).param("alias", unknown.value()).param("code", target.code()).param("by", by)
                    .param("at", Timestamp.from(Instant.now())).update();
            events.publishEvent(RecordChanged.created(RegistryAudit.CODE_ALIAS, table + "/" + unknown.value(),
                    Map.of("table", table, "alias", unknown.value(), "code", target.code(), "run", String.valueOf(runId),
                            "column", unknown.column())));
        });
        codes.reload();
    }

    /** Adds an unknown value of a run to its table as a new code (its Chinese label the value itself). */
    public void add(long runId, String table, String value, String labelEn) {
        UnknownValue unknown = decidable(runId, table, value);
        int longest = LONGEST.getOrDefault(table, 20);
        if (unknown.value().length() > longest) {
            throw new InvalidInputException("value", "codes.add.tooLong", longest);
        }
        String english = labelEn == null || labelEn.isBlank() ? unknown.value() : labelEn.strip();
        if (english.length() > 200) {
            throw new InvalidInputException("labelEn", "import.tooLong", 200);
        }
        tx.executeWithoutResult(s -> {
            int order = jdbc.sql("select coalesce(max(sort_order), 0) + 1 from code_item where code_table = :t").param("t", table)
                    .query(Integer.class).single();
            jdbc.sql("""
                            insert into code_item (code_table, code, label_zh, label_en, sort_order)
                            values (:table, :code, :zh, :en, :order)""")
                    .param("table", table).param("code", unknown.value()).param("zh", unknown.value()).param("en", english)
                    .param("order", order).update();
            events.publishEvent(RecordChanged.created(RegistryAudit.CODE_ITEM, table + "/" + unknown.value(),
                    Map.of("table", table, "code", unknown.value(), "labelEn", english, "run", String.valueOf(runId),
                            "column", unknown.column())));
        });
        codes.reload();
    }

    /** The unknown value a decision is about, once the caller, the run and the value allow one. */
    private UnknownValue decidable(long runId, String table, String value) {
        if (!mayMap()) {
            throw new AccessDeniedException("only coordinators and administrators of a region map code values");
        }
        run(runId);
        String folded = value == null ? "" : CodeTables.fold(value);
        UnknownValue unknown = stored(runId).stream().filter(u -> u.table().equals(table) && u.value().equals(folded)).findFirst()
                .orElseThrow(() -> new InvalidInputException("value", "codes.notOfThisRun"));
        if (codes.resolve(table, folded).isPresent()) {
            throw new InvalidInputException("value", "codes.alreadyKnown", folded);
        }
        return unknown;
    }

    private List<UnknownValue> stored(long runId) {
        return jdbc.sql("""
                        select column_name, code_table, shown_value, row_count, example_lines from import_unknown_value
                        where run_id = :id order by seq""")
                .param("id", runId)
                .query((rs, i) -> new UnknownValue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5).isEmpty() ? List.of() : Arrays.stream(rs.getString(5).split(",")).map(Integer::valueOf).toList(),
                        Optional.empty()))
                .list();
    }
}
