package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Year;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pairings of the cooperation. Each kind says what its two sides must be; a pairing of the same
 * kind between the same two sides is refused as a duplicate. Scoped like {@link Institutions}.
 */
@Service
public class Pairings {

    /** The first year of East–West pairing assistance (the 1996 arrangement). */
    static final int FIRST_YEAR = 1996;

    private final JdbcClient jdbc;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final Institutions institutions;
    private final Visibility visibility;
    private final ApplicationEventPublisher events;

    Pairings(JdbcClient jdbc, Regions regions, org.counterpart.identity.PlaceNames placeNames, Institutions institutions, Visibility visibility, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.placeNames = placeNames;
        this.institutions = institutions;
        this.visibility = visibility;
        this.events = events;
    }

    /** The pairings the caller sees, optionally of one kind or touching one region or institution. */
    public List<Pairing> list(Optional<PairingKind> kind, Optional<RegionCode> region, Optional<Long> institution) {
        Visibility.View view = visibility.forCaller();
        Map<Long, RegionCode> instRegions = new HashMap<>();
        return jdbc.sql(SELECT + " order by since_year, kind, id").query(Pairings::map).list().stream()
                .filter(view::sees)
                .filter(p -> kind.map(k -> p.kind() == k).orElse(true))
                .filter(p -> institution.map(id -> involves(p.helper(), id) || involves(p.helped(), id)).orElse(true))
                .filter(p -> region.map(r -> touches(p.helper(), r, instRegions) || touches(p.helped(), r, instRegions)).orElse(true))
                .toList();
    }

    public Map<PairingKind, Long> countByKind() {
        Map<PairingKind, Long> counts = new EnumMap<>(PairingKind.class);
        list(Optional.empty(), Optional.empty(), Optional.empty()).forEach(p -> counts.merge(p.kind(), 1L, Long::sum));
        return counts;
    }

    public Pairing get(long id) {
        Pairing p = jdbc.sql(SELECT + " where id = :id").param("id", id).query(Pairings::map).optional()
                .orElseThrow(() -> new NotFoundException("pairing " + id));
        if (!visibility.forCaller().sees(p)) {
            throw new AccessDeniedException("pairing " + id + " is outside the caller's scope");
        }
        return p;
    }

    /** Which of these pairings the caller may change, decided with one look at the scope. */
    public java.util.Set<Long> editable(List<Pairing> rows) {
        Visibility.View view = visibility.forCaller();
        return rows.stream().filter(view::canEdit).map(Pairing::id).collect(java.util.stream.Collectors.toSet());
    }

    public boolean canEdit(Pairing pairing) {
        return visibility.forCaller().canEdit(pairing);
    }

    @Transactional
    public long create(PairingForm form) {
        Pairing draft = validate(0, form);
        if (!institutions.canCreate() || !visibility.forCaller().canEdit(draft)) {
            throw new AccessDeniedException("cannot create this pairing");
        }
        refuseDuplicate(draft);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into pairing (kind, helper_region, helper_institution_id, helped_region, helped_institution_id,
                                             since_year, note, version)
                        values (:kind, :hr, :hi, :dr, :di, :year, :note, 0)""")
                .params(params(draft)).update(keys, "id");
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(CooperationAudit.PAIRING, id, draft.state()));
        return id;
    }

    @Transactional
    public void update(long id, PairingForm form) {
        Pairing before = get(id);
        Pairing after = validate(id, form);
        Visibility.View view = visibility.forCaller();
        if (!view.canEdit(before) || !view.canEdit(after)) {
            throw new AccessDeniedException("cannot change pairing " + id);
        }
        refuseDuplicate(after);
        int changed = jdbc.sql("""
                        update pairing set kind = :kind, helper_region = :hr, helper_institution_id = :hi,
                               helped_region = :dr, helped_institution_id = :di, since_year = :year, note = :note,
                               version = version + 1
                        where id = :id and version = :version""")
                .params(params(after)).param("id", id).param("version", form.version()).update();
        if (changed == 0) {
            throw new ConcurrentEditException("pairing " + id);
        }
        events.publishEvent(RecordChanged.updated(CooperationAudit.PAIRING, id, before.state(), after.state()));
    }

    @Transactional
    public void delete(long id, int version) {
        Pairing before = get(id);
        if (!canEdit(before)) {
            throw new AccessDeniedException("cannot delete pairing " + id);
        }
        if (jdbc.sql("delete from pairing where id = :id and version = :v").param("id", id).param("v", version).update() == 0) {
            throw new ConcurrentEditException("pairing " + id);
        }
        events.publishEvent(RecordChanged.deleted(CooperationAudit.PAIRING, id, before.state()));
    }

    private Pairing validate(long id, PairingForm form) {
        if (form.kind() == null) {
            throw new InvalidInputException("kind", "field.required");
        }
        Party helper = side("helper", form.kind().helper, form.helperRegion(), form.helperInstitutionId());
        Party helped = side("helped", form.kind().helped, form.helpedRegion(), form.helpedInstitutionId());
        if (helper.equals(helped)) {
            throw new InvalidInputException("helped", "pairing.sameSides");
        }
        int thisYear = Year.now().getValue();
        if (form.sinceYear() == null) {
            throw new InvalidInputException("sinceYear", "field.required");
        }
        if (form.sinceYear() < FIRST_YEAR || form.sinceYear() > thisYear + 1) {
            throw new InvalidInputException("sinceYear", "pairing.year.range", FIRST_YEAR, thisYear + 1);
        }
        String note = Institutions.optional("note", form.note(), 1000);
        return new Pairing(id, form.kind(), helper, helped, form.sinceYear(), note, form.version());
    }

    private Party side(String field, PairingKind.Side rule, String region, Long institutionId) {
        if (rule.wantsRegion()) {
            if (region == null || region.isBlank()) {
                throw new InvalidInputException(field, "field.required");
            }
            RegionCode code = placeNames.read(field, region);
            if (code.level() != rule.level()) {
                throw new InvalidInputException(field, "pairing.side.level." + rule.level().name().toLowerCase(java.util.Locale.ROOT), code.value());
            }
            return Party.place(code);
        }
        if (institutionId == null) {
            throw new InvalidInputException(field, "field.required");
        }
        Institution inst = institutions.find(institutionId)
                .orElseThrow(() -> new InvalidInputException(field, "pairing.side.unknownInstitution", institutionId));
        if (!rule.accepts(inst.kind())) {
            throw new InvalidInputException(field, "pairing.side.kind", inst.nameZh());
        }
        return Party.institution(inst.id());
    }

    private void refuseDuplicate(Pairing p) {
        boolean exists = jdbc.sql(SELECT + " where kind = :kind and id <> :id").param("kind", p.kind().name()).param("id", p.id())
                .query(Pairings::map).list().stream()
                .anyMatch(o -> o.helper().equals(p.helper()) && o.helped().equals(p.helped()));
        if (exists) {
            throw new InvalidInputException("helped", "pairing.duplicate");
        }
    }

    private boolean involves(Party party, long institutionId) {
        return party.institutionId().map(i -> i == institutionId).orElse(false);
    }

    private boolean touches(Party party, RegionCode region, Map<Long, RegionCode> cache) {
        if (party.region().isPresent()) {
            RegionCode r = party.region().get();
            // a place's pairings are those of the place itself, of places inside it, and of places it lies in
            return region.covers(r) || r.covers(region);
        }
        long id = party.institutionId().orElseThrow();
        RegionCode r = cache.computeIfAbsent(id, k -> institutions.find(k).map(Institution::region).orElse(null));
        return r != null && region.covers(r);
    }

    private static Map<String, Object> params(Pairing p) {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", p.kind().name());
        m.put("hr", p.helper().region().map(RegionCode::value).orElse(null));
        m.put("hi", p.helper().institutionId().orElse(null));
        m.put("dr", p.helped().region().map(RegionCode::value).orElse(null));
        m.put("di", p.helped().institutionId().orElse(null));
        m.put("year", p.sinceYear());
        m.put("note", p.note());
        return m;
    }

    private static final String SELECT = """
            select id, kind, helper_region, helper_institution_id, helped_region, helped_institution_id, since_year, note, version
            from pairing""";

    private static Pairing map(ResultSet rs, int row) throws SQLException {
        return new Pairing(rs.getLong("id"), PairingKind.valueOf(rs.getString("kind")),
                party(rs.getString("helper_region"), rs.getObject("helper_institution_id")),
                party(rs.getString("helped_region"), rs.getObject("helped_institution_id")),
                rs.getInt("since_year"), rs.getString("note"), rs.getInt("version"));
    }

    private static Party party(String region, Object institution) {
        return region != null ? Party.place(new RegionCode(region)) : Party.institution(((Number) institution).longValue());
    }
}
