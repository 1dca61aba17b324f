package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.identity.InstitutionAccounts;
import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Page;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The institutions of the cooperation, always seen through the caller's scope: a user sees the
 * institutions of its region and those paired with something in it; coordinators change those of
 * their own region. Calls without a signed-in user are the system's own (start-up, command line).
 */
@Service
public class Institutions {

    /** Filters of the institution list; empty strings mean "any". */
    public record Filter(Optional<InstitutionKind> kind, Optional<RegionCode> region, Optional<String> text) {
        public static Filter none() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final JdbcClient jdbc;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final Visibility visibility;
    private final ApplicationEventPublisher events;
    private final InstitutionAccounts accounts;

    Institutions(JdbcClient jdbc, Regions regions, org.counterpart.identity.PlaceNames placeNames, Visibility visibility, ApplicationEventPublisher events,
                 InstitutionAccounts accounts) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.regions = regions;
        this.placeNames = placeNames;
        this.visibility = visibility;
        this.events = events;
    }

    public Page<Institution> search(Filter filter, int page, int size) {
        return Page.of(matching(filter), page, size);
    }

    /** Everything the filter and the caller's scope allow, for totals and exports. */
    public List<Institution> matching(Filter filter) {
        String text = filter.text().map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).orElse(null);
        Visibility.View view = visibility.forCaller();
        return jdbc.sql(SELECT + " " + """
                         where (cast(:kind as varchar(40)) is null or kind = :kind)
                           and (cast(:region as varchar(12)) is null or region_code like :region || '%')
                           and (cast(:text as varchar(200)) is null or lower(name_zh) like '%' || :text || '%'
                                or lower(coalesce(name_en, '')) like '%' || :text || '%' or credit_code = upper(:text))
                         order by region_code, name_zh""")
                .param("kind", filter.kind().map(Enum::name).orElse(null))
                .param("region", filter.region().map(RegionCode::value).orElse(null))
                .param("text", text)
                .query(Institutions::map).list().stream()
                .filter(view::sees)
                // the caller's own institutions first, then partners, each by place and name
                .sorted(java.util.Comparator.comparing((Institution i) -> !view.isOwn(i)))
                .toList();
    }

    /** How many institutions of each kind the caller sees. */
    public Map<InstitutionKind, Long> countByKind() {
        Map<InstitutionKind, Long> counts = new EnumMap<>(InstitutionKind.class);
        for (Institution i : matching(Filter.none())) {
            counts.merge(i.kind(), 1L, Long::sum);
        }
        return counts;
    }

    /** One institution, refused when it lies outside the caller's scope. */
    public Institution get(long id) {
        Institution found = find(id).orElseThrow(() -> new NotFoundException("institution " + id));
        if (!visibility.forCaller().sees(found)) {
            throw new AccessDeniedException("institution " + id + " is outside the caller's scope");
        }
        return found;
    }

    public boolean canEdit(Institution institution) {
        return visibility.forCaller().canEdit(institution.region());
    }

    public boolean canCreate() {
        return CurrentUser.get().map(CurrentUser::canEditCooperationRecords).orElseGet(CurrentUser::isSystem);
    }

    @Transactional
    public long create(InstitutionForm form) {
        Institution draft = validate(0, form);
        if (!canCreate() || !visibility.forCaller().canEdit(draft.region())) {
            throw new AccessDeniedException("cannot create institutions in " + draft.region());
        }
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into institution (name_zh, name_en, kind, region_code, credit_code, note, version)
                            values (:zh, :en, :kind, :region, :credit, :note, 0)""")
                    .params(params(draft)).update(keys, "id");
        } catch (DataIntegrityViolationException e) {
            throw duplicate(draft);
        }
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(CooperationAudit.INSTITUTION, id, draft.state()));
        return id;
    }

    @Transactional
    public void update(long id, InstitutionForm form) {
        Institution before = get(id);
        Institution after = validate(id, form);
        if (!canEdit(before) || !visibility.forCaller().canEdit(after.region())) {
            throw new AccessDeniedException("cannot change institution " + id);
        }
        int changed;
        try {
            changed = jdbc.sql("""
                            update institution set name_zh = :zh, name_en = :en, kind = :kind, region_code = :region,
                                   credit_code = :credit, note = :note, version = version + 1
                            where id = :id and version = :version""")
                    .params(params(after)).param("id", id).param("version", form.version()).update();
        } catch (DataIntegrityViolationException e) {
            throw duplicate(after);
        }
        if (changed == 0) {
            throw new ConcurrentEditException("institution " + id);
        }
        events.publishEvent(RecordChanged.updated(CooperationAudit.INSTITUTION, id, before.state(), after.state()));
    }

    @Transactional
    public void delete(long id, int version) {
        Institution before = get(id);
        if (!canEdit(before)) {
            throw new AccessDeniedException("cannot delete institution " + id);
        }
        long uses = jdbc.sql("select count(*) from pairing where helper_institution_id = :id or helped_institution_id = :id")
                .param("id", id).query(Long.class).single()
                + accounts.scopedTo(id);
        if (uses > 0) {
            throw new InvalidInputException("id", "institution.inUse", uses);
        }
        if (jdbc.sql("delete from institution where id = :id and version = :v").param("id", id).param("v", version).update() == 0) {
            throw new ConcurrentEditException("institution " + id);
        }
        events.publishEvent(RecordChanged.deleted(CooperationAudit.INSTITUTION, id, before.state()));
    }

    /** The name of an institution: names of public bodies are not secret, so no scope check. */
    public Optional<String> nameOf(long id) {
        return jdbc.sql("select name_zh from institution where id = :id").param("id", id).query(String.class).optional();
    }

    /** Where an institution sits: like its name, no secret, so no scope check (which side of a plan it is on). */
    public Optional<RegionCode> regionOf(long id) {
        return find(id).map(Institution::region);
    }

    /** Without a scope check: for the directory that identity uses and for the pairing rules. */
    Optional<Institution> find(long id) {
        return jdbc.sql(SELECT + " where id = :id").param("id", id).query(Institutions::map).optional();
    }

    List<Institution> all() {
        return jdbc.sql(SELECT + " order by name_zh").query(Institutions::map).list();
    }

    private Institution validate(long id, InstitutionForm form) {
        String zh = required("nameZh", form.nameZh(), 200);
        String en = optional("nameEn", form.nameEn(), 300);
        if (form.kind() == null) {
            throw new InvalidInputException("kind", "field.required");
        }
        if (form.region() == null || form.region().isBlank()) {
            throw new InvalidInputException("region", "field.required");
        }
        RegionCode region = placeNames.read("region", form.region());
        Optional<SocialCreditCode> credit = Optional.ofNullable(form.creditCode())
                .filter(c -> !c.isBlank()).map(SocialCreditCode::new);
        String note = optional("note", form.note(), 1000);
        return new Institution(id, zh, en, form.kind(), region, credit, note, form.version());
    }

    private InvalidInputException duplicate(Institution i) {
        return i.creditCode().isPresent()
                ? new InvalidInputException("creditCode", "institution.creditCode.taken", i.creditCode().get().value())
                : new InvalidInputException("nameZh", "institution.name.taken", i.nameZh());
    }

    private static Map<String, Object> params(Institution i) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("zh", i.nameZh());
        p.put("en", i.nameEn());
        p.put("kind", i.kind().name());
        p.put("region", i.region().value());
        p.put("credit", i.creditCode().map(SocialCreditCode::value).orElse(null));
        p.put("note", i.note());
        return p;
    }

    static String required(String field, String value, int max) {
        String v = optional(field, value, max);
        if (v == null) {
            throw new InvalidInputException(field, "field.required");
        }
        return v;
    }

    static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidInputException(field, "field.tooLong", max);
        }
        return v;
    }

    private static final String SELECT = "select id, name_zh, name_en, kind, region_code, credit_code, note, version from institution";

    private static Institution map(ResultSet rs, int row) throws SQLException {
        String credit = rs.getString("credit_code");
        return new Institution(rs.getLong("id"), rs.getString("name_zh"), rs.getString("name_en"),
                InstitutionKind.valueOf(rs.getString("kind")), new RegionCode(rs.getString("region_code")),
                Optional.ofNullable(credit).map(SocialCreditCode::new), rs.getString("note"), rs.getInt("version"));
    }
}
