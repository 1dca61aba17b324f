package org.counterpart.identity;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creating and changing user accounts. Only administrators may do it; every change is published
 * for the audit log with the old and new values (a password is recorded only as "changed").
 */
@Service
public class UserAdministration {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,59}");
    public static final int MIN_PASSWORD_LENGTH = 10;

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Regions regions;
    private final Optional<InstitutionDirectory> institutions;
    private final ApplicationEventPublisher events;

    UserAdministration(JdbcClient jdbc, PasswordEncoder encoder, Regions regions,
                       Optional<InstitutionDirectory> institutions, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.regions = regions;
        this.institutions = institutions;
        this.events = events;
    }

    public List<UserView> list() {
        requireAdministrator();
        return jdbc.sql(SELECT + " order by username").query(UserAdministration::view).list();
    }

    public UserView get(long id) {
        requireAdministrator();
        return find(id).orElseThrow(() -> new NotFoundException("user " + id));
    }

    /** Accounts of the demonstration scenario: shown on the login page so a newcomer can sign in. */
    public List<UserView> demoAccounts() {
        return jdbc.sql(SELECT + " where demo = true and enabled = true order by id").query(UserAdministration::view).list();
    }

    /**
     * The names of the accounts whose scope lies within the given one (a region and its places, or the
     * same institution): the actors whose entries an assessor of that scope reads in the audit log.
     * Names only, for any caller; what the names did is the asker's to refuse or show.
     */
    public List<String> usernamesWithin(Scope scope) {
        return jdbc.sql(SELECT + " order by username").query(UserAdministration::view).list().stream()
                .filter(u -> u.scope().region().map(scope::covers).orElse(false)
                        || u.scope().institutionId().map(scope::isInstitution).orElse(false))
                .map(UserView::username)
                .toList();
    }

    public long count() {
        return jdbc.sql("select count(*) from user_account").query(Long.class).single();
    }

    @Transactional
    public long create(UserForm form) {
        requireAdministrator();
        return insert(form, false);
    }

    /** Used by the demonstration scenario at first start, when nobody is signed in yet. */
    @Transactional
    public long createDemoAccount(UserForm form) {
        return insert(form, true);
    }

    /** The demo's accounts share one published password: one hash serves them all (each Argon2 hash costs about half a second). */
    private record DemoHash(String password, String hash) {
    }

    private volatile DemoHash demoHash;

    private String demoHash(String password) {
        DemoHash known = demoHash;
        if (known == null || !known.password().equals(password)) {
            known = new DemoHash(password, encoder.encode(password));
            demoHash = known;
        }
        return known.hash();
    }

    /** The first account of an empty installation; refused once any account exists. */
    @Transactional
    public long createFirstAdministrator(UserForm form) {
        if (count() > 0) {
            throw new AccessDeniedException("accounts exist already");
        }
        return insert(form, false);
    }

    @Transactional
    public void update(long id, UserForm form) {
        requireAdministrator();
        UserView before = find(id).orElseThrow(() -> new NotFoundException("user " + id));
        String displayName = requireText("displayName", form.displayName(), 100);
        Scope scope = scope(form);
        Role role = requireRole(form.role());
        String locale = locale(form.locale());
        boolean newPassword = form.password() != null && !form.password().isEmpty();
        if (newPassword) {
            checkPassword(form.password());
        }
        if (before.id() == CurrentUser.require().id() && (!form.enabled() || role != Role.ADMINISTRATOR)) {
            throw new InvalidInputException("role", "user.cannotDemoteSelf");
        }
        int changed = jdbc.sql("""
                        update user_account set display_name = :name, role = :role, scope_region = :region,
                               scope_institution_id = :inst, locale = :locale, enabled = :enabled, personal_data = :pd,
                               password_hash = coalesce(:hash, password_hash), version = version + 1
                        where id = :id and version = :version""")
                .param("name", displayName).param("role", role.name())
                .param("region", scope.region().map(RegionCode::value).orElse(null))
                .param("inst", scope.institutionId().orElse(null))
                .param("locale", locale).param("enabled", form.enabled()).param("pd", form.personalData())
                .param("hash", newPassword ? encoder.encode(form.password()) : null)
                .param("id", id).param("version", form.version())
                .update();
        if (changed == 0) {
            throw new ConcurrentEditException("user " + id);
        }
        UserView after = find(id).orElseThrow();
        Map<String, String> afterState = state(after);
        if (newPassword) {
            afterState.put("password", "changed");
        }
        events.publishEvent(RecordChanged.updated(IdentityAudit.USER, id, state(before), afterState));
    }

    /** The user's own choice of language, kept for the next sign-in. */
    @Transactional
    public void rememberLocale(long userId, String locale) {
        jdbc.sql("update user_account set locale = :locale where id = :id")
                .param("locale", locale(locale)).param("id", userId).update();
    }

    public Optional<String> locale(long userId) {
        return jdbc.sql("select locale from user_account where id = :id").param("id", userId).query(String.class).optional();
    }

    private long insert(UserForm form, boolean demo) {
        String username = form.username() == null ? "" : form.username().strip().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username", "user.username.invalid");
        }
        String displayName = requireText("displayName", form.displayName(), 100);
        Role role = requireRole(form.role());
        Scope scope = scope(form);
        checkPassword(form.password());
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into user_account (username, display_name, password_hash, role, scope_region,
                                                      scope_institution_id, locale, enabled, demo, version, personal_data)
                            values (:username, :name, :hash, :role, :region, :inst, :locale, :enabled, :demo, 0, :pd)""")
                    .param("username", username).param("name", displayName)
                    .param("hash", demo ? demoHash(form.password()) : encoder.encode(form.password())).param("role", role.name())
                    .param("region", scope.region().map(RegionCode::value).orElse(null))
                    .param("inst", scope.institutionId().orElse(null))
                    .param("locale", locale(form.locale())).param("enabled", form.enabled()).param("demo", demo)
                    .param("pd", form.personalData())
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("username", "user.username.taken", username);
        }
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(IdentityAudit.USER, id, state(find(id).orElseThrow())));
        return id;
    }

    private Scope scope(UserForm form) {
        boolean hasRegion = form.scopeRegion() != null && !form.scopeRegion().isBlank();
        boolean hasInstitution = form.scopeInstitutionId() != null;
        if (hasRegion == hasInstitution) {
            throw new InvalidInputException("scopeRegion", "user.scope.oneOf");
        }
        if (hasInstitution) {
            long id = form.scopeInstitutionId();
            if (institutions.flatMap(d -> d.find(id)).isEmpty()) {
                throw new InvalidInputException("scopeInstitutionId", "user.scope.unknownInstitution", id);
            }
            return Scope.ofInstitution(id);
        }
        String raw = form.scopeRegion().strip();
        return Scope.of("0".equals(raw) ? RegionCode.NATION : regions.resolve("scopeRegion", raw, java.util.List.of()));
    }

    private static Role requireRole(Role role) {
        if (role == null) {
            throw new InvalidInputException("role", "user.role.missing");
        }
        return role;
    }

    private static String locale(String locale) {
        return "en".equals(locale) ? "en" : "zh-CN";
    }

    private static String requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "field.required");
        }
        if (value.strip().length() > max) {
            throw new InvalidInputException(field, "field.tooLong", max);
        }
        return value.strip();
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "user.password.tooShort", MIN_PASSWORD_LENGTH);
        }
    }

    private static void requireAdministrator() {
        if (!CurrentUser.require().is(Role.ADMINISTRATOR)) {
            throw new AccessDeniedException("administrators only");
        }
    }

    private Optional<UserView> find(long id) {
        return jdbc.sql(SELECT + " where id = :id").param("id", id).query(UserAdministration::view).optional();
    }

    private static Map<String, String> state(UserView u) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("displayName", u.displayName());
        m.put("role", u.role().name());
        m.put("scope", u.scope().region().map(r -> "region:" + r.value()).orElse("institution:" + u.scope().institutionId().orElse(0L)));
        m.put("locale", u.locale());
        m.put("enabled", String.valueOf(u.enabled()));
        m.put("personalData", String.valueOf(u.personalData()));
        return m;
    }

    private static final String SELECT = """
            select id, username, display_name, role, scope_region, scope_institution_id, locale, enabled, demo, version, personal_data
            from user_account""";

    private static UserView view(ResultSet rs, int row) throws SQLException {
        String region = rs.getString("scope_region");
        long inst = rs.getLong("scope_institution_id");
        Scope scope = region != null ? Scope.of(new RegionCode(region)) : Scope.ofInstitution(inst);
        return new UserView(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), scope, rs.getString("locale"), rs.getBoolean("enabled"),
                rs.getBoolean("demo"), rs.getInt("version"), rs.getBoolean("personal_data"));
    }
}
