package org.counterpart.registry;

import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Money;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Corrections of a household's fact of one year by an officer of its county. Two officers editing the
 * same fact never overwrite each other: the second save is refused and shown what the first saved.
 * Recording an exit (已脱贫) is refused while the exit conditions are not met, unless the officer gives
 * a reason, which goes to the audit log with the change.
 */
@Service
public class HouseholdEditing {

    private final Households households;
    private final CodeTables codes;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final ExitPolicy exitPolicy;
    private final PovertyLines lines;

    HouseholdEditing(Households households, CodeTables codes, JdbcClient jdbc, ApplicationEventPublisher events,
                     ExitPolicy exitPolicy, PovertyLines lines) {
        this.exitPolicy = exitPolicy;
        this.lines = lines;
        this.households = households;
        this.codes = codes;
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Administrators, coordinators and reporters of a region change its registry; others read. */
    public boolean canEdit() {
        return CurrentUser.get().map(u -> u.scope().region().isPresent()
                && u.is(Role.ADMINISTRATOR, Role.COORDINATOR, Role.REPORTER)).orElse(false);
    }

    @Transactional
    public void update(long householdId, int year, HouseholdYearForm form) {
        if (!canEdit()) {
            throw new AccessDeniedException("registry corrections are for officers of the household's region");
        }
        HouseholdYear before = households.get(householdId, Optional.of(year)).shown(); // scope check
        if (before.year() != year) {
            throw new InvalidInputException("year", "household.noSuchYear", year);
        }
        String status = code("status", CodeTables.STATUS, form.status(), true);
        String attribute = code("attribute", CodeTables.ATTRIBUTE, form.attribute(), false);
        String mainCause = code("mainCause", CodeTables.CAUSE, form.mainCause(), false);
        List<String> other = new ArrayList<>();
        if (form.otherCauses() != null) {
            for (String part : form.otherCauses().split("[、;；,，/]")) {
                String p = part.strip();
                if (!p.isEmpty() && !other.contains(code("otherCauses", CodeTables.CAUSE, p, false))) {
                    other.add(p);
                }
            }
        }
        String standard = code("standard", CodeTables.STANDARD, form.standard(), false);
        Income income = new Income(money("wage", form.wage(), false), money("business", form.business(), true),
                money("transfer", form.transfer(), false), money("property", form.property(), true), money("costs", form.costs(), false));
        String cadre = text("cadreName", form.cadreName(), 60);
        String unit = text("cadreUnit", form.cadreUnit(), 200);
        String actor = CurrentUser.require().getUsername();
        String override = text("exitOverride", form.exitOverride(), 500);
        boolean recordsExit = "已脱贫".equals(status) && !"已脱贫".equals(before.status());
        if (recordsExit) {
            // an exit decision is checked against the conditions with the values being saved
            HouseholdYear proposed = new HouseholdYear(before.householdId(), before.householdNo(), year, before.countyCode(),
                    before.village(), attribute, mainCause, other, standard, status, income, form.dangerousHousing(),
                    form.safeWater(), cadre, unit, before.memberCount(), before.recordedAt(), before.recordedBy(), before.version());
            ExitPolicy.Evaluation evaluation = exitPolicy.evaluate(proposed, households.members(householdId, year),
                    lines.forYear(year, before.countyCode().substring(0, 2)));
            if (!evaluation.ready() && override == null) {
                throw new InvalidInputException("exitOverride", "exit.refused", evaluation.unmet().size());
            }
        }

        int changed = jdbc.sql("""
                        update household_year set poverty_status = :status, poverty_attribute = :attribute, main_cause = :main,
                               other_causes = :other, standard = :standard, income_wage = :wage, income_business = :business,
                               income_transfer = :transfer, income_property = :property, production_costs = :costs,
                               dangerous_housing = :dangerous, safe_water = :water, cadre_name = :cadre, cadre_unit = :unit,
                               fact_hash = :hash, recorded_at = :at, recorded_by = :by, version = version + 1
                        where household_id = :id and reg_year = :year and version = :version""")
                .param("status", status).param("attribute", attribute).param("main", mainCause).param("other", String.join("、", other))
                .param("standard", standard).param("wage", income.wage()).param("business", income.business())
                .param("transfer", income.transfer()).param("property", income.property()).param("costs", income.costs())
                .param("dangerous", form.dangerousHousing()).param("water", form.safeWater()).param("cadre", cadre).param("unit", unit)
                // an edited fact no longer equals any file, so the next import of a file shows as an update
                .param("hash", "edited-" + java.util.UUID.randomUUID()).param("at", Timestamp.from(Instant.now())).param("by", actor)
                .param("id", householdId).param("year", year).param("version", form.version())
                .update();
        if (changed == 0) {
            throw new ConcurrentEditException("household " + householdId + " " + year);
        }
        HouseholdYear after = households.get(householdId, Optional.of(year)).shown();
        Map<String, String> afterState = state(after);
        if (recordsExit && override != null) {
            afterState.put("exitOverrideReason", override);
        }
        events.publishEvent(RecordChanged.updated(RegistryAudit.HOUSEHOLD, householdId, state(before), afterState));
    }

    /**
     * Takes a member out of a household's year (moved away, died, registered by mistake), with the reason,
     * which goes to the audit log. The head stays: a household keeps its one head, so the head is not
     * removed while the household is registered. The year's version guards against a second officer
     * saving the same year meanwhile; the member count and the stored exit readiness follow, and the
     * change is published as {@link HouseholdMembersChanged}, so the measures that reached the household
     * stop counting the person in the same transaction, as after a re-import.
     */
    @Transactional
    public void removeMember(long householdId, int year, long personId, int version, String reason) {
        if (!canEdit()) {
            throw new AccessDeniedException("registry corrections are for officers of the household's region");
        }
        Households.Detail detail = households.get(householdId, Optional.of(year)); // scope check
        HouseholdYear before = detail.shown();
        if (before.year() != year) {
            throw new InvalidInputException("year", "household.noSuchYear", year);
        }
        Member member = detail.members().stream().filter(m -> m.personId() == personId).findFirst()
                .orElseThrow(() -> new InvalidInputException("person", "household.member.notMember", year));
        String why = text("reason", reason, 500);
        if (why == null) {
            throw new InvalidInputException("reason", "field.required");
        }
        if (HouseholdGroup.HEAD.equals(member.relation())) {
            throw new InvalidInputException("person", "household.member.headStays");
        }
        List<Member> remaining = detail.members().stream().filter(m -> m.personId() != personId).toList();
        ExitPolicy.Evaluation evaluation = exitPolicy.evaluate(before, remaining, lines.forYear(year, before.countyCode().substring(0, 2)));
        boolean membersReady = evaluation.verdicts().stream()
                .filter(v -> v.condition() == ExitPolicy.Condition.MEDICAL_INSURANCE || v.condition() == ExitPolicy.Condition.COMPULSORY_EDUCATION)
                .allMatch(ExitPolicy.Verdict::met);
        String actor = CurrentUser.require().getUsername();
        int changed = jdbc.sql("""
                        update household_year set member_count = :count, members_ready = :ready, fact_hash = :hash,
                               recorded_at = :at, recorded_by = :by, version = version + 1
                        where household_id = :id and reg_year = :year and version = :version""")
                .param("count", remaining.size()).param("ready", membersReady)
                .param("hash", "edited-" + java.util.UUID.randomUUID()).param("at", Timestamp.from(Instant.now())).param("by", actor)
                .param("id", householdId).param("year", year).param("version", version)
                .update();
        if (changed == 0) {
            throw new ConcurrentEditException("household " + householdId + " " + year);
        }
        jdbc.sql("delete from membership where household_id = :id and reg_year = :year and person_id = :p")
                .param("id", householdId).param("year", year).param("p", personId).update();
        events.publishEvent(new HouseholdMembersChanged(year, List.of(householdId)));
        Map<String, String> was = new LinkedHashMap<>();
        was.put("year", String.valueOf(year));
        was.put("memberCount", String.valueOf(before.memberCount()));
        was.put("member", member.idMasked());
        Map<String, String> now = new LinkedHashMap<>();
        now.put("year", String.valueOf(year));
        now.put("memberCount", String.valueOf(remaining.size()));
        now.put("memberRemoved", member.idMasked());
        now.put("reason", why);
        events.publishEvent(RecordChanged.updated(RegistryAudit.HOUSEHOLD, householdId, was, now));
    }

    private static Map<String, String> state(HouseholdYear y) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("year", String.valueOf(y.year()));
        m.put("povertyStatus", nz(y.status()));
        m.put("povertyAttribute", nz(y.attribute()));
        m.put("mainCause", nz(y.mainCause()));
        m.put("otherCauses", String.join("、", y.otherCauses()));
        m.put("standard", nz(y.standard()));
        m.put("incomeWage", y.income().wage().toPlainString());
        m.put("incomeBusiness", y.income().business().toPlainString());
        m.put("incomeTransfer", y.income().transfer().toPlainString());
        m.put("incomeProperty", y.income().property().toPlainString());
        m.put("productionCosts", y.income().costs().toPlainString());
        m.put("dangerousHousing", String.valueOf(y.dangerousHousing()));
        m.put("safeWater", String.valueOf(y.safeWater()));
        m.put("cadreName", nz(y.cadreName()));
        m.put("cadreUnit", nz(y.cadreUnit()));
        return m;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private String code(String field, String table, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidInputException(field, "field.required");
            }
            return null;
        }
        if (!codes.contains(table, value.strip())) {
            throw new InvalidInputException(field, "import.code.unknown",
                    String.join("、", codes.items(table).stream().map(CodeTables.Item::code).toList()));
        }
        return value.strip();
    }

    private static BigDecimal money(String field, String value, boolean mayBeNegative) {
        // a blank income is none, as in the registry's export
        return (mayBeNegative ? Money.parseSigned(field, value) : Money.parse(field, value)).orElse(Money.ZERO).yuan();
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > max) {
            throw new InvalidInputException(field, "field.tooLong", max);
        }
        return value.strip();
    }
}
