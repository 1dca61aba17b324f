package org.counterpart.cooperation;

import org.counterpart.registry.HouseholdMembersChanged;
import org.counterpart.registry.RegistryLookup;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps beneficiary links in step with the registry's yearly adjustment, in the transaction that
 * writes the registry (a dry run rolls both back). For the households whose members of a year were
 * written:
 * <ul>
 * <li>a measure that named a household as a whole counts that household's members of the year: a new
 *     member joins it as a via-household link; a member who left is kept on the measure but marked, as
 *     {@link BeneficiaryLinks.Standing#LEFT_HOUSEHOLD} when registered in another household that year,
 *     else {@link BeneficiaryLinks.Standing#NOT_REGISTERED};</li>
 * <li>a person named by ID number is the person, not the household: registered in another household of
 *     the same year, the link follows them there (and counts); registered nowhere that year, it is
 *     kept and marked not registered;</li>
 * <li>anyone marked who is registered again (in the link's household, or for a person named by ID
 *     anywhere in the year) counts again.</li>
 * </ul>
 * Nothing is dropped: marked people stay listed on the measure until someone removes them. A year no
 * measure reached costs one look-up, so a first import stays as fast as it was. The registry refuses a
 * person in two households of a year, so a move within a year arrives as two imports: out of the old
 * household (marked), then into the new one (followed, or marked as having left a household named whole).
 */
@Component
class LinksFollowTheRegistry {

    private static final String REGISTERED = BeneficiaryLinks.Standing.REGISTERED.name();

    private final JdbcClient jdbc;
    private final RegistryLookup registry;
    private final BeneficiaryLinks links;

    LinksFollowTheRegistry(JdbcClient jdbc, RegistryLookup registry, BeneficiaryLinks links) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.links = links;
    }

    /** One stored link and what it should become. */
    private static final class Row {
        final String ledger;
        final long recordId;
        final long personId;
        final boolean viaHousehold;
        final long householdWas;
        final String standingWas;
        final String countyWas;
        long household;
        String county;
        String standing;

        Row(String ledger, long recordId, long personId, long household, String county, boolean viaHousehold, String standing) {
            this.ledger = ledger;
            this.recordId = recordId;
            this.personId = personId;
            this.viaHousehold = viaHousehold;
            this.householdWas = household;
            this.standingWas = standing;
            this.countyWas = county;
            this.household = household;
            this.county = county;
            this.standing = standing;
        }

        String measure() {
            return ledger + "/" + recordId;
        }

        boolean changed() {
            return household != householdWas || !standing.equals(standingWas) || !county.equals(countyWas);
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(HouseholdMembersChanged event) {
        int year = event.year();
        Set<Long> written = new java.util.HashSet<>(event.householdIds());
        if (event.householdIds().isEmpty() || jdbc.sql("select count(*) from (select 1 from beneficiary_link where reg_year = :y fetch first 1 rows only) l")
                .param("y", year).query(Long.class).single() == 0) {
            return;
        }
        // the links of the written households, and anyone who stands marked anywhere in the year (they may be back elsewhere)
        Map<String, Row> rows = new LinkedHashMap<>();
        for (List<Long> chunk : BeneficiaryLinks.chunks(List.copyOf(new TreeSet<>(written)))) {
            jdbc.sql(SELECT + " and household_id in (:h)").param("y", year).param("h", chunk)
                    .query(rs -> {
                        Row r = row(rs);
                        rows.put(r.measure() + "/" + r.personId, r);
                    });
        }
        jdbc.sql(SELECT + " and standing <> :registered").param("y", year).param("registered", REGISTERED)
                .query(rs -> {
                    Row r = row(rs);
                    rows.putIfAbsent(r.measure() + "/" + r.personId, r);
                });
        if (rows.isEmpty()) {
            return;
        }
        Set<Long> households = new TreeSet<>();
        Set<Long> people = new TreeSet<>();
        rows.values().forEach(r -> {
            households.add(r.household);
            people.add(r.personId);
        });
        Map<Long, List<RegistryLookup.Registered>> members = new HashMap<>();
        for (RegistryLookup.Registered m : registry.members(year, households)) {
            members.computeIfAbsent(m.householdId(), h -> new ArrayList<>()).add(m);
        }
        Map<Long, RegistryLookup.Registered> where = new HashMap<>();
        for (RegistryLookup.Registered m : registry.memberships(year, people)) {
            where.putIfAbsent(m.personId(), m);
        }

        for (Row r : rows.values()) {
            RegistryLookup.Registered now = where.get(r.personId);
            if (now != null && now.householdId() == r.household) {
                r.standing = REGISTERED;
                r.county = now.county().value();
            } else if (r.viaHousehold) {
                r.standing = (now != null ? BeneficiaryLinks.Standing.LEFT_HOUSEHOLD : BeneficiaryLinks.Standing.NOT_REGISTERED).name();
            } else if (now != null) {
                r.household = now.householdId();
                r.county = now.county().value();
                r.standing = REGISTERED;
            } else {
                r.standing = BeneficiaryLinks.Standing.NOT_REGISTERED.name();
            }
        }

        // a household named as a whole brings its members of the year, and takes back one who left and returned
        Map<String, Map<Long, Row>> byMeasure = new LinkedHashMap<>();
        Map<String, Set<Long>> named = new LinkedHashMap<>();
        for (Row r : rows.values()) {
            byMeasure.computeIfAbsent(r.measure(), m -> new HashMap<>()).put(r.personId, r);
            if (r.viaHousehold && written.contains(r.householdWas)) {
                named.computeIfAbsent(r.measure(), m -> new TreeSet<>()).add(r.householdWas);
            }
        }
        List<BeneficiaryLinks.NewLink> added = new ArrayList<>();
        Map<String, List<Long>> addedByMeasure = new LinkedHashMap<>();
        named.forEach((measure, namedHouseholds) -> {
            Map<Long, Row> linked = byMeasure.get(measure);
            Row any = linked.values().iterator().next();
            Ledger ledger = Ledger.byCode(any.ledger).orElseThrow();
            for (long household : namedHouseholds) {
                for (RegistryLookup.Registered m : members.getOrDefault(household, List.of())) {
                    Row existing = linked.get(m.personId());
                    if (existing == null) {
                        added.add(new BeneficiaryLinks.NewLink(ledger, any.recordId, m.personId(), household, m.county().value(), year, true));
                        addedByMeasure.computeIfAbsent(measure, k -> new ArrayList<>()).add(m.personId());
                    } else if (!REGISTERED.equals(existing.standing) && existing.viaHousehold) {
                        existing.household = household;
                        existing.county = m.county().value();
                        existing.standing = REGISTERED;
                    }
                }
            }
        });

        Set<Long> changed = new TreeSet<>();
        Map<String, List<Long>> changedByMeasure = new LinkedHashMap<>();
        for (Row r : rows.values()) {
            if (r.changed()) {
                jdbc.sql("""
                                update beneficiary_link set household_id = :h, county_code = :c, standing = :s
                                where ledger = :l and record_id = :r and person_id = :p""")
                        .param("h", r.household).param("c", r.county).param("s", r.standing)
                        .param("l", r.ledger).param("r", r.recordId).param("p", r.personId).update();
                changed.add(r.personId);
                changedByMeasure.computeIfAbsent(r.measure(), k -> new ArrayList<>()).add(r.personId);
            }
        }
        links.insert(added);
        added.forEach(a -> changed.add(a.personId()));
        // the measures' history says what the registry did to their people
        changedByMeasure.forEach((measure, ids) -> links.audit(ledgerOf(measure), recordOf(measure), org.counterpart.shared.AuditAction.REGISTRY_ADJUSTED, ids));
        addedByMeasure.forEach((measure, ids) -> links.audit(ledgerOf(measure), recordOf(measure), org.counterpart.shared.AuditAction.LINKED_BY_REGISTRY, ids));
        links.changed(year, changed);
    }

    private static final String SELECT = """
            select ledger, record_id, person_id, household_id, county_code, via_household, standing from beneficiary_link
            where reg_year = :y""";

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getBoolean(6), rs.getString(7));
    }

    private static Ledger ledgerOf(String measure) {
        return Ledger.byCode(measure.substring(0, measure.indexOf('/'))).orElseThrow();
    }

    private static long recordOf(String measure) {
        return Long.parseLong(measure.substring(measure.indexOf('/') + 1));
    }
}
