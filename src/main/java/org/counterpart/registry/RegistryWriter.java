package org.counterpart.registry;

import org.counterpart.shared.Masking;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes checked households into the registry as facts of their year. A year's fact is compared by a
 * hash of everything it says, so importing the same file again changes nothing; a changed fact
 * replaces that year only, and the change goes to the audit log with the values before and after.
 */
@Component
class RegistryWriter {

    enum Outcome { NEW, UPDATED, UNCHANGED }

    private final JdbcClient jdbc;
    private final PersonalDataProtector protector;
    private final ApplicationEventPublisher events;

    RegistryWriter(JdbcClient jdbc, PersonalDataProtector protector, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.protector = protector;
        this.events = events;
    }

    /** The household number already holding this person in this year, other than the given household. */
    Optional<String> registeredElsewhere(String idHash, int year, String countyCode, String householdNo) {
        return jdbc.sql("""
                        select h.household_no from membership m
                        join person p on p.id = m.person_id join household h on h.id = m.household_id
                        where p.id_hash = :hash and m.reg_year = :year and not (h.county_code = :county and h.household_no = :no)""")
                .param("hash", idHash).param("year", year).param("county", countyCode).param("no", householdNo)
                .query(String.class).list().stream().findFirst();
    }

    Outcome write(HouseholdGroup group, Map<String, String> idHashes, String actor, Instant at) {
        ImportRow first = group.first();
        long householdId = jdbc.sql("select id from household where county_code = :c and household_no = :n")
                .param("c", group.countyCode).param("n", group.householdNo).query(Long.class).optional()
                .orElseGet(() -> insertHousehold(group));
        jdbc.sql("update household set village_code = :v where id = :id and village_code <> :v")
                .param("v", first.village().value()).param("id", householdId).update();

        String hash = factHash(group, idHashes);
        Optional<Map<String, String>> before = fact(householdId, group.year);
        if (before.isPresent() && hash.equals(before.get().get("factHash"))) {
            return Outcome.UNCHANGED;
        }
        jdbc.sql("delete from membership where household_id = :id and reg_year = :y").param("id", householdId).param("y", group.year).update();
        jdbc.sql("delete from household_year where household_id = :id and reg_year = :y").param("id", householdId).param("y", group.year).update();
        jdbc.sql("""
                        insert into household_year (household_id, reg_year, county_code, village_code, poverty_attribute, main_cause,
                            other_causes, standard, poverty_status, income_wage, income_business, income_transfer, income_property,
                            production_costs, dangerous_housing, safe_water, cadre_name, cadre_unit, member_count, fact_hash,
                            recorded_at, recorded_by, version)
                        values (:id, :year, :county, :village, :attribute, :main, :other, :standard, :status, :wage, :business,
                            :transfer, :property, :costs, :dangerous, :water, :cadre, :unit, :members, :hash, :at, :by, :version)""")
                .param("id", householdId).param("year", group.year).param("county", group.countyCode)
                .param("village", first.village().value()).param("attribute", first.attribute()).param("main", first.mainCause())
                .param("other", String.join("、", first.otherCauses())).param("standard", first.standard())
                .param("status", first.status()).param("wage", first.income().wage()).param("business", first.income().business())
                .param("transfer", first.income().transfer()).param("property", first.income().property())
                .param("costs", first.income().costs()).param("dangerous", first.dangerousHousing()).param("water", first.safeWater())
                .param("cadre", first.cadreName()).param("unit", first.cadreUnit()).param("members", group.rows.size())
                .param("hash", hash).param("at", Timestamp.from(at)).param("by", actor)
                .param("version", before.map(b -> Integer.parseInt(b.get("version")) + 1).orElse(0))
                .update();
        for (ImportRow row : group.rows) {
            long personId = person(row, idHashes.get(row.id().value()));
            jdbc.sql("""
                            insert into membership (household_id, reg_year, person_id, county_code, relation, ethnicity, education,
                                student_status, health, labor_ability, migrant_work, migrant_months, medical_insurance, pension_insurance)
                            values (:h, :y, :p, :county, :relation, :ethnicity, :education, :student, :health, :labor, :migrant,
                                :months, :medical, :pension)""")
                    .param("h", householdId).param("y", group.year).param("p", personId).param("county", group.countyCode)
                    .param("relation", row.relation()).param("ethnicity", row.ethnicity()).param("education", row.education())
                    .param("student", row.studentStatus()).param("health", row.health()).param("labor", row.laborAbility())
                    .param("migrant", row.migrantWork()).param("months", row.migrantMonths())
                    .param("medical", row.medicalInsurance()).param("pension", row.pensionInsurance())
                    .update();
        }
        if (before.isPresent()) {
            Map<String, String> after = fact(householdId, group.year).orElseThrow();
            before.get().remove("version");
            after.remove("version");
            events.publishEvent(RecordChanged.updated("household", householdId, before.get(), after));
            return Outcome.UPDATED;
        }
        return Outcome.NEW;
    }

    private long insertHousehold(HouseholdGroup group) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into household (county_code, household_no, village_code) values (:c, :n, :v)")
                .param("c", group.countyCode).param("n", group.householdNo).param("v", group.first().village().value())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    private long person(ImportRow row, String idHash) {
        Optional<Long> existing = jdbc.sql("select id from person where id_hash = :h").param("h", idHash).query(Long.class).optional();
        String phoneCipher = row.phone() == null ? null : protector.encrypt(row.phone());
        String phoneMasked = row.phone() == null ? null : Masking.phone(row.phone());
        if (existing.isPresent()) {
            jdbc.sql("""
                            update person set name = :name, phone_cipher = coalesce(:pc, phone_cipher), phone_masked = coalesce(:pm, phone_masked)
                            where id = :id""")
                    .param("name", row.name()).param("pc", phoneCipher).param("pm", phoneMasked).param("id", existing.get()).update();
            return existing.get();
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into person (id_hash, id_cipher, id_masked, name, sex, birth_date, phone_cipher, phone_masked)
                        values (:h, :c, :m, :name, :sex, :birth, :pc, :pm)""")
                .param("h", idHash).param("c", protector.encrypt(row.id().value())).param("m", row.id().masked())
                .param("name", row.name()).param("sex", row.id().sex() == org.counterpart.shared.ResidentId.Sex.MALE ? "M" : "F")
                .param("birth", row.id().birthDate()).param("pc", phoneCipher).param("pm", phoneMasked)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** The stored fact of a year as text fields, for comparison and the audit log. */
    private Optional<Map<String, String>> fact(long householdId, int year) {
        return jdbc.sql("""
                        select village_code, poverty_attribute, main_cause, other_causes, standard, poverty_status, income_wage,
                               income_business, income_transfer, income_property, production_costs, dangerous_housing, safe_water,
                               cadre_name, cadre_unit, member_count, fact_hash, version
                        from household_year where household_id = :id and reg_year = :y""")
                .param("id", householdId).param("y", year)
                .query((rs, i) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    int n = rs.getMetaData().getColumnCount();
                    for (int c = 1; c <= n; c++) {
                        Object v = rs.getObject(c);
                        String name = rs.getMetaData().getColumnLabel(c).toLowerCase(java.util.Locale.ROOT);
                        m.put(camel(name), v instanceof java.math.BigDecimal d ? d.setScale(2).toPlainString() : v == null ? "" : v.toString());
                    }
                    m.put("year", String.valueOf(year));
                    return m;
                }).optional();
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    /**
     * Everything a year's fact says, members included (by keyed hash, never the number), as one hash.
     * A phone number is a person's contact, not a fact of the year, so it is kept out.
     */
    static String factHash(HouseholdGroup group, Map<String, String> idHashes) {
        StringBuilder sb = new StringBuilder();
        group.first().householdFields().forEach(f -> sb.append(norm(f)).append('\u001f'));
        group.rows.stream().sorted(Comparator.comparing(r -> idHashes.get(r.id().value()))).forEach(r -> {
            for (Object f : List.of(idHashes.get(r.id().value()), r.name(), nz(r.relation()), nz(r.ethnicity()), nz(r.education()),
                    nz(r.studentStatus()), nz(r.health()), nz(r.laborAbility()), nz(r.migrantWork()), nz(r.migrantMonths()),
                    nz(r.medicalInsurance()), nz(r.pensionInsurance()))) {
                sb.append(norm(f)).append('\u001f');
            }
            sb.append('\u001e');
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object nz(Object o) {
        return o == null ? "" : o;
    }

    private static String norm(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof java.math.BigDecimal d) {
            return d.setScale(2).toPlainString();
        }
        return o.toString();
    }
}
