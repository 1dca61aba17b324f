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
    private final long stamp;

    public CurrentUser(long id, String username, String displayName, String passwordHash,
                       Role role, Scope scope, boolean enabled, boolean personalData) {
        this(id, username, displayName, passwordHash, role, scope, enabled, personalData, 0);
    }

    /**
     * @param stamp the account's version when this principal was read: every change of the account
     *              (role, scope, permission, enabled) moves it, and a session whose principal carries an
     *              older stamp is read again (or ended) on its next request
     */
    public CurrentUser(long id, String username, String displayName, String passwordHash,
                       Role role, Scope scope, boolean enabled, boolean personalData, long stamp) {
        this.stamp = stamp;
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

    // set only by asSystem: a thread without a user is nobody, never everybody by default
    private static final ThreadLocal<Boolean> SYSTEM = ThreadLocal.withInitial(() -> false);

    /**
     * Runs work of the system itself, with no person behind it (a command of the command line, the
     * loading of the demo at start): inside, a service called without a signed-in user acts with the
     * whole country in scope and every role. Outside, a call without a user sees and may do nothing.
     * Background jobs started by a user carry that user, not the system.
     */
    public static <T> T asSystem(java.util.function.Supplier<T> work) {
        boolean before = SYSTEM.get();
        SYSTEM.set(true);
        try {
            return work.get();
        } finally {
            SYSTEM.set(before);
        }
    }

    /** {@link #asSystem(java.util.function.Supplier)} for work without a result. */
    public static void runAsSystem(Runnable work) {
        asSystem(() -> {
            work.run();
            return null;
        });
    }

    /**
     * An executor whose tasks run as the caller of the moment each is handed over: the same signed-in
     * user, or the system when the system hands it over, so a service called on another thread checks
     * the same caller as it would on this one (and nobody stays nobody).
     */
    public static java.util.concurrent.Executor asCaller(java.util.concurrent.Executor executor) {
        var withUser = new org.springframework.security.concurrent.DelegatingSecurityContextExecutor(executor);
        return task -> {
            boolean system = SYSTEM.get();
            withUser.execute(() -> {
                if (system) {
                    runAsSystem(task);
                } else {
                    task.run();
                }
            });
        };
    }

    /** True when this thread runs work of the system itself and no user is signed in on it. */
    public static boolean isSystem() {
        return get().isEmpty() && SYSTEM.get();
    }

    /** The caller's scope: the signed-in user's, the whole country for the system, none for nobody. */
    public static Optional<Scope> scopeOfCaller() {
        Optional<CurrentUser> user = get();
        if (user.isPresent()) {
            return Optional.of(user.get().scope());
        }
        return isSystem() ? Optional.of(Scope.nation()) : Optional.empty();
    }

    /** The name written as the actor of a change: the user's, or <i>system</i> for the system itself. */
    public static String actorName() {
        return get().map(CurrentUser::getUsername).orElse("system");
    }

    /** The signed-in user, or a refusal when a service is called without one. */
    public static CurrentUser require() {
        return get().orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("not signed in"));
    }

    public long id() {
        return id;
    }

    /** The account's version this principal was read at (see the constructor). */
    public long stamp() {
        return stamp;
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
        return new CurrentUser(id, username, displayName, "", role, scope, enabled, personalData, stamp);
    }
}
