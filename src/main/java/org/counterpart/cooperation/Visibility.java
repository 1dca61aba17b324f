package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what the caller may see and change. A region scope sees its own places and institutions,
 * every pairing with a side inside it, and the institutions on the far side of those pairings or
 * located in a place on the far side (a county knows who helps it; a city's office knows its partner
 * city's bodies). An institution scope sees itself and its pairings. Read once per request and never
 * kept longer: the pairing and institution tables are small, and a stale answer here would be a leak.
 */
@Component
class Visibility {

    private final JdbcClient jdbc;

    Visibility(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** No institution has this id: the scope of a call without a user outside the system's own work. */
    private static final long NOBODY = -1;

    View forCaller() {
        Optional<CurrentUser> user = CurrentUser.get();
        if (user.isEmpty()) {
            // the system itself sees everything; a call with nobody behind it sees nothing and may change nothing
            return CurrentUser.isSystem() ? new View(null, null, Map.of(), List.of())
                    : new View(Scope.ofInstitution(NOBODY), Role.VIEWER, Map.of(), List.of());
        }
        // a page asks several times (the record, its pairings, whether it may be edited): read once per request
        var request = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (request != null) {
            Object cached = request.getAttribute(View.class.getName(), org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
            if (cached instanceof View view) {
                return view;
            }
            View view = read(user.get());
            request.setAttribute(View.class.getName(), view, org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
            return view;
        }
        return read(user.get());
    }

    private View read(CurrentUser user) {
        Map<Long, RegionCode> regions = new HashMap<>();
        jdbc.sql("select id, region_code from institution")
                .query(rs -> {
                    regions.put(rs.getLong(1), new RegionCode(rs.getString(2)));
                });
        List<Party[]> links = jdbc.sql("""
                        select helper_region, helper_institution_id, helped_region, helped_institution_id from pairing""")
                .query((rs, i) -> new Party[]{party(rs.getString(1), rs.getObject(2)), party(rs.getString(3), rs.getObject(4))})
                .list();
        return new View(user.scope(), user.role(), regions, links);
    }

    private static Party party(String region, Object institution) {
        return region != null ? Party.place(new RegionCode(region)) : Party.institution(((Number) institution).longValue());
    }

    /** The caller's view; a null scope is the system itself, which sees and changes everything. */
    static final class View {
        private final Scope scope;
        private final Role role;
        private final Map<Long, RegionCode> institutionRegions;
        private final List<Party[]> links;

        View(Scope scope, Role role, Map<Long, RegionCode> institutionRegions, List<Party[]> links) {
            this.scope = scope;
            this.role = role;
            this.institutionRegions = institutionRegions;
            this.links = links;
        }

        boolean within(Party party) {
            if (scope == null || scope.isNation()) {
                return true;
            }
            if (party.region().isPresent()) {
                return scope.covers(party.region().get());
            }
            long id = party.institutionId().orElseThrow();
            RegionCode region = institutionRegions.get(id);
            return scope.isInstitution(id) || (region != null && scope.covers(region));
        }

        boolean sees(Institution institution) {
            Party self = Party.institution(institution.id());
            if (scope == null || scope.isNation() || scope.covers(institution.region()) || scope.isInstitution(institution.id())) {
                return true;
            }
            for (Party[] link : links) {
                if (partnerOf(self, institution.region(), link[0], link[1]) || partnerOf(self, institution.region(), link[1], link[0])) {
                    return true;
                }
            }
            return false;
        }

        /**
         * True when {@code far} is this institution, or a place it lies in, and {@code near} is within
         * scope: a county sees who helps it, and a city's office sees the bodies of its partner city.
         */
        private boolean partnerOf(Party self, RegionCode located, Party far, Party near) {
            boolean isFar = far.equals(self) || far.region().map(r -> r.covers(located)).orElse(false);
            return isFar && within(near);
        }

        /** Lies in the caller's own region, or is the caller's institution. */
        boolean isOwn(Institution institution) {
            return scope == null || scope.covers(institution.region()) || scope.isInstitution(institution.id());
        }

        boolean sees(Pairing pairing) {
            return within(pairing.helper()) || within(pairing.helped());
        }

        /** The system itself or a nation-wide scope: no condition on places. */
        boolean unlimited() {
            return scope == null || scope.isNation();
        }

        Scope scope() {
            return scope;
        }

        /**
         * The places on the far side of the caller's pairings (the counties a Dalian district helps,
         * the district that helps a county): ledger records placed there concern the caller too.
         */
        List<RegionCode> partnerPlaces() {
            if (partnerPlaces == null) {
                partnerPlaces = farSides();
            }
            return partnerPlaces;
        }

        /** Read once per view: a page asks for every row and county it shows. */
        private List<RegionCode> partnerPlaces;

        /**
         * A pairing grants what it is about, not everything under its far side (issue 11): a far side
         * that is a place is granted when it is no broader than the near side (city and city, district
         * and county, town and village, an enterprise and a village), never a whole city to a county
         * paired with it; a far side that is an institution grants its own records
         * ({@link #partnerInstitutions()}), not the place it sits in.
         */
        private List<RegionCode> farSides() {
            List<RegionCode> far = new java.util.ArrayList<>();
            for (Party[] link : links) {
                for (int side = 0; side < 2; side++) {
                    Party near = link[side];
                    Party other = link[1 - side];
                    if (within(near) && !within(other) && other.region().isPresent()) {
                        Optional<RegionCode> nearPlace = near.region().or(() -> near.institutionId().map(institutionRegions::get));
                        RegionCode farPlace = other.region().get();
                        if (nearPlace.isPresent() && farPlace.value().length() >= nearPlace.get().value().length()) {
                            far.add(farPlace);
                        }
                    }
                }
            }
            return far.stream().distinct().toList();
        }

        /** The institutions on the far side of the caller's pairings: their own records concern the caller. */
        List<Long> partnerInstitutions() {
            List<Long> far = new java.util.ArrayList<>();
            for (Party[] link : links) {
                for (int side = 0; side < 2; side++) {
                    if (within(link[side]) && !within(link[1 - side])) {
                        link[1 - side].institutionId().ifPresent(far::add);
                    }
                }
            }
            return far.stream().distinct().toList();
        }

        /** Sees records about this place: its own region, or a place of its pairings. */
        boolean seesPlace(RegionCode place) {
            if (unlimited() || scope.covers(place)) {
                return true;
            }
            return partnerPlaces().stream().anyMatch(p -> p.covers(place));
        }

        /**
         * May record or change a ledger record of this recording side and place: administrators
         * anything; coordinators and reporters their own side's records placed where they may read
         * (their region or a place of their pairings: writes are held to scope as reads are, issue 11);
         * coordinators also records placed in their region (the helped side correcting what reached its people).
         */
        boolean canRecord(Party owner, RegionCode place) {
            if (scope == null || role == Role.ADMINISTRATOR) {
                return true;
            }
            if (role != Role.COORDINATOR && role != Role.REPORTER) {
                return false;
            }
            return (within(owner) && seesPlace(place)) || (role == Role.COORDINATOR && scope.covers(place));
        }

        /** Administrators change anything; coordinators what lies in their region scope. */
        boolean canEdit(RegionCode region) {
            if (scope == null || role == Role.ADMINISTRATOR) {
                return true;
            }
            return role == Role.COORDINATOR && scope.covers(region);
        }

        boolean canEdit(Pairing pairing) {
            if (scope == null || role == Role.ADMINISTRATOR) {
                return true;
            }
            return role == Role.COORDINATOR && scope.region().isPresent() && (within(pairing.helper()) || within(pairing.helped()));
        }
    }
}
