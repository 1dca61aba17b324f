package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Page;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.RecordChanged;
import org.counterpart.shared.ResidentId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The work ledgers, one engine for all of them: lists with filters and totals, records checked field
 * by field, changes under optimistic locking, every change audited, and every read and write held to
 * the caller's scope. A user sees the records placed in its region or in the places it is paired with,
 * and those its own side recorded; it changes those of its own side (coordinators also those placed
 * in their region).
 */
@Service
public class Ledgers {

    /** Filters of a ledger list; empty means any. {@code codes} filters code fields by value. */
    public record Filter(Optional<Integer> year, Optional<RegionCode> place, Optional<String> text, Map<String, String> codes) {
        public Filter {
            codes = Map.copyOf(codes);
        }

        public static Filter none() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
        }
    }

    /** The sums under a list: records, money and counts by field, distinct people and households reached. */
    public record Totals(long records, Map<String, BigDecimal> money, Map<String, Long> counts, long people, long households,
                         long overdue) {
    }

    /** What a caller changes: the form's or a file row's text by field name, and the beneficiaries to add. */
    public record Entry(Map<String, String> fields, List<String> beneficiaries, int version) {
        public Entry {
            fields = new HashMap<>(fields);
            beneficiaries = List.copyOf(beneficiaries);
        }

        public String get(String name) {
            return fields.get(name);
        }
    }

    private final JdbcClient jdbc;
    private final Visibility visibility;
    private final LedgerValues values;
    private final BeneficiaryLinks links;
    /** Documents live with Milestones, which needs this service: asked for when a record is deleted. */
    private final org.springframework.beans.factory.ObjectProvider<Milestones> milestones;
    private final PersonalDataProtector protector;
    private final ApplicationEventPublisher events;
    private final LedgerCatalog catalog;

    Ledgers(JdbcClient jdbc, Visibility visibility, LedgerValues values, BeneficiaryLinks links,
            PersonalDataProtector protector, ApplicationEventPublisher events,
            org.springframework.beans.factory.ObjectProvider<Milestones> milestones, LedgerCatalog catalog) {
        this.catalog = catalog;
        this.milestones = milestones;
        this.jdbc = jdbc;
        this.visibility = visibility;
        this.values = values;
        this.links = links;
        this.protector = protector;
        this.events = events;
    }

    public Page<LedgerRecord> search(Ledger ledger, Filter filter, int page, int size) {
        Map<String, Object> p = new HashMap<>();
        String where = where(ledger, filter, p);
        long total = jdbc.sql("select count(*) from " + ledger.table() + " t where " + where).params(p).query(Long.class).single();
        p.put("offset", Page.offset(page, size));
        p.put("limit", size);
        List<LedgerRecord> rows = read(ledger, "select t.* from " + ledger.table() + " t where " + where
                + " order by " + order(ledger) + " offset :offset rows fetch next :limit rows only", p);
        return new Page<>(rows, Math.max(0, page), size, total);
    }

    /** Every record the filter and the caller's scope allow, for exports. */
    public List<LedgerRecord> matching(Ledger ledger, Filter filter) {
        Map<String, Object> p = new HashMap<>();
        String where = where(ledger, filter, p);
        return read(ledger, "select t.* from " + ledger.table() + " t where " + where + " order by " + order(ledger), p);
    }

    public Totals totals(Ledger ledger, Filter filter) {
        Map<String, Object> p = new HashMap<>();
        String where = where(ledger, filter, p);
        StringBuilder select = new StringBuilder("select count(*) as records");
        List<LedgerField<?>> summed = ledger.summed();
        for (LedgerField<?> f : summed) {
            select.append(", coalesce(sum(t.").append(f.name()).append("), 0) as ").append(f.name());
        }
        Optional<LedgerRules.Overdue> overdue = ledger.overdue();
        overdue.ifPresent(o -> select.append(", sum(case when ").append(o.sql()).append(" then 1 else 0 end) as overdue"));
        record Sums(long records, Map<String, BigDecimal> money, Map<String, Long> counts, long overdue) {
        }
        Sums sums = jdbc.sql(select + " from " + ledger.table() + " t where " + where).params(p)
                .query((rs, i) -> {
                    Map<String, BigDecimal> money = new LinkedHashMap<>();
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (LedgerField<?> f : summed) {
                        if (f.isMoney()) {
                            money.put(f.name(), rs.getBigDecimal(f.name()).setScale(2));
                        } else {
                            counts.put(f.name(), rs.getLong(f.name()));
                        }
                    }
                    return new Sums(rs.getLong("records"), money, counts, overdue.isPresent() ? rs.getLong("overdue") : 0);
                }).single();
        record Reached(long people, long households) {
        }
        Reached reached = new Reached(0, 0);
        if (ledger.reachesPeople()) {
            p.put("ledger", ledger.code());
            reached = jdbc.sql("select count(distinct l.person_id), count(distinct l.household_id) from beneficiary_link l"
                            + " join " + ledger.table() + " t on t.id = l.record_id where l.ledger = :ledger and " + where)
                    .params(p).query((rs, i) -> new Reached(rs.getLong(1), rs.getLong(2))).single();
        }
        return new Totals(sums.records(), sums.money(), sums.counts(), reached.people(), reached.households(), sums.overdue());
    }

    /** One record, refused when the caller may not see it. */
    public LedgerRecord get(Ledger ledger, long id) {
        LedgerRecord found = find(ledger, id).orElseThrow(() -> new NotFoundException(ledger.code() + " " + id));
        if (!readableBy(visibility.forCaller(), found)) {
            throw new AccessDeniedException(ledger.code() + " " + id + " is outside the caller's scope");
        }
        return found;
    }

    /**
     * Whether the caller may read figures about a place: the system and nation-wide scopes any place,
     * a region scope the places it covers, everyone the places on the far side of its pairings.
     */
    public boolean seesPlace(RegionCode place) {
        Visibility.View view = visibility.forCaller();
        return view.unlimited() || view.scope().covers(place) || view.partnerPlaces().stream().anyMatch(p -> p.covers(place));
    }

    Optional<LedgerRecord> find(Ledger ledger, long id) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        return read(ledger, "select t.* from " + ledger.table() + " t where t.id = :id", p).stream().findFirst();
    }

    /** The projects recorded under an agreement that the caller may see: records of every ledger that names agreements. */
    public List<LedgerRecord> projectsOf(long agreementId) {
        Visibility.View view = visibility.forCaller();
        List<LedgerRecord> projects = new ArrayList<>();
        for (Ledger l : catalog.referencingAgreements()) {
            for (LedgerField<?> ref : l.fields(LedgerField.Type.AGREEMENT_REF)) {
                Map<String, Object> p = new HashMap<>();
                p.put("a", agreementId);
                read(l, "select t.* from " + l.table() + " t where t." + ref.name() + " = :a order by t.id", p)
                        .stream().filter(r -> visible(view, r)).forEach(projects::add);
            }
        }
        return projects;
    }

    /**
     * A record the caller may open: one it sees ({@link #visible}), or one that lists projects (an
     * agreement) named by a record it sees, so that a reporter follows the link from its own measure
     * to the agreement the measure belongs to. Only to read: changing it is still {@link #canEdit}.
     */
    private boolean readableBy(Visibility.View view, LedgerRecord r) {
        if (visible(view, r)) {
            return true;
        }
        if (!r.ledger().listsProjects()) {
            return false;
        }
        for (Ledger l : catalog.referencingAgreements()) {
            for (LedgerField<?> ref : l.fields(LedgerField.Type.AGREEMENT_REF)) {
                Map<String, Object> p = new HashMap<>();
                p.put("a", r.id());
                if (read(l, "select t.* from " + l.table() + " t where t." + ref.name() + " = :a", p).stream().anyMatch(x -> visible(view, x))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A record is the caller's to read when it lies in a place the caller sees or was recorded by the caller's side. */
    private static boolean visible(Visibility.View view, LedgerRecord r) {
        return view.seesPlace(r.place()) || view.within(r.owner())
                || r.owner().institutionId().map(view.partnerInstitutions()::contains).orElse(false);
    }

    /** The agreement, project or meeting a problem was raised from, when the caller may see it. */
    public Optional<LedgerRecord> sourceOf(long problemId) {
        record Source(String ledger, long id) {
        }
        return jdbc.sql("select source_ledger, source_id from " + Ledger.PROBLEM.table() + " where id = :id and source_id is not null")
                .param("id", problemId)
                .query((rs, i) -> new Source(rs.getString(1), rs.getLong(2))).optional()
                .flatMap(s -> catalog.byCode(s.ledger()).flatMap(l -> find(l, s.id())))
                .filter(r -> visible(visibility.forCaller(), r));
    }

    /** Problems raised from a record. */
    public List<LedgerRecord> problemsOf(Ledger source, long id) {
        Map<String, Object> p = new HashMap<>();
        p.put("sl", source.code());
        p.put("id", id);
        Visibility.View view = visibility.forCaller();
        return read(Ledger.PROBLEM, "select t.* from " + Ledger.PROBLEM.table()
                        + " t where t.source_ledger = :sl and t.source_id = :id order by t." + Ledger.RAISED_ON.name(), p)
                .stream().filter(r -> visible(view, r)).toList();
    }

    /** Whether the record exists and the caller may read it. */
    public boolean readable(Ledger ledger, long id) {
        Visibility.View view = visibility.forCaller();
        return find(ledger, id).map(r -> readableBy(view, r)).orElse(false);
    }

    public boolean canCreate() {
        return CurrentUser.get().map(u -> u.is(org.counterpart.identity.Role.ADMINISTRATOR, org.counterpart.identity.Role.COORDINATOR,
                org.counterpart.identity.Role.REPORTER)).orElseGet(CurrentUser::isSystem);
    }

    public boolean canEdit(LedgerRecord record) {
        return visibility.forCaller().canRecord(record.owner(), record.place());
    }

    /** The caller's own side as a party: what a new record's recording side defaults to. */
    public Optional<Party> ownSide() {
        return CurrentUser.get().map(u -> u.scope().institutionId().map(Party::institution)
                .orElseGet(() -> Party.place(u.scope().region().orElseThrow())));
    }

    /**
     * Checks an entry fully, without writing: every field, then the ledger's own checks, then where
     * the record lies and whom it reaches; the record as it would be stored, or every refusal.
     */
    public Checked check(Ledger ledger, long id, Entry entry) {
        for (LedgerField<?> f : ledger.fields(LedgerField.Type.ID_NUMBER)) {
            if (id > 0 && entry.get(f.name()) != null && entry.get(f.name()).contains("*")) {
                // the form shows the stored number masked: left as it was, it means "unchanged"
                entry.fields().put(f.name(), protector.decrypt(jdbc.sql("select id_cipher from " + ledger.table() + " where id = :id")
                        .param("id", id).query(String.class).single()));
            }
        }
        LedgerValues.Parsed parsed = values.parse(ledger, entry::get);
        List<InvalidInputException> errors = new ArrayList<>(parsed.errors());
        FieldValues v = new FieldValues(parsed.values());
        int year = 0;
        RegionCode place = null;
        List<BeneficiaryLinks.Target> targets = List.of();
        if (errors.isEmpty()) {
            Checking checking = checking(ledger, id, v, parsed.idNumber(), errors);
            // the ledger's own checks first, as a form shows what is wrong with it before whom it reaches
            for (LedgerRules.Check rule : ledger.checks()) {
                rule.apply(checking);
            }
        }
        if (errors.isEmpty()) {
            Checking checking = checking(ledger, id, v, parsed.idNumber(), errors);
            year = ledger.dateField().map(f -> v.get(f).getYear()).orElseGet(() -> v.get(LedgerField.YEAR));
            boolean linksKept = ledger.reachesPeople();
            if (ledger.reach() == Ledger.Reach.ONE_WORKER) {
                // the worker comes first: where the record lies may follow from where the worker lives
                String worker = entry.get(LedgerImport.WORKER);
                Optional<BeneficiaryLinks.Target> kept = id > 0 && (worker == null || worker.isBlank() || worker.contains("*"))
                        ? links.worker(id) : Optional.empty();
                linksKept = kept.isPresent();
                if (kept.isPresent()) {
                    targets = List.of(kept.get());
                } else if (worker == null || worker.isBlank()) {
                    errors.add(new InvalidInputException(LedgerImport.WORKER, "field.required"));
                } else {
                    BeneficiaryLinks.Resolution r = links.resolve(year, Optional.empty(), LedgerImport.WORKER, List.of(worker.strip()));
                    errors.addAll(r.refused());
                    if (r.refused().isEmpty()) {
                        targets = r.targets();
                    }
                }
            }
            if (errors.isEmpty()) {
                place = ledger.placeRule().place(checking, targets);
                if (place == null && errors.isEmpty()) {
                    errors.add(new InvalidInputException(LedgerField.PLACE.name(), "field.required"));
                }
            }
            v.remove(LedgerField.YEAR);
            v.remove(LedgerField.PLACE);
            if (place != null && ledger.reach() == Ledger.Reach.PEOPLE_OR_HOUSEHOLDS && !entry.beneficiaries().isEmpty()) {
                BeneficiaryLinks.Resolution r = links.resolve(year, Optional.of(place), LedgerImport.BENEFICIARIES, entry.beneficiaries());
                errors.addAll(r.refused());
                targets = r.targets();
            }
            if (id > 0 && linksKept && errors.isEmpty()) {
                // a measure moved to another year takes its people along only where they are registered then
                int leftBehind = links.notRegisteredIn(ledger, id, year);
                if (leftBehind > 0) {
                    errors.add(new InvalidInputException(ledger.dateField().map(LedgerField::name).orElse(LedgerField.YEAR.name()),
                            "ledger.link.yearLeavesPeople", leftBehind, year));
                }
            }
            if (place != null && errors.isEmpty() && !visibility.forCaller().canRecord(v.get(LedgerField.OWNER), place)) {
                errors.add(new InvalidInputException(LedgerField.OWNER.name(), "ledger.owner.notYours"));
            }
            for (LedgerField<?> ref : ledger.fields(LedgerField.Type.AGREEMENT_REF)) {
                if (v.get(ref.name()) instanceof Long agreement && !readable(Ledger.AGREEMENT, agreement)) {
                    errors.add(new InvalidInputException(ref.name(), "ledger.agreement.unknown", agreement));
                }
            }
        }
        return new Checked(ledger, year, place, v, parsed.idNumber(), targets, errors);
    }

    private Checking checking(Ledger ledger, long id, FieldValues v, Optional<ResidentId> idNumber, List<InvalidInputException> errors) {
        return new Checking(ledger, id, v, idNumber, errors, jdbc, protector::lookupHash, this::placeOf, other -> readable(ledger, other));
    }

    /** An entry after checking: what would be stored, and what refused. */
    public record Checked(Ledger ledger, int year, RegionCode place, FieldValues values, Optional<ResidentId> idNumber,
                          List<BeneficiaryLinks.Target> targets, List<InvalidInputException> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }

        void throwIfRefused() {
            if (!errors.isEmpty()) {
                throw errors.get(0);
            }
        }
    }

    @Transactional
    public long create(Ledger ledger, Entry entry) {
        requireCreate();
        Checked c = check(ledger, 0, entry);
        c.throwIfRefused();
        return insert(c);
    }

    /** Writes a checked entry as a new record with its beneficiaries. */
    long insert(Checked c) {
        Map<String, Object> p = columns(c);
        p.put("recorded_by", actor());
        p.put("recorded_at", Timestamp.from(Instant.now()));
        var keys = new GeneratedKeyHolder();
        String cols = String.join(", ", p.keySet());
        String vals = ":" + String.join(", :", p.keySet());
        jdbc.sql("insert into " + c.ledger().table() + " (" + cols + ", version) values (" + vals + ", 0)").params(p).update(keys, "id");
        long id = keys.getKey().longValue();
        links.add(c.ledger(), id, c.year(), c.targets());
        LedgerRecord created = find(c.ledger(), id).orElseThrow();
        events.publishEvent(RecordChanged.created(CooperationAudit.of(c.ledger()), id, created.state()));
        return id;
    }

    @Transactional
    public void update(Ledger ledger, long id, Entry entry) {
        LedgerRecord before = get(ledger, id);
        if (!canEdit(before)) {
            throw new AccessDeniedException("cannot change " + ledger.code() + " " + id);
        }
        Checked c = check(ledger, id, entry);
        c.throwIfRefused();
        write(id, entry.version(), c, before);
    }

    /** Writes a checked entry over a record; refused when someone saved it since {@code version}. */
    void write(long id, int version, Checked c, LedgerRecord before) {
        Map<String, Object> p = columns(c);
        StringBuilder set = new StringBuilder();
        p.keySet().forEach(k -> set.append(k).append(" = :").append(k).append(", "));
        p.put("recorded_by", actor());
        p.put("recorded_at", Timestamp.from(Instant.now()));
        p.put("id", id);
        p.put("version", version);
        int changed = jdbc.sql("update " + c.ledger().table() + " set " + set
                        + "recorded_by = :recorded_by, recorded_at = :recorded_at, version = version + 1 where id = :id and version = :version")
                .params(p).update();
        if (changed == 0) {
            throw new ConcurrentEditException(c.ledger().code() + " " + id);
        }
        if (c.ledger().reach() == Ledger.Reach.ONE_WORKER) {
            links.replace(c.ledger(), id, c.year(), c.targets());
        } else {
            if (before.year() != c.year()) {
                links.moveYear(c.ledger(), id, before.year(), c.year());
            }
            links.add(c.ledger(), id, c.year(), c.targets());
        }
        LedgerRecord after = find(c.ledger(), id).orElseThrow();
        events.publishEvent(RecordChanged.updated(CooperationAudit.of(c.ledger()), id, before.state(), after.state()));
    }

    @Transactional
    public void delete(Ledger ledger, long id, int version) {
        LedgerRecord before = get(ledger, id);
        if (!canEdit(before)) {
            throw new AccessDeniedException("cannot delete " + ledger.code() + " " + id);
        }
        if (ledger.listsProjects()) {
            long projects = 0;
            for (Ledger l : catalog.referencingAgreements()) {
                for (LedgerField<?> ref : l.fields(LedgerField.Type.AGREEMENT_REF)) {
                    projects += jdbc.sql("select count(*) from " + l.table() + " where " + ref.name() + " = :id").param("id", id)
                            .query(Long.class).single();
                }
            }
            if (projects > 0) {
                throw new InvalidInputException("id", "ledger.agreement.inUse", projects);
            }
        }
        links.deleteAll(ledger, id);
        milestones.getObject().forgetFiles(ledger, id);
        jdbc.sql("delete from ledger_document where ledger = :l and record_id = :id").param("l", ledger.code()).param("id", id).update();
        jdbc.sql("update " + Ledger.PROBLEM.table() + " set source_ledger = null, source_id = null where source_ledger = :l and source_id = :id")
                .param("l", ledger.code()).param("id", id).update();
        if (jdbc.sql("delete from " + ledger.table() + " where id = :id and version = :v").param("id", id).param("v", version).update() == 0) {
            throw new ConcurrentEditException(ledger.code() + " " + id);
        }
        events.publishEvent(RecordChanged.deleted(CooperationAudit.of(ledger), id, before.state()));
    }

    /** Raises a problem from an agreement, a project or a meeting: the link is kept with the problem. */
    @Transactional
    public long raiseProblem(Ledger source, long sourceId, Entry entry) {
        if (!source.raisesProblems()) {
            throw new InvalidInputException("source", "ledger.problem.sourceKind");
        }
        get(source, sourceId);
        long id = create(Ledger.PROBLEM, entry);
        jdbc.sql("update " + Ledger.PROBLEM.table() + " set source_ledger = :l, source_id = :s where id = :id")
                .param("l", source.code()).param("s", sourceId).param("id", id).update();
        return id;
    }

    private void requireCreate() {
        if (!canCreate()) {
            throw new AccessDeniedException("read only");
        }
    }

    private static String actor() {
        return CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
    }

    /** Where a party sits: a region is itself, an institution lies in its region. */
    private Optional<RegionCode> placeOf(Party party) {
        return party.region().or(() -> jdbc.sql("select region_code from institution where id = :id")
                .param("id", party.institutionId().orElseThrow()).query(String.class).optional().map(RegionCode::new));
    }

    /** Column values of a checked entry, head included. */
    private Map<String, Object> columns(Checked c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(LedgerField.YEAR.name(), c.year());
        p.put(LedgerField.PLACE.name(), c.place().value());
        for (LedgerField<?> f : c.ledger().fields()) {
            Object value = c.values().get(f.name());
            switch (f.type()) {
                case PARTY -> {
                    Party party = Party.class.cast(value);
                    p.put(f.name() + "_region", party == null ? null : party.region().map(RegionCode::value).orElse(null));
                    p.put(f.name() + "_institution_id", party == null ? null : party.institutionId().orElse(null));
                }
                case ID_NUMBER -> {
                    ResidentId id = c.idNumber().orElseThrow();
                    p.put("id_hash", protector.lookupHash(id.value()));
                    p.put("id_cipher", protector.encrypt(id.value()));
                    p.put("id_masked", id.masked());
                }
                case YEAR, PLACE -> {
                    // the head's year and place, set above
                }
                case DATE -> p.put(f.name(), value == null ? null : Date.valueOf(LocalDate.class.cast(value)));
                default -> p.put(f.name(), value);
            }
        }
        return p;
    }

    private String where(Ledger ledger, Filter filter, Map<String, Object> p) {
        List<String> and = new ArrayList<>();
        and.add(scope(p));
        filter.year().ifPresent(y -> {
            and.add("t.reg_year = :year");
            p.put("year", y);
        });
        filter.place().filter(r -> !r.equals(RegionCode.NATION)).ifPresent(r -> {
            and.add("t.place_code like :place");
            p.put("place", r.value() + "%");
        });
        filter.text().map(String::strip).filter(t -> !t.isEmpty()).ifPresent(t -> {
            and.add("lower(t.title) like :text");
            p.put("text", "%" + t.toLowerCase(Locale.ROOT) + "%");
        });
        int i = 0;
        for (var e : filter.codes().entrySet()) {
            Optional<LedgerField<?>> f = ledger.field(e.getKey()).filter(x -> x.type() == LedgerField.Type.CODE);
            if (f.isPresent() && f.get().options().contains(e.getValue())) {
                and.add("t." + f.get().name() + " = :code" + i);
                p.put("code" + i++, e.getValue());
            }
        }
        return String.join(" and ", and);
    }

    /** The caller's scope as a condition: its places, its partners' places, its own side's records. */
    private String scope(Map<String, Object> p) {
        Visibility.View view = visibility.forCaller();
        if (view.unlimited()) {
            return "1 = 1";
        }
        List<String> or = new ArrayList<>();
        var scope = view.scope();
        if (scope.region().isPresent()) {
            p.put("scopeRegion", scope.region().get().value() + "%");
            or.add("t.place_code like :scopeRegion");
            or.add("t.owner_region like :scopeRegion");
            or.add("t.owner_institution_id in (select i.id from institution i where i.region_code like :scopeRegion)");
        } else {
            p.put("scopeInstitution", scope.institutionId().orElseThrow());
            or.add("t.owner_institution_id = :scopeInstitution");
        }
        int i = 0;
        for (RegionCode partner : view.partnerPlaces()) {
            p.put("partner" + i, partner.value() + "%");
            or.add("t.place_code like :partner" + i++);
        }
        if (!view.partnerInstitutions().isEmpty()) {
            p.put("partnerInstitutions", view.partnerInstitutions());
            or.add("t.owner_institution_id in (:partnerInstitutions)");
        }
        return "(" + String.join(" or ", or) + ")";
    }

    private static String order(Ledger ledger) {
        return ledger.dateField().map(d -> "t." + d.name() + " desc, t.id desc").orElse("t.reg_year desc, t.id desc");
    }

    private List<LedgerRecord> read(Ledger ledger, String sql, Map<String, Object> p) {
        List<LedgerRecord> rows = jdbc.sql(sql).params(p).query((rs, i) -> map(ledger, rs)).list();
        if (!ledger.reachesPeople() || rows.isEmpty()) {
            return rows;
        }
        Map<Long, BeneficiaryLinks.Counted> reached = links.counts(ledger, rows.stream().map(LedgerRecord::id).toList());
        return rows.stream().map(r -> {
            BeneficiaryLinks.Counted n = reached.getOrDefault(r.id(), BeneficiaryLinks.Counted.NONE);
            return r.withReach(n.people(), n.households());
        }).toList();
    }

    private static LedgerRecord map(Ledger ledger, ResultSet rs) throws SQLException {
        FieldValues v = new FieldValues();
        for (LedgerField<?> f : ledger.fields()) {
            String n = f.name();
            Object value = switch (f.type()) {
                case PARTY -> {
                    String region = rs.getString(n + "_region");
                    long inst = rs.getLong(n + "_institution_id");
                    boolean hasInst = !rs.wasNull();
                    yield region != null ? Party.place(new RegionCode(region)) : hasInst ? Party.institution(inst) : null;
                }
                case ID_NUMBER -> rs.getString("id_masked");
                case YEAR -> rs.getInt("reg_year");
                case PLACE -> new RegionCode(rs.getString("place_code"));
                case DATE -> Optional.ofNullable(rs.getDate(n)).map(Date::toLocalDate).orElse(null);
                case MONEY -> Optional.ofNullable(rs.getBigDecimal(n)).map(d -> d.setScale(2)).orElse(null);
                case COUNT -> {
                    int c = rs.getInt(n);
                    yield rs.wasNull() ? null : c;
                }
                case AGREEMENT_REF -> {
                    long a = rs.getLong(n);
                    yield rs.wasNull() ? null : a;
                }
                default -> rs.getString(n);
            };
            v.putChecked(f, value);
        }
        return new LedgerRecord(ledger, rs.getLong("id"), rs.getInt("version"), rs.getInt("reg_year"),
                new RegionCode(rs.getString("place_code")), v, rs.getString("recorded_by"),
                rs.getTimestamp("recorded_at").toInstant(), 0, 0);
    }
}
