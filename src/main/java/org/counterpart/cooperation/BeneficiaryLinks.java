package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.registry.RegistryLookup;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Masking;
import org.counterpart.shared.Page;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.RecordChanged;
import org.counterpart.shared.ResidentId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registered people each measure reached. A beneficiary is named by ID number (one person) or
 * household number (every member of that registry year); anyone not registered in the measure's year,
 * or outside its place or the caller's scope, is refused with the reason. Every change of links is
 * published as {@link BeneficiariesChanged} in the same transaction, so the figures kept from them
 * (insight's reach rows, read through {@link ReachedPeople}) follow; {@link LinksFollowTheRegistry} keeps the links in step with the registry.
 */
@Service
public class BeneficiaryLinks {

    /** One person a measure reaches, and whether named through the household. */
    public record Target(long personId, long householdId, String county, boolean viaHousehold) {
    }

    /** The outcome of naming beneficiaries: who they are, and what refused. */
    public record Resolution(List<Target> targets, List<InvalidInputException> refused) {
    }

    /**
     * One link as a record page lists it (no names: the masked ID and the household number), with the
     * measure's year and whether the registry of that year still holds the person where the link says.
     */
    public record Link(long personId, long householdId, String householdNo, String maskedId, String village, boolean viaHousehold,
                       int year, Standing standing) {
        public boolean registered() {
            return standing == Standing.REGISTERED;
        }
    }

    /**
     * Where a linked person stands in the registry of the measure's year. Only registered links count
     * in reach; the others stay on the measure, shown for what they are, until the registry holds the
     * person again.
     */
    public enum Standing {
        /** A member of the link's household in the measure's year. */
        REGISTERED,
        /** Not registered at all in the measure's year any more. */
        NOT_REGISTERED,
        /** Came with a household named as a whole, and is now registered in another household of the year. */
        LEFT_HOUSEHOLD
    }

    private static final Pattern ID_SHAPE = Pattern.compile("\\d{15}|\\d{17}[\\dXx]");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;，；、]+");
    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final RegistryLookup registry;
    private final Visibility visibility;

    private final ApplicationEventPublisher events;

    /** Whether the caller may read a record is Ledgers' rule; Ledgers needs this service, so it is asked for when used. */
    private final org.springframework.beans.factory.ObjectProvider<Ledgers> ledgers;

    BeneficiaryLinks(JdbcClient jdbc, RegistryLookup registry, Visibility visibility, ApplicationEventPublisher events,
                     org.springframework.beans.factory.ObjectProvider<Ledgers> ledgers) {
        this.ledgers = ledgers;
        this.events = events;
        this.jdbc = jdbc;
        this.registry = registry;
        this.visibility = visibility;
    }

    /** Splits what a person typed or a cell holds into references: ID numbers and household numbers. */
    public static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(SEPARATORS.split(text.strip()));
    }

    /**
     * Finds each reference in the registry of the year. A person must live in {@code place} (the
     * measure's place, from city down to village) when given, and in a place the caller may see.
     */
    public Resolution resolve(int year, Optional<RegionCode> place, String field, List<String> references) {
        List<Target> targets = new ArrayList<>();
        List<InvalidInputException> refused = new ArrayList<>();
        if (references.isEmpty()) {
            return new Resolution(targets, refused);
        }
        if (!registry.holdsYear(year)) {
            refused.add(new InvalidInputException(field, "ledger.link.yearNotLoaded", year));
            return new Resolution(targets, refused);
        }
        Visibility.View view = visibility.forCaller();
        Set<Long> seen = new java.util.HashSet<>();
        for (String ref : references) {
            String r = ref.strip();
            if (r.isEmpty()) {
                continue;
            }
            List<RegistryLookup.Registered> found;
            String shown;
            boolean household;
            if (ID_SHAPE.matcher(r).matches()) {
                household = false;
                ResidentId id;
                try {
                    id = ResidentId.parse(r).id();
                } catch (InvalidInputException e) {
                    refused.add(new InvalidInputException(field, "ledger.link.idInvalid", org.counterpart.shared.Masking.idNumber(r)));
                    continue;
                }
                shown = id.masked();
                Optional<RegistryLookup.Registered> member = registry.member(id, year);
                if (member.isEmpty()) {
                    refused.add(new InvalidInputException(field,
                            registry.knows(id) ? "ledger.link.notInYear" : "ledger.link.notRegistered", shown, year));
                    continue;
                }
                found = List.of(member.get());
            } else {
                household = true;
                shown = r.length() > 40 ? r.substring(0, 40) : r;
                List<RegistryLookup.Registered> anywhere = registry.household(r, year);
                // only the households the caller may see are told apart: nothing is said of the others
                found = anywhere.stream().filter(m -> view.seesPlace(m.village())).toList();
                if (found.isEmpty() && !anywhere.isEmpty()) {
                    refused.add(new InvalidInputException(field, "ledger.link.outsideScope", shown));
                    continue;
                }
                if (found.isEmpty()) {
                    refused.add(new InvalidInputException(field,
                            registry.knowsHousehold(r) ? "ledger.link.householdNotInYear" : "ledger.link.householdUnknown", shown, year));
                    continue;
                }
                if (found.stream().map(RegistryLookup.Registered::householdId).distinct().count() > 1) {
                    refused.add(new InvalidInputException(field, "ledger.link.householdAmbiguous", shown));
                    continue;
                }
            }
            // outside the caller's scope first, so that a refusal never says where such a person lives
            RegionCode village = found.get(0).village();
            if (!view.seesPlace(village)) {
                refused.add(new InvalidInputException(field, "ledger.link.outsideScope", shown));
                continue;
            }
            // the place may be a town or a village: where the person lives decides, not their county
            if (place.isPresent() && !place.get().covers(village)) {
                refused.add(new InvalidInputException(field, "ledger.link.outsidePlace", shown, village.value()));
                continue;
            }
            for (RegistryLookup.Registered m : found) {
                if (seen.add(m.personId())) {
                    targets.add(new Target(m.personId(), m.householdId(), m.county().value(), household));
                }
            }
        }
        return new Resolution(targets, refused);
    }

    /**
     * Adds people to a measure; people already linked stay as they are. The caller must be one who may
     * record or correct the measure (checked here, not only by the page).
     */
    @Transactional
    public void add(Ledger ledger, long recordId, int year, List<Target> targets) {
        requireRecording(ledger, recordId);
        if (targets.isEmpty()) {
            return;
        }
        Set<Long> existing = new HashSet<>(jdbc.sql("select person_id from beneficiary_link where ledger = :l and record_id = :r")
                .param("l", ledger.code()).param("r", recordId).query(Long.class).list());
        List<NewLink> rows = new ArrayList<>();
        Set<Long> touched = new TreeSet<>();
        for (Target t : targets) {
            if (!existing.contains(t.personId()) && touched.add(t.personId())) {
                rows.add(new NewLink(ledger, recordId, t.personId(), t.householdId(), t.county(), year, t.viaHousehold()));
            }
        }
        insert(rows);
        changed(year, touched);
        if (!rows.isEmpty()) {
            audit(ledger, recordId, org.counterpart.shared.AuditAction.LINKED, rows.stream().map(NewLink::personId).toList());
        }
    }

    /** Replaces all of a measure's people (a placement names exactly one worker); the caller was checked by {@link Ledgers}. */
    @Transactional
    void replace(Ledger ledger, long recordId, int year, List<Target> targets) {
        deleteAll(ledger, recordId);
        add(ledger, recordId, year, targets);
    }

    /**
     * Removes a person, or a whole household when the person came through it (its members who are no
     * longer registered too). The caller must be one who may record or correct the measure.
     */
    @Transactional
    public int remove(Ledger ledger, long recordId, long personId) {
        requireRecording(ledger, recordId);
        record Named(long householdId, boolean viaHousehold, int year) {
        }
        Optional<Named> link = jdbc.sql("select household_id, via_household, reg_year from beneficiary_link where ledger = :l and record_id = :r and person_id = :p")
                .param("l", ledger.code()).param("r", recordId).param("p", personId)
                .query((rs, i) -> new Named(rs.getLong(1), rs.getBoolean(2), rs.getInt(3))).optional();
        if (link.isEmpty()) {
            return 0;
        }
        List<Long> people = link.get().viaHousehold()
                ? jdbc.sql("select person_id from beneficiary_link where ledger = :l and record_id = :r and household_id = :h and via_household = true")
                .param("l", ledger.code()).param("r", recordId).param("h", link.get().householdId()).query(Long.class).list()
                : List.of(personId);
        for (List<Long> chunk : chunks(people)) {
            jdbc.sql("delete from beneficiary_link where ledger = :l and record_id = :r and person_id in (:p)")
                    .param("l", ledger.code()).param("r", recordId).param("p", chunk).update();
        }
        changed(link.get().year(), people);
        audit(ledger, recordId, org.counterpart.shared.AuditAction.UNLINKED, people);
        return people.size();
    }

    /** Removes every link of a measure (it is deleted, or its people are replaced); the caller was checked by {@link Ledgers}. */
    @Transactional
    void deleteAll(Ledger ledger, long recordId) {
        Map<Integer, List<Long>> byYear = new HashMap<>();
        jdbc.sql("select reg_year, person_id from beneficiary_link where ledger = :l and record_id = :r")
                .param("l", ledger.code()).param("r", recordId)
                .query(rs -> {
                    byYear.computeIfAbsent(rs.getInt(1), y -> new ArrayList<>()).add(rs.getLong(2));
                });
        jdbc.sql("delete from beneficiary_link where ledger = :l and record_id = :r").param("l", ledger.code()).param("r", recordId).update();
        byYear.forEach(this::changed);
    }

    /**
     * How many of the people a measure reached would be lost if it moved to {@code year}: those not
     * registered then in the household they were reached in. Zero when the year is the measure's own.
     */
    int notRegisteredIn(Ledger ledger, long recordId, int year) {
        List<Link> moving = links(ledger, recordId).stream().filter(l -> l.year() != year).toList();
        if (moving.isEmpty()) {
            return 0;
        }
        Set<String> registered = new HashSet<>();
        for (RegistryLookup.Registered m : registry.memberships(year, moving.stream().map(Link::personId).toList())) {
            registered.add(m.personId() + "/" + m.householdId());
        }
        return (int) moving.stream().filter(l -> !registered.contains(l.personId() + "/" + l.householdId())).count();
    }

    /**
     * When a measure's year changes, its links move with it. Checking refuses a year in which any of
     * its people are not registered ({@link #notRegisteredIn}), so nobody is dropped on the way.
     */
    @Transactional
    void moveYear(Ledger ledger, long recordId, int from, int to) {
        List<Link> old = links(ledger, recordId);
        Map<String, RegistryLookup.Registered> then = new HashMap<>();
        for (RegistryLookup.Registered m : registry.memberships(to, old.stream().map(Link::personId).toList())) {
            then.put(m.personId() + "/" + m.householdId(), m);
        }
        List<Target> kept = new ArrayList<>();
        for (Link l : old) {
            RegistryLookup.Registered m = then.get(l.personId() + "/" + l.householdId());
            if (m != null) {
                kept.add(new Target(l.personId(), l.householdId(), m.county().value(), l.viaHousehold()));
            }
        }
        if (kept.size() < old.size()) {
            // the registry changed since the entry was checked: refuse rather than drop anyone
            throw new InvalidInputException("reg_year", "ledger.link.yearLeavesPeople", old.size() - kept.size(), to);
        }
        deleteAll(ledger, recordId);
        add(ledger, recordId, to, kept);
    }

    /** The caller may record or correct this measure: the same rule as for the measure itself. */
    private void requireRecording(Ledger ledger, long recordId) {
        record Head(RegionCode place, Party owner) {
        }
        Head head = jdbc.sql("select place_code, owner_region, owner_institution_id from " + ledger.table() + " where id = :id")
                .param("id", recordId)
                .query((rs, i) -> {
                    String region = rs.getString(2);
                    long institution = rs.getLong(3);
                    return new Head(new RegionCode(rs.getString(1)),
                            region != null ? Party.place(new RegionCode(region)) : Party.institution(institution));
                })
                .optional().orElseThrow(() -> new NotFoundException(ledger.code() + " " + recordId));
        if (!visibility.forCaller().canRecord(head.owner(), head.place())) {
            throw new AccessDeniedException("the people of " + ledger.code() + " " + recordId + " are not the caller's to change");
        }
    }

    /** Links are changes of the measure: the audit names the registry's person numbers, never ID numbers. */
    void audit(Ledger ledger, long recordId, org.counterpart.shared.AuditAction action, List<Long> people) {
        String shown = people.size() <= 50 ? people.toString() : people.subList(0, 50) + " …";
        events.publishEvent(new RecordChanged(CooperationAudit.of(ledger), String.valueOf(recordId), action, null,
                new TreeMap<>(Map.of("people", String.valueOf(people.size()), "personIds", shown))));
    }

    /** Tells whoever keeps figures of the links (insight's reach rows) which people of the year to recount. */
    void changed(int year, Collection<Long> personIds) {
        if (!personIds.isEmpty()) {
            events.publishEvent(new BeneficiariesChanged(year, new TreeSet<>(personIds)));
        }
    }

    /** The one worker of a placement. */
    Optional<Target> worker(long laborId) {
        return jdbc.sql("select person_id, household_id, county_code from beneficiary_link where ledger = 'LABOR' and record_id = :r")
                .param("r", laborId).query((rs, i) -> new Target(rs.getLong(1), rs.getLong(2), rs.getString(3), false)).optional();
    }

    /**
     * The people of a measure, by household, registered or not; numbers and villages come from the
     * registry. Refused when the caller may not read the measure.
     */
    public List<Link> links(Ledger ledger, long recordId) {
        ledgers.getObject().get(ledger, recordId);
        record Row(long personId, long householdId, int year, boolean viaHousehold, Standing standing) {
        }
        List<Row> rows = jdbc.sql("""
                        select person_id, household_id, reg_year, via_household, standing from beneficiary_link
                        where ledger = :l and record_id = :r order by household_id, person_id""")
                .param("l", ledger.code()).param("r", recordId)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4), Standing.valueOf(rs.getString(5))))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, String> masked = registry.maskedIds(rows.stream().map(Row::personId).toList());
        Map<Long, RegistryLookup.HouseholdShown> homes = registry.households(rows.get(0).year(), rows.stream().map(Row::householdId).toList());
        return rows.stream()
                .map(r -> new Link(r.personId(), r.householdId(), homes.get(r.householdId()).householdNo(), masked.get(r.personId()),
                        homes.get(r.householdId()).village().value(), r.viaHousehold(), r.year(), r.standing()))
                .sorted(java.util.Comparator.comparing(Link::householdNo).thenComparing(Link::personId))
                .toList();
    }

    /** A link as the paged list shows it: with the person's name, masked unless the caller may see personal data. */
    public record Beneficiary(Link link, String name) {
    }

    /**
     * One page of a measure's people, in household order, narrowed by a search: an ID number finds that
     * person, other text finds households whose number contains it and, for a caller who may see personal
     * data, people whose name contains it. Refused when the caller may not read the measure.
     */
    public Page<Beneficiary> beneficiaries(Ledger ledger, long recordId, String search, int page, int size) {
        Page.checkRequest(page, size);
        Page<LinkRow> rows = Page.of(matchingRows(ledger, recordId, search), page, size);
        return new Page<>(shown(rows.items()), rows.page(), rows.size(), rows.total());
    }

    /** Every person of a measure that the search finds, for the export of the list. */
    public List<Beneficiary> beneficiaries(Ledger ledger, long recordId, String search) {
        return shown(matchingRows(ledger, recordId, search));
    }

    private record LinkRow(long personId, long householdId, int year, boolean viaHousehold, Standing standing) {
    }

    private List<LinkRow> matchingRows(Ledger ledger, long recordId, String search) {
        ledgers.getObject().get(ledger, recordId);
        List<LinkRow> rows = jdbc.sql("""
                        select person_id, household_id, reg_year, via_household, standing from beneficiary_link
                        where ledger = :l and record_id = :r order by household_id, person_id""")
                .param("l", ledger.code()).param("r", recordId)
                .query((rs, i) -> new LinkRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4), Standing.valueOf(rs.getString(5))))
                .list();
        String text = search == null ? "" : search.strip();
        if (text.isEmpty() || rows.isEmpty()) {
            return rows;
        }
        Set<Long> people = new HashSet<>();
        Set<Long> households = new HashSet<>();
        if (ID_SHAPE.matcher(text).matches()) {
            try {
                registry.personId(ResidentId.parse(text).id()).ifPresent(people::add);
            } catch (RuntimeException notAnId) {
                // a number of ID shape that is no valid ID number finds no one by ID; it may still be part of a household number
            }
        }
        households.addAll(registry.householdsNumbered(rows.stream().map(LinkRow::householdId).toList(), text));
        if (mayViewPersonalData()) {
            people.addAll(registry.peopleNamed(rows.stream().map(LinkRow::personId).toList(), text));
        }
        return rows.stream().filter(r -> people.contains(r.personId()) || households.contains(r.householdId())).toList();
    }

    private List<Beneficiary> shown(List<LinkRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> personIds = rows.stream().map(LinkRow::personId).toList();
        Map<Long, String> masked = registry.maskedIds(personIds);
        Map<Long, String> names = registry.names(personIds);
        Map<Long, RegistryLookup.HouseholdShown> homes = registry.households(rows.get(0).year(), rows.stream().map(LinkRow::householdId).toList());
        boolean full = mayViewPersonalData();
        List<Beneficiary> out = new ArrayList<>(rows.size());
        for (LinkRow r : rows) {
            RegistryLookup.HouseholdShown home = homes.get(r.householdId());
            String name = names.getOrDefault(r.personId(), "");
            out.add(new Beneficiary(new Link(r.personId(), r.householdId(), home.householdNo(), masked.get(r.personId()), home.village().value(),
                    r.viaHousehold(), r.year(), r.standing()), full ? name : Masking.name(name)));
        }
        return out;
    }

    private static boolean mayViewPersonalData() {
        return org.counterpart.identity.CurrentUser.get().map(org.counterpart.identity.CurrentUser::canViewPersonalData).orElse(false);
    }

    /** People and households a measure counts: its registered links only. */
    public record Counted(int people, int households) {
        static final Counted NONE = new Counted(0, 0);
    }

    /** People and households reached, per record. */
    Map<Long, Counted> counts(Ledger ledger, Collection<Long> recordIds) {
        Map<Long, Counted> counts = new HashMap<>();
        for (List<Long> chunk : chunks(new ArrayList<>(recordIds))) {
            jdbc.sql("""
                            select record_id, count(*), count(distinct household_id) from beneficiary_link
                            where ledger = :l and record_id in (:ids) and standing = 'REGISTERED' group by record_id""")
                    .param("l", ledger.code()).param("ids", chunk)
                    .query(rs -> {
                        counts.put(rs.getLong(1), new Counted(rs.getInt(2), rs.getInt(3)));
                    });
        }
        return counts;
    }

    /** One measure that reached a person, and whether the person still counts for it. */
    public record PersonMeasure(Ledger ledger, long recordId, int year, boolean viaHousehold, Standing standing) {
    }

    /** Every measure that reached a person and that the caller may read, newest year first. */
    public List<PersonMeasure> measuresOf(long personId) {
        Ledgers readable = ledgers.getObject();
        return everyMeasureOf(personId).stream().filter(m -> readable.readable(m.ledger(), m.recordId())).toList();
    }

    /** One person of a household a measure reached, and whether they still count for it. */
    public record HouseholdMeasure(Ledger ledger, long recordId, int year, long personId, boolean viaHousehold, Standing standing) {
    }

    /**
     * Every link a household holds, to measures the caller may read, newest year first: what reached the
     * household and each of its members, for the household's file. Links of people who left it since stay
     * here with their standing, as on the measure's page.
     */
    public List<HouseholdMeasure> measuresOfHousehold(long householdId) {
        Ledgers readable = ledgers.getObject();
        Map<String, Boolean> seen = new HashMap<>();
        return jdbc.sql("select ledger, record_id, reg_year, person_id, via_household, standing from beneficiary_link"
                        + " where household_id = :h order by reg_year desc, ledger, record_id, person_id")
                .param("h", householdId)
                .query((rs, i) -> new HouseholdMeasure(Ledger.byCode(rs.getString(1)).orElseThrow(), rs.getLong(2), rs.getInt(3), rs.getLong(4),
                        rs.getBoolean(5), Standing.valueOf(rs.getString(6))))
                .list().stream()
                .filter(m -> seen.computeIfAbsent(m.ledger().code() + ":" + m.recordId(), k -> readable.readable(m.ledger(), m.recordId())))
                .toList();
    }

    private List<PersonMeasure> everyMeasureOf(long personId) {
        return jdbc.sql("select ledger, record_id, reg_year, via_household, standing from beneficiary_link where person_id = :p order by reg_year desc, ledger, record_id")
                .param("p", personId)
                .query((rs, i) -> new PersonMeasure(Ledger.byCode(rs.getString(1)).orElseThrow(), rs.getLong(2), rs.getInt(3), rs.getBoolean(4),
                        Standing.valueOf(rs.getString(5))))
                .list();
    }

    /** A link about to be written. */
    record NewLink(Ledger ledger, long recordId, long personId, long householdId, String county, int year, boolean viaHousehold) {
    }

    void insert(List<NewLink> rows) {
        for (List<NewLink> chunk : chunks(rows)) {
            StringBuilder sql = new StringBuilder("insert into beneficiary_link (ledger, record_id, person_id, household_id, county_code, reg_year, via_household) values ");
            Map<String, Object> p = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                NewLink r = chunk.get(i);
                sql.append(i == 0 ? "" : ", ").append("(:l").append(i).append(", :r").append(i).append(", :p").append(i)
                        .append(", :h").append(i).append(", :c").append(i).append(", :y").append(i).append(", :v").append(i).append(')');
                p.put("l" + i, r.ledger().code());
                p.put("r" + i, r.recordId());
                p.put("p" + i, r.personId());
                p.put("h" + i, r.householdId());
                p.put("c" + i, r.county());
                p.put("y" + i, r.year());
                p.put("v" + i, r.viaHousehold());
            }
            jdbc.sql(sql.toString()).params(p).update();
        }
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }
}
