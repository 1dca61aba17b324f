package org.counterpart.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The person behind a request: the principal of the session, read by every module's checks. */
public final class CurrentUser implements UserDetails {

    private final long id;
    private final String username;
    private final String displayName;
    private final String passwordHash;
    private final Role role;
    private final Scope scope;
    private final boolean enabled;
    private final boolean personalData;

    public CurrentUser(long id, String username, String displayName, String passwordHash,
                       Role role, Scope scope, boolean enabled, boolean personalData) {
        this.personalData = personalData;
        this.id = id;
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.role = role;
        this.scope = scope;
        this.enabled = enabled;
    }

    /** The signed-in user of this thread, if any. */
    public static Optional<CurrentUser> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof CurrentUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    /** The signed-in user, or a refusal when a service is called without one. */
    public static CurrentUser require() {
        return get().orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("not signed in"));
    }

    public long id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    public Scope scope() {
        return scope;
    }

    public boolean is(Role... roles) {
        for (Role r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }

    /** May see ID and phone numbers unmasked; every such view is written to the audit log. */
    public boolean canViewPersonalData() {
        return personalData;
    }

    /** Administrators and coordinators change shared records; everyone else reads. */
    public boolean canEditCooperationRecords() {
        return is(Role.ADMINISTRATOR, Role.COORDINATOR);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** Keep the hash out of the session once authentication is done. */
    public CurrentUser withoutPassword() {
        return new CurrentUser(id, username, displayName, "", role, scope, enabled, personalData);
    }
}
