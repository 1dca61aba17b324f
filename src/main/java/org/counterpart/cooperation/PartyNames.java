package org.counterpart.cooperation;

import org.counterpart.geography.Regions;
import org.springframework.stereotype.Component;

/**
 * Names the sides of pairings on pages: a place by its full name, an institution by its name.
 * Used from templates as {@code names}.
 */
@Component
public class PartyNames {

    private final Regions regions;
    private final Institutions institutions;

    PartyNames(Regions regions, Institutions institutions) {
        this.regions = regions;
        this.institutions = institutions;
    }

    public String of(Party party) {
        if (party.region().isPresent()) {
            return regions.fullName(party.region().get());
        }
        long id = party.institutionId().orElseThrow();
        return institutions.nameOf(id).orElse("#" + id);
    }

    public String shortName(Party party) {
        if (party.region().isPresent()) {
            return regions.name(party.region().get());
        }
        long id = party.institutionId().orElseThrow();
        return institutions.nameOf(id).orElse("#" + id);
    }

    /** The page of this side: the region page, or the institution page. */
    public String link(Party party) {
        return party.region().map(r -> "/regions/" + r.value())
                .orElseGet(() -> "/institutions/" + party.institutionId().orElseThrow());
    }

    /** A place by its own name with its parent's for counties and below, e.g. 六盘水市 盘州市. */
    public String shortPlace(org.counterpart.geography.RegionCode code) {
        String own = regions.name(code);
        return code.parent().filter(p -> p.value().length() >= 4).map(p -> regions.name(p) + " " + own).orElse(own);
    }

    /** A place's full name from its code as text. */
    public String place(String code) {
        return code == null ? "" : regions.fullName(new org.counterpart.geography.RegionCode(code));
    }

    public String region(org.counterpart.geography.RegionCode code) {
        return regions.fullName(code);
    }

}
