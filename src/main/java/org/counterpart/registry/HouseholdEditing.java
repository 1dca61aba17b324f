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
    private final org.counterpart.geography.Regions regions;
    private final org.counterpart.shared.PersonalDataProtector protector;

    HouseholdEditing(Households households, CodeTables codes, JdbcClient jdbc, ApplicationEventPublisher events,
                     ExitPolicy exitPolicy, PovertyLines lines, org.counterpart.geography.Regions regions,
                     org.counterpart.shared.PersonalDataProtector protector) {
        this.regions = regions;
        this.protector = protector;
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

    /** The member's fields of the form by the import's column keys, so a refusal names the form's field. */
    private static final Map<String, String> FIELD_OF_COLUMN = Map.ofEntries(
            Map.entry(RegistryColumns.NAME, "name"), Map.entry(RegistryColumns.ID_NUMBER, "idNumber"),
            Map.entry(RegistryColumns.RELATION, "relation"), Map.entry(RegistryColumns.ETHNICITY, "ethnicity"),
            Map.entry(RegistryColumns.EDUCATION, "education"), Map.entry(RegistryColumns.STUDENT, "studentStatus"),
            Map.entry(RegistryColumns.HEALTH, "health"), Map.entry(RegistryColumns.LABOR, "laborAbility"),
            Map.entry(RegistryColumns.MIGRANT, "migrantWork"), Map.entry(RegistryColumns.MIGRANT_MONTHS, "migrantMonths"),
            Map.entry(RegistryColumns.MEDICAL, "medicalInsurance"), Map.entry(RegistryColumns.PENSION, "pensionInsurance"),
            Map.entry(RegistryColumns.PHONE, "phone"));

    /** A person on record: id, name and encrypted phone number. */
    private record OnRecord(long id, String name, String phoneCipher) {
    }

    /**
     * Adds a member to a household's year or corrects one ({@link MemberForm#personId()}), with the import's own row
     * checks ({@code RowParser}: name, ID number by GB 11643, codes of relation, education, health and the rest,
     * months, yes/no, phone; sex and birth date are the ID number's). A person registered in any year in a household
     * outside the caller's scope is refused without naming where, and the attempt is kept for that side as an
     * import's is; a person registered in another household of the year is refused with it (it lies in the scope).
     * A member made head (户主) becomes the one head, the former head taking {@code formerHeadRelation}; the head
     * cannot be made anything else but by choosing another. The year's version guards against a second officer; the
     * member count and stored exit readiness follow; the change is audited (the household, and the person when the
     * name or phone changed) and published as {@link HouseholdMembersChanged}, so reach and links follow. Answers the
     * member's person id.
     */
    @Transactional(noRollbackFor = InvalidInputException.class) // refusals come before any change, but keep the conflict noted
    public long saveMember(long householdId, int year, MemberForm form) {
        if (!canEdit()) {
            throw new AccessDeniedException("registry corrections are for officers of the household's region");
        }
        Households.Detail detail = households.get(householdId, Optional.of(year)); // scope check
        HouseholdYear before = detail.shown();
        if (before.year() != year) {
            throw new InvalidInputException("year", "household.noSuchYear", year);
        }
        Optional<Member> corrected = Optional.empty();
        if (form.personId() != null) {
            corrected = Optional.of(detail.members().stream().filter(m -> m.personId() == form.personId()).findFirst()
                    .orElseThrow(() -> new InvalidInputException("person", "household.member.notMember", year)));
        }
        String typedId = form.idNumber() == null ? "" : form.idNumber().strip();
        if (typedId.isEmpty() && corrected.isPresent()) {
            typedId = protector.decrypt(jdbc.sql("select id_cipher from person where id = :id").param("id", corrected.get().personId())
                    .query(String.class).single());
        }
        org.counterpart.identity.Scope scope = CurrentUser.scopeOfCaller().orElseThrow(() -> new AccessDeniedException("no scope"));
        Map<String, String> cells = new java.util.HashMap<>();
        cells.put(RegistryColumns.HOUSEHOLD_NO, before.householdNo());
        cells.put(RegistryColumns.VILLAGE, before.village().value());
        cells.put(RegistryColumns.NAME, nz(form.name()));
        cells.put(RegistryColumns.ID_NUMBER, typedId);
        cells.put(RegistryColumns.RELATION, nz(form.relation()));
        cells.put(RegistryColumns.ETHNICITY, nz(form.ethnicity()));
        cells.put(RegistryColumns.EDUCATION, nz(form.education()));
        cells.put(RegistryColumns.STUDENT, nz(form.studentStatus()));
        cells.put(RegistryColumns.HEALTH, nz(form.health()));
        cells.put(RegistryColumns.LABOR, nz(form.laborAbility()));
        cells.put(RegistryColumns.MIGRANT, nz(form.migrantWork()));
        cells.put(RegistryColumns.MIGRANT_MONTHS, nz(form.migrantMonths()));
        cells.put(RegistryColumns.MEDICAL, nz(form.medicalInsurance()));
        cells.put(RegistryColumns.PENSION, nz(form.pensionInsurance()));
        cells.put(RegistryColumns.PHONE, nz(form.phone()));
        List<String> keys = RegistryColumns.all(true).stream().map(org.counterpart.shared.TabularColumn::key).toList();
        List<org.counterpart.shared.Problem> problems = new ArrayList<>();
        Optional<ImportRow> parsed = new RowParser(regions, codes, java.util.OptionalInt.of(year), scope::covers)
                .parse(org.counterpart.shared.TabularRow.typed(1, keys, cells), problems, new ArrayList<>());
        if (parsed.isEmpty()) {
            org.counterpart.shared.Problem first = problems.get(0);
            String column = RegistryColumns.all(true).stream().filter(c -> c.chineseHeader().equals(first.column()))
                    .map(org.counterpart.shared.TabularColumn::key).findFirst().orElse("");
            throw new InvalidInputException(FIELD_OF_COLUMN.getOrDefault(column, "person"), first.messageKey(), first.arguments().toArray());
        }
        ImportRow row = parsed.get();
        String hash = protector.lookupHash(row.id().value());
        Optional<OnRecord> person = jdbc.sql("select id, name, phone_cipher from person where id_hash = :h").param("h", hash)
                .query((rs, i) -> new OnRecord(rs.getLong(1), rs.getString(2), rs.getString(3))).optional();
        String prefix = scope.region().map(org.counterpart.geography.RegionCode::value).orElse("");
        String actor = CurrentUser.require().getUsername();
        Timestamp now = Timestamp.from(Instant.now());
        if (person.isPresent()) {
            long id = person.get().id();
            boolean outside = !jdbc.sql("""
                            select m.person_id from membership m join household h on h.id = m.household_id
                            where m.person_id = :p and h.village_code not like :scope fetch first 1 rows only""")
                    .param("p", id).param("scope", prefix + "%").query(Long.class).list().isEmpty();
            if (outside) {
                // as an import: refused without naming where; the side where the person is registered sees the attempt
                jdbc.sql("""
                                insert into registry_conflict (person_id, reg_year, county_code, village_code, household_no, recorded_by, recorded_at)
                                values (:p, :y, :c, :v, :no, :by, :at)""")
                        .param("p", id).param("y", year).param("c", before.countyCode()).param("v", before.village().value())
                        .param("no", before.householdNo()).param("by", actor).param("at", now).update();
                throw new InvalidInputException("idNumber", "household.member.registeredOutsideScope");
            }
            Optional<String> elsewhere = jdbc.sql("""
                            select h.household_no from membership m join household h on h.id = m.household_id
                            where m.person_id = :p and m.reg_year = :y and m.household_id <> :h""")
                    .param("p", id).param("y", year).param("h", householdId).query(String.class).list().stream().findFirst();
            if (elsewhere.isPresent()) {
                throw new InvalidInputException("idNumber", "import.id.registeredElsewhere", elsewhere.get(), String.valueOf(year));
            }
            if (detail.members().stream().anyMatch(m -> m.personId() == id) && (form.personId() == null || form.personId() != id)) {
                throw new InvalidInputException("idNumber", "household.member.already");
            }
        }
        boolean becomesHead = HouseholdGroup.HEAD.equals(row.relation());
        Optional<Member> head = detail.members().stream().filter(m -> HouseholdGroup.HEAD.equals(m.relation())).findFirst();
        boolean wasHead = corrected.map(m -> HouseholdGroup.HEAD.equals(m.relation())).orElse(false);
        if (wasHead && !becomesHead) {
            throw new InvalidInputException("relation", "household.member.headStays");
        }
        String formerHeadRelation = null;
        if (becomesHead && !wasHead && head.isPresent()) {
            formerHeadRelation = code("formerHeadRelation", CodeTables.RELATION, form.formerHeadRelation(), true);
            if (HouseholdGroup.HEAD.equals(formerHeadRelation)) {
                throw new InvalidInputException("formerHeadRelation", "household.member.oneHead");
            }
        }
        // the year first, so a second officer's save is refused before anything changes
        int changed = jdbc.sql("""
                        update household_year set fact_hash = :hash, recorded_at = :at, recorded_by = :by, version = version + 1
                        where household_id = :id and reg_year = :year and version = :version""")
                .param("hash", "edited-" + java.util.UUID.randomUUID()).param("at", now).param("by", actor)
                .param("id", householdId).param("year", year).param("version", form.version())
                .update();
        if (changed == 0) {
            throw new ConcurrentEditException("household " + householdId + " " + year);
        }
        long personId;
        if (person.isPresent()) {
            personId = person.get().id();
            OnRecord p = person.get();
            boolean nameChanged = !row.name().equals(p.name());
            boolean phoneChanged = row.phone() != null && (p.phoneCipher() == null || !row.phone().equals(protector.decrypt(p.phoneCipher())));
            if (nameChanged || phoneChanged) {
                String phoneBefore = p.phoneCipher() == null ? "" : org.counterpart.shared.Masking.phone(protector.decrypt(p.phoneCipher()));
                jdbc.sql("update person set name = :n, phone_cipher = coalesce(:pc, phone_cipher), phone_masked = coalesce(:pm, phone_masked) where id = :id")
                        .param("n", row.name()).param("pc", row.phone() == null ? null : protector.encrypt(row.phone()))
                        .param("pm", row.phone() == null ? null : org.counterpart.shared.Masking.phone(row.phone())).param("id", personId).update();
                Map<String, String> was = new LinkedHashMap<>();
                was.put("idNumber", row.id().masked());
                was.put("name", RegistryWriter.maskedName(p.name()));
                was.put("phone", phoneBefore);
                Map<String, String> is = new LinkedHashMap<>(was);
                is.put("name", RegistryWriter.maskedName(row.name()));
                is.put("nameChanged", String.valueOf(nameChanged));
                is.put("phone", row.phone() == null ? phoneBefore : org.counterpart.shared.Masking.phone(row.phone()));
                events.publishEvent(RecordChanged.updated(RegistryAudit.PERSON, personId, was, is));
            }
        } else {
            org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("""
                            insert into person (id_hash, id_cipher, id_masked, name, sex, birth_date, phone_cipher, phone_masked)
                            values (:h, :c, :m, :n, :s, :b, :pc, :pm)""")
                    .param("h", hash).param("c", protector.encrypt(row.id().value())).param("m", row.id().masked()).param("n", row.name())
                    .param("s", row.id().sex() == org.counterpart.shared.ResidentId.Sex.MALE ? "M" : "F")
                    .param("b", java.sql.Date.valueOf(row.id().birthDate()))
                    .param("pc", row.phone() == null ? null : protector.encrypt(row.phone()))
                    .param("pm", row.phone() == null ? null : org.counterpart.shared.Masking.phone(row.phone()))
                    .update(key, "id");
            personId = key.getKeyAs(Number.class).longValue();
        }
        if (formerHeadRelation != null) {
            jdbc.sql("update membership set relation = :r where household_id = :h and reg_year = :y and person_id = :p")
                    .param("r", formerHeadRelation).param("h", householdId).param("y", year).param("p", head.get().personId()).update();
        }
        corrected.ifPresent(m -> jdbc.sql("delete from membership where household_id = :h and reg_year = :y and person_id = :p")
                .param("h", householdId).param("y", year).param("p", m.personId()).update());
        jdbc.sql("""
                        insert into membership (household_id, reg_year, person_id, county_code, relation, ethnicity, education, student_status,
                                                health, labor_ability, migrant_work, migrant_months, medical_insurance, pension_insurance)
                        values (:h, :y, :p, :c, :rel, :eth, :edu, :stu, :hea, :lab, :mig, :months, :med, :pen)""")
                .param("h", householdId).param("y", year).param("p", personId).param("c", before.countyCode())
                .param("rel", row.relation()).param("eth", row.ethnicity()).param("edu", row.education()).param("stu", row.studentStatus())
                .param("hea", row.health()).param("lab", row.laborAbility()).param("mig", row.migrantWork()).param("months", row.migrantMonths())
                .param("med", row.medicalInsurance()).param("pen", row.pensionInsurance())
                .update();
        List<Member> members = households.members(householdId, year);
        jdbc.sql("update household_year set member_count = :count, members_ready = :ready where household_id = :id and reg_year = :year")
                .param("count", members.size()).param("ready", membersReady(before, members))
                .param("id", householdId).param("year", year).update();
        events.publishEvent(new HouseholdMembersChanged(year, List.of(householdId)));

        Map<String, String> was = new LinkedHashMap<>();
        was.put("year", String.valueOf(year));
        was.put("memberCount", String.valueOf(before.memberCount()));
        corrected.ifPresent(m -> was.putAll(memberState(m)));
        head.filter(h -> becomesHead && !wasHead).ifPresent(h -> was.put("head", h.idMasked()));
        Map<String, String> is = new LinkedHashMap<>();
        is.put("year", String.valueOf(year));
        is.put("memberCount", String.valueOf(members.size()));
        members.stream().filter(m -> m.personId() == personId).findFirst().ifPresent(m -> is.putAll(memberState(m)));
        is.put(corrected.isPresent() ? "memberCorrected" : "memberAdded", row.id().masked());
        if (becomesHead && !wasHead) {
            is.put("head", row.id().masked());
            if (formerHeadRelation != null) {
                is.put("formerHeadRelation", formerHeadRelation);
            }
        }
        events.publishEvent(RecordChanged.updated(RegistryAudit.HOUSEHOLD, householdId, was, is));
        return personId;
    }

    /**
     * Marks a household as removed from the registry for a year, with a reason from the code list and, for
     * {@link RemovalReason#OTHER}, a note (required). The year's fact and members stay; the household-year no longer
     * counts as registered (lists and counts, the rolls reach counts from, monitoring, the look-ups links follow).
     * Guarded by the year's version, audited, and published as {@link HouseholdMembersChanged}.
     */
    @Transactional
    public void markRemoved(long householdId, int year, String reason, String note, int version) {
        if (!canEdit()) {
            throw new AccessDeniedException("registry corrections are for officers of the household's region");
        }
        HouseholdYear before = households.get(householdId, Optional.of(year)).shown(); // scope check
        if (before.year() != year) {
            throw new InvalidInputException("year", "household.noSuchYear", year);
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("removalReason", "field.required");
        }
        RemovalReason why = java.util.Arrays.stream(RemovalReason.values()).filter(r -> r.name().equals(reason.strip())).findFirst()
                .orElseThrow(() -> new InvalidInputException("removalReason", "household.removal.unknownReason"));
        String text = text("removalNote", note, 500);
        if (why == RemovalReason.OTHER && text == null) {
            throw new InvalidInputException("removalNote", "field.required");
        }
        if (households.removal(householdId, year).isPresent()) {
            throw new InvalidInputException("removalReason", "household.removal.already", year);
        }
        String actor = CurrentUser.require().getUsername();
        Timestamp now = Timestamp.from(Instant.now());
        bumpVersion(householdId, year, version, actor, now);
        jdbc.sql("""
                        insert into household_removal (household_id, reg_year, reason, note, removed_at, removed_by)
                        values (:h, :y, :r, :n, :at, :by)""")
                .param("h", householdId).param("y", year).param("r", why.name()).param("n", text).param("at", now).param("by", actor).update();
        events.publishEvent(new HouseholdMembersChanged(year, List.of(householdId)));
        Map<String, String> was = new LinkedHashMap<>();
        was.put("year", String.valueOf(year));
        was.put("registered", "true");
        Map<String, String> is = new LinkedHashMap<>();
        is.put("year", String.valueOf(year));
        is.put("registered", "false");
        is.put("removalReason", why.name());
        is.put("removalNote", nz(text));
        events.publishEvent(RecordChanged.updated(RegistryAudit.HOUSEHOLD, householdId, was, is));
    }

    /** Whether the caller may undo a household's removal: coordinators and administrators of a region. */
    public boolean canRestore() {
        return CurrentUser.get().map(u -> u.scope().region().isPresent() && u.is(Role.ADMINISTRATOR, Role.COORDINATOR)).orElse(false);
    }

    /** Undoes a household's removal from the registry for a year (a coordinator's decision), audited with the removal it undoes. */
    @Transactional
    public void restore(long householdId, int year, int version) {
        if (!canRestore()) {
            throw new AccessDeniedException("undoing a removal from the registry is for coordinators");
        }
        HouseholdRemoval removal = households.removal(householdId, year) // scope check
                .orElseThrow(() -> new InvalidInputException("removalReason", "household.removal.notRemoved", year));
        String actor = CurrentUser.require().getUsername();
        bumpVersion(householdId, year, version, actor, Timestamp.from(Instant.now()));
        jdbc.sql("delete from household_removal where household_id = :h and reg_year = :y").param("h", householdId).param("y", year).update();
        events.publishEvent(new HouseholdMembersChanged(year, List.of(householdId)));
        Map<String, String> was = new LinkedHashMap<>();
        was.put("year", String.valueOf(year));
        was.put("registered", "false");
        was.put("removalReason", removal.reason().name());
        was.put("removalNote", nz(removal.note()));
        was.put("removedBy", removal.removedBy());
        Map<String, String> is = new LinkedHashMap<>();
        is.put("year", String.valueOf(year));
        is.put("registered", "true");
        events.publishEvent(RecordChanged.updated(RegistryAudit.HOUSEHOLD, householdId, was, is));
    }

    /** The year's version moved on, or a second officer's save refused. */
    private void bumpVersion(long householdId, int year, int version, String actor, Timestamp at) {
        int changed = jdbc.sql("""
                        update household_year set recorded_at = :at, recorded_by = :by, version = version + 1
                        where household_id = :id and reg_year = :year and version = :version""")
                .param("at", at).param("by", actor).param("id", householdId).param("year", year).param("version", version).update();
        if (changed == 0) {
            throw new ConcurrentEditException("household " + householdId + " " + year);
        }
    }

    private static Map<String, String> memberState(Member m) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("member", m.idMasked());
        s.put("relation", nz(m.relation()));
        s.put("ethnicity", nz(m.ethnicity()));
        s.put("education", nz(m.education()));
        s.put("studentStatus", nz(m.studentStatus()));
        s.put("health", nz(m.health()));
        s.put("laborAbility", nz(m.laborAbility()));
        s.put("migrantWork", nz(m.migrantWork()));
        s.put("migrantMonths", m.migrantMonths() == null ? "" : String.valueOf(m.migrantMonths()));
        s.put("medicalInsurance", m.medicalInsurance() == null ? "" : String.valueOf(m.medicalInsurance()));
        s.put("pensionInsurance", m.pensionInsurance() == null ? "" : String.valueOf(m.pensionInsurance()));
        return s;
    }

    /** The members' part of exit readiness, as the import stores it with the year. */
    private boolean membersReady(HouseholdYear year, List<Member> members) {
        ExitPolicy.Evaluation evaluation = exitPolicy.evaluate(year, members, lines.forYear(year.year(), year.countyCode().substring(0, 2)));
        return evaluation.verdicts().stream()
                .filter(v -> v.condition() == ExitPolicy.Condition.MEDICAL_INSURANCE || v.condition() == ExitPolicy.Condition.COMPULSORY_EDUCATION)
                .allMatch(ExitPolicy.Verdict::met);
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
