package org.counterpart.identity.internal;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.Locale;

/**
 * Loads the account behind a sign-in attempt. Deliberately not a bean: a UserDetailsService bean would
 * give Spring Security a second, unthrottled way to check passwords.
 */
class AccountDetails implements UserDetailsService {

    private final JdbcClient jdbc;

    AccountDetails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("""
                        select id, username, display_name, password_hash, role, scope_region, scope_institution_id, enabled, personal_data
                        from user_account where username = :u""")
                .param("u", username == null ? "" : username.strip().toLowerCase(Locale.ROOT))
                .query((rs, i) -> {
                    String region = rs.getString("scope_region");
                    Scope scope = region != null ? Scope.of(new RegionCode(region))
                            : Scope.ofInstitution(rs.getLong("scope_institution_id"));
                    return new CurrentUser(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                            rs.getString("password_hash"), Role.valueOf(rs.getString("role")), scope, rs.getBoolean("enabled"),
                            rs.getBoolean("personal_data"));
                })
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
