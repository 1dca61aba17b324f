package org.counterpart.identity.internal;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads the account behind a sign-in attempt, and again behind each request of a session
 * ({@link SessionRevalidation}). Deliberately not a bean: a UserDetailsService bean would give Spring
 * Security a second, unthrottled way to check passwords.
 */
class AccountDetails implements UserDetailsService {

    private static final String SELECT = """
            select id, username, display_name, password_hash, role, scope_region, scope_institution_id, enabled,
                   personal_data, version
            from user_account""";

    private final JdbcClient jdbc;

    AccountDetails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql(SELECT + " where username = :u")
                .param("u", username == null ? "" : username.strip().toLowerCase(Locale.ROOT))
                .query(AccountDetails::principal)
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    /** The account as it stands now, without its password hash; empty when it no longer exists. */
    Optional<CurrentUser> current(long id) {
        return jdbc.sql(SELECT + " where id = :id").param("id", id)
                .query(AccountDetails::principal).optional().map(CurrentUser::withoutPassword);
    }

    private static CurrentUser principal(ResultSet rs, int row) throws SQLException {
        String region = rs.getString("scope_region");
        Scope scope = region != null ? Scope.of(new RegionCode(region))
                : Scope.ofInstitution(rs.getLong("scope_institution_id"));
        return new CurrentUser(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("password_hash"), Role.valueOf(rs.getString("role")), scope, rs.getBoolean("enabled"),
                rs.getBoolean("personal_data"), rs.getLong("version"));
    }
}
