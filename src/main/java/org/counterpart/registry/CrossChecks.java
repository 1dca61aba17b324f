package org.counterpart.registry;

import org.counterpart.shared.Problem;
import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Masking;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Page;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.RecordChanged;
import org.counterpart.shared.ResidentId;
import org.counterpart.shared.TabularColumn;
import org.counterpart.shared.TabularFile;
import org.counterpart.shared.TabularFileException;
import org.counterpart.shared.TabularRow;
import org.counterpart.shared.Uploads;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-checks (数据比对): another department's list of ID numbers — vehicle owners, urban property
 * owners, business registrations, public payroll — is matched against everyone ever registered. A
 * match flags each household of that person for review, naming the list and its row; a reviewer
 * confirms or dismisses the flag with a note. Households are never removed here: the decision to take
 * a household off the registry belongs to the village review and the county, as domain.md says.
 *
 * <p>The list's numbers are kept only as the keyed hash the registry uses to find persons and the
 * masked form a reader can recognise; the uploaded file itself is not kept.
 */
@Service
public class CrossChecks {

    public static final String ID_NUMBER = "id_number";
    public static final String NAME = "name";
    public static final String DETAIL = "detail";

    static final List<TabularColumn> COLUMNS = List.of(
            TabularColumn.required(ID_NUMBER, "证件号码", ID_NUMBER),
            TabularColumn.optional(NAME, "姓名", NAME),
            TabularColumn.optional(DETAIL, "明细", DETAIL));

    /** How a reviewer decides a flag. */
    public enum Outcome { CONFIRMED, DISMISSED }

    /** The result of importing one list; problems are the refused rows, in file order. */
    public record ListImport(long listId, String fileName, CrossCheckKind kind, String otherName, int rowsRead, int rowsRefused,
                             int entries, int flagsRaised, List<Problem> problems, List<String> unknownColumns,
                             Optional<TabularFileException> fileRefused) {
    }

    /** A list as the lists table shows it; flagsInScope counts the flags the caller can see. */
    public record CheckList(long id, CrossCheckKind kind, String otherName, String fileName, Instant importedAt, String actor,
                            int rowsRead, int rowsRefused, int entries, int flagsTotal, long flagsInScope, long openInScope) {
    }

    /** One flag: which household and member, which list and row, and its review. */
    public record Flag(long id, long householdId, String householdNo, RegionCode village, long personId, String personName,
                       String idMasked, long listId, CrossCheckKind kind, String otherName, String listFile, int line,
                       String entryName, String entryDetail, String status, String note, Instant flaggedAt, String reviewedBy,
                       Instant reviewedAt, int version) {
        public boolean open() {
            return "OPEN".equals(status);
        }
    }

    /** Filters of the flag list; empty means any. */
    public record FlagFilter(Optional<String> status, Optional<Long> listId, Optional<CrossCheckKind> kind,
                             Optional<RegionCode> region, Optional<String> householdNo) {
        public static FlagFilter none() {
            return new FlagFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batchJdbc;
    private final PersonalDataProtector protector;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    CrossChecks(JdbcClient jdbc, JdbcTemplate batchJdbc, PersonalDataProtector protector, TransactionTemplate tx,
                ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.protector = protector;
        this.tx = tx;
        this.events = events;
    }

    /** Administrators and coordinators of a region bring lists; calls without a user are the system's own. */
    public boolean canImport() {
        return CurrentUser.get().map(u -> u.is(Role.ADMINISTRATOR, Role.COORDINATOR) && u.scope().region().isPresent()).orElseGet(CurrentUser::isSystem);
    }

    /** Reviewers, coordinators and administrators of a region decide flags. */
    public boolean canReview() {
        return CurrentUser.get().map(u -> u.is(Role.ADMINISTRATOR, Role.COORDINATOR, Role.REVIEWER) && u.scope().region().isPresent()).orElseGet(CurrentUser::isSystem);
    }

    /**
     * Reads a list and flags every registered person on it. Rows with a bad ID number are refused one by
     * one (line, column, masked value, reason) and the rest are kept; the list, its entries and its flags
     * are written in one transaction.
     */
    public ListImport importList(Path file, String originalName, CrossCheckKind kind, String otherName) {
        if (!canImport()) {
            throw new AccessDeniedException("cross-check lists are imported by administrators and coordinators");
        }
        if (kind == null) {
            throw new InvalidInputException("kind", "crosscheck.kind.required");
        }
        String other = otherName == null ? "" : otherName.strip();
        if (kind == CrossCheckKind.OTHER && other.isEmpty()) {
            throw new InvalidInputException("otherName", "crosscheck.otherName.required");
        }
        if (other.length() > 100) {
            throw new InvalidInputException("otherName", "import.tooLong", 100);
        }
        String listName = kind == CrossCheckKind.OTHER ? other : null;
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        String fileName = originalName == null || originalName.isBlank() ? String.valueOf(file.getFileName()) : originalName;

        List<Problem> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, String> hashes = new HashMap<>();
        int rowsRead = 0;
        List<String> unknown;
        try (TabularFile table = TabularFile.open(file, fileName, COLUMNS)) {
            unknown = table.unknownColumns();
            for (TabularRow row : table) {
                rowsRead++;
                Optional<Entry> entry = entry(row, problems, hashes);
                entry.ifPresent(entries::add);
            }
        } catch (TabularFileException e) {
            return new ListImport(0, fileName, kind, listName, 0, 0, 0, 0, List.of(), List.of(), Optional.of(e));
        }
        int read = rowsRead;
        String sha = Uploads.sha256(file);
        Written written = tx.execute(status -> {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into crosscheck_list (kind, other_name, file_name, file_sha256, imported_at, actor, rows_read,
                                rows_refused, entry_count, flag_count)
                            values (:kind, :other, :file, :sha, :at, :actor, :read, :refused, :entries, 0)""")
                    .param("kind", kind.name()).param("other", listName).param("file", Uploads.cut(fileName, 300)).param("sha", sha)
                    .param("at", Timestamp.from(Instant.now())).param("actor", actor).param("read", read)
                    .param("refused", read - entries.size()).param("entries", entries.size())
                    .update(keys, "id");
            long listId = keys.getKey().longValue();
            List<Object[]> batch = entries.stream().map(e -> new Object[]{listId, e.line(), e.idHash(), e.idMasked(), e.fullName(), e.detail()}).toList();
            for (int from = 0; from < batch.size(); from += 1000) {
                batchJdbc.batchUpdate("""
                        insert into crosscheck_entry (list_id, line, id_hash, id_masked, full_name, detail)
                        values (?, ?, ?, ?, ?, ?)""", batch.subList(from, Math.min(batch.size(), from + 1000)));
            }
            // every household the person belongs to in any year, each once per row of the list
            int flags = jdbc.sql("""
                            insert into crosscheck_flag (household_id, person_id, list_id, line, county_code, status, flagged_at, version)
                            select distinct m.household_id, p.id, e.list_id, e.line, h.county_code, 'OPEN', cast(:at as timestamp with time zone), 0
                            from crosscheck_entry e
                            join person p on p.id_hash = e.id_hash
                            join membership m on m.person_id = p.id
                            join household h on h.id = m.household_id
                            where e.list_id = :list""")
                    .param("list", listId).param("at", Timestamp.from(Instant.now())).update();
            jdbc.sql("update crosscheck_list set flag_count = :n where id = :id").param("n", flags).param("id", listId).update();
            Map<String, String> state = new LinkedHashMap<>();
            state.put("kind", kind.name());
            state.put("otherName", listName == null ? "" : listName);
            state.put("file", fileName);
            state.put("sha256", sha);
            state.put("entries", String.valueOf(entries.size()));
            state.put("refused", String.valueOf(read - entries.size()));
            state.put("flags", String.valueOf(flags));
            events.publishEvent(RecordChanged.created(RegistryAudit.CROSSCHECK_LIST, listId, state));
            return new Written(listId, flags);
        });
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
        return new ListImport(written.listId(), fileName, kind, listName, read, read - entries.size(), entries.size(), written.flags(),
                problems.size() > 500 ? List.copyOf(problems.subList(0, 500)) : List.copyOf(problems), unknown, Optional.empty());
    }

    /** A checked row of a list: the person by keyed hash and masked number, with what the list says of them. */
    private record Entry(int line, String idHash, String idMasked, String fullName, String detail) {
    }

    private record Written(long listId, int flags) {
    }

    /** The row as an entry, or empty with its refusals added to the problems. */
    private Optional<Entry> entry(TabularRow row, List<Problem> problems, Map<String, String> hashes) {
        String v = row.get(ID_NUMBER);
        int line = row.lineNumber();
        int before = problems.size();
        ResidentId id = null;
        if (row.wasNumber(ID_NUMBER)) {
            problems.add(problem(line, "证件号码", Masking.idNumber(v), "import.id.storedAsNumber"));
        } else {
            try {
                id = ResidentId.parse(v).id();
            } catch (InvalidInputException e) {
                problems.add(new Problem(line, "证件号码", Masking.idNumber(v), e.messageKey(), List.<Object>copyOf(maskArguments(e.arguments()))));
            }
        }
        String name = row.get(NAME);
        if (name.codePointCount(0, name.length()) > 60) {
            problems.add(problem(line, "姓名", name.substring(0, 20) + "…", "import.tooLong", "60"));
        }
        String detail = row.get(DETAIL);
        if (detail.codePointCount(0, detail.length()) > 300) {
            problems.add(problem(line, "明细", detail.substring(0, 20) + "…", "import.tooLong", "300"));
        }
        if (problems.size() > before || id == null) {
            return Optional.empty();
        }
        String hash = hashes.computeIfAbsent(id.value(), protector::lookupHash);
        return Optional.of(new Entry(line, hash, id.masked(), name.isEmpty() ? null : name, detail.isEmpty() ? null : detail));
    }

    private static Problem problem(int line, String column, String shown, String key, String... arguments) {
        return new Problem(line, column, shown, key, List.of(arguments));
    }

    /** A refusal's arguments may quote the number: only its masked form goes into a report. */
    private static List<String> maskArguments(Object[] arguments) {
        return Arrays.stream(arguments).map(a -> a instanceof String s && s.length() >= 15 ? Masking.idNumber(s) : String.valueOf(a)).toList();
    }

    /** The lists, newest first, with the flags of each that lie in the caller's scope. */
    public List<CheckList> lists(int limit) {
        String scope = scopePrefix().orElse(null);
        return jdbc.sql("""
                        select l.id, l.kind, l.other_name, l.file_name, l.imported_at, l.actor, l.rows_read, l.rows_refused,
                               l.entry_count, l.flag_count,
                               (select count(*) from crosscheck_flag f join household h on h.id = f.household_id
                                 where f.list_id = l.id and h.village_code like cast(:scope as varchar(12)) || '%') as in_scope,
                               (select count(*) from crosscheck_flag f join household h on h.id = f.household_id
                                 where f.list_id = l.id and f.status = 'OPEN' and h.village_code like cast(:scope as varchar(12)) || '%') as open_in_scope
                        from crosscheck_list l order by l.id desc fetch first :limit rows only""")
                .param("scope", scope).param("limit", limit)
                .query((rs, i) -> new CheckList(rs.getLong(1), CrossCheckKind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
                        rs.getLong(11), rs.getLong(12)))
                .list();
    }

    /** Flags of households in the caller's scope; an institution scope sees none. */
    public Page<Flag> flags(FlagFilter filter, int page, int size) {
        Optional<String> scope = scopePrefix();
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, size, 0);
        }
        Map<String, Object> p = new HashMap<>();
        p.put("scope", scope.get());
        p.put("status", filter.status().orElse(null));
        p.put("list", filter.listId().orElse(null));
        p.put("kind", filter.kind().map(Enum::name).orElse(null));
        p.put("region", filter.region().map(RegionCode::value).orElse(null));
        p.put("no", filter.householdNo().orElse(null));
        long total = jdbc.sql("select count(*) " + FROM + " where " + WHERE).params(p).query(Long.class).single();
        p.put("offset", Page.offset(page, size));
        p.put("limit", size);
        List<Flag> rows = jdbc.sql(SELECT + " " + FROM + " where " + WHERE + """
                         order by case when f.status = 'OPEN' then 0 else 1 end, h.village_code, h.household_no, f.list_id, f.line, f.id
                         offset :offset rows fetch next :limit rows only""")
                .params(p).query(CrossChecks::flag).list();
        return new Page<>(rows, Math.max(0, page), size, total);
    }

    /** The flags of one household (for its page), refused outside the caller's scope. */
    public List<Flag> flagsOf(long householdId) {
        Optional<String> scope = scopePrefix();
        if (scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " " + FROM + " where f.household_id = :id and h.village_code like :scope || '%' order by f.list_id, f.line")
                .param("id", householdId).param("scope", scope.get()).query(CrossChecks::flag).list();
    }

    /** One flag, refused when its household lies outside the caller's scope. */
    public Flag flag(long id) {
        Flag flag = jdbc.sql(SELECT + " " + FROM + " where f.id = :id").param("id", id).query(CrossChecks::flag).optional()
                .orElseThrow(() -> new NotFoundException("flag " + id));
        Optional<String> scope = scopePrefix();
        if (scope.isEmpty() || !flag.village().value().startsWith(scope.get())) {
            throw new AccessDeniedException("flag " + id + " concerns a household outside the caller's scope");
        }
        return flag;
    }

    /**
     * Confirms or dismisses a flag with a note. The version is the one the reviewer saw: when someone
     * else decided in between, the review is refused and their decision stays. A decided flag can be
     * decided again (a dismissal found wrong), and every decision goes to the audit log.
     */
    @Transactional
    public void review(long flagId, Outcome outcome, String note, int version) {
        if (!canReview()) {
            throw new AccessDeniedException("flags are reviewed by reviewers, coordinators and administrators");
        }
        Flag before = flag(flagId);
        if (outcome == null) {
            throw new InvalidInputException("outcome", "crosscheck.outcome.required");
        }
        String text = note == null ? "" : note.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException("note", "crosscheck.note.required");
        }
        if (text.length() > 1000) {
            throw new InvalidInputException("note", "import.tooLong", 1000);
        }
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        Instant at = Instant.now();
        int changed = jdbc.sql("""
                        update crosscheck_flag set status = :status, outcome_note = :note, reviewed_by = :by, reviewed_at = :at,
                               version = version + 1
                        where id = :id and version = :version""")
                .param("status", outcome.name()).param("note", text).param("by", actor).param("at", Timestamp.from(at))
                .param("id", flagId).param("version", version).update();
        if (changed == 0) {
            throw new ConcurrentEditException("flag " + flagId);
        }
        events.publishEvent(RecordChanged.updated(RegistryAudit.CROSSCHECK_FLAG, flagId, state(before.status(), before.note(), before.reviewedBy(), before),
                state(outcome.name(), text, actor, before)));
    }

    private static Map<String, String> state(String status, String note, String by, Flag flag) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("note", note == null ? "" : note);
        m.put("reviewedBy", by == null ? "" : by);
        m.put("household", String.valueOf(flag.householdId()));
        m.put("person", String.valueOf(flag.personId()));
        m.put("list", String.valueOf(flag.listId()));
        m.put("line", String.valueOf(flag.line()));
        return m;
    }

    /** The village prefix the caller may read, or empty for none (an institution). */
    private static Optional<String> scopePrefix() {
        return CurrentUser.scopeOfCaller().flatMap(Scope::region).map(RegionCode::value);
    }

    private static final String SELECT = """
            select f.id, f.household_id, h.household_no, h.village_code, f.person_id, p.name, p.id_masked, f.list_id, l.kind,
                   l.other_name, l.file_name, f.line, e.full_name, e.detail, f.status, f.outcome_note, f.flagged_at, f.reviewed_by,
                   f.reviewed_at, f.version""";

    private static final String FROM = """
            from crosscheck_flag f
            join household h on h.id = f.household_id
            join person p on p.id = f.person_id
            join crosscheck_list l on l.id = f.list_id
            join crosscheck_entry e on e.list_id = f.list_id and e.line = f.line""";

    private static final String WHERE = """
            h.village_code like :scope || '%'
            and (cast(:status as varchar(12)) is null or f.status = :status)
            and (cast(:list as bigint) is null or f.list_id = :list)
            and (cast(:kind as varchar(20)) is null or l.kind = :kind)
            and (cast(:region as varchar(12)) is null or h.village_code like :region || '%')
            and (cast(:no as varchar(40)) is null or h.household_no = :no)""";

    private static Flag flag(ResultSet rs, int i) throws SQLException {
        Timestamp reviewed = rs.getTimestamp(19);
        return new Flag(rs.getLong(1), rs.getLong(2), rs.getString(3), new RegionCode(rs.getString(4)), rs.getLong(5), rs.getString(6),
                rs.getString(7), rs.getLong(8), CrossCheckKind.valueOf(rs.getString(9)), rs.getString(10), rs.getString(11), rs.getInt(12),
                rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getTimestamp(17).toInstant(), rs.getString(18),
                reviewed == null ? null : reviewed.toInstant(), rs.getInt(20));
    }


}
