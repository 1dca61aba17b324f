package org.counterpart.identity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Answers the cooperation's one question of the user accounts: how many are scoped to an
 * institution, which keeps the institution from being deleted under its users. A service of its own,
 * not a method of {@link UserAdministration}, because that one asks the institutions back (through
 * {@link InstitutionDirectory}) and the two would need each other to be built.
 */
@Service
public class InstitutionAccounts {

    private final JdbcClient jdbc;

    InstitutionAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The number of accounts, enabled or not, whose scope is this institution. */
    public long scopedTo(long institutionId) {
        return jdbc.sql("select count(*) from user_account where scope_institution_id = :id").param("id", institutionId)
                .query(Long.class).single();
    }
}
