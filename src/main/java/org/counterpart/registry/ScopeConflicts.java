package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Registry imports refused because they named a person registered outside the importer's scope
 * (issue 11). The person was left as registered; the attempt is shown to the side where the person is
 * registered and to the importing side. Each sees only what lies in its own scope: the registered side
 * sees its own household and that someone outside tried, the importing side the household it tried;
 * only a scope covering both (a city over two counties, the country) sees both.
 */
@Service
public class ScopeConflicts {

    /**
     * One refused attempt. {@code registeredHouseholdNo} is the caller's own household of the person
     * (empty for the importing side), {@code triedVillage} and {@code triedHouseholdNo} where the import
     * tried to register them (empty when that lies outside the caller's scope).
     */
    public record Conflict(long id, String maskedId, int year, Optional<String> registeredHouseholdNo,
                           Optional<RegionCode> triedVillage, Optional<String> triedHouseholdNo, Instant at) {
    }

    private final JdbcClient jdbc;

    ScopeConflicts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The attempts about people registered in the caller's scope or made into it, newest first (at most 500). */
    public List<Conflict> forCaller() {
        Optional<String> prefix = CurrentUser.scopeOfCaller().flatMap(Scope::region).map(RegionCode::value);
        if (prefix.isEmpty()) {
            return List.of();
        }
        String scope = prefix.get() + "%";
        return jdbc.sql("""
                        select c.id, p.id_masked, c.reg_year, c.village_code, c.household_no, c.recorded_at,
                               (select max(h.household_no) from membership m join household h on h.id = m.household_id
                                where m.person_id = c.person_id and h.village_code like :scope) as own_no
                        from registry_conflict c join person p on p.id = c.person_id
                        where c.village_code like :scope
                           or exists (select 1 from membership m join household h on h.id = m.household_id
                                      where m.person_id = c.person_id and h.village_code like :scope)
                        order by c.recorded_at desc, c.id desc
                        fetch first 500 rows only""")
                .param("scope", scope)
                .query((rs, i) -> {
                    boolean triedHere = rs.getString(4).startsWith(prefix.get());
                    return new Conflict(rs.getLong(1), rs.getString(2), rs.getInt(3), Optional.ofNullable(rs.getString(7)),
                            triedHere ? Optional.of(new RegionCode(rs.getString(4))) : Optional.empty(),
                            triedHere ? Optional.of(rs.getString(5)) : Optional.empty(), rs.getTimestamp(6).toInstant());
                }).list();
    }
}
