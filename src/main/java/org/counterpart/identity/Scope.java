package org.counterpart.identity;

import org.counterpart.geography.RegionCode;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a user's view of the data ends: a region and everything below it (the whole country for the
 * empty code), or one institution (an enterprise, a school, a hospital, a department).
 */
public record Scope(Optional<RegionCode> region, Optional<Long> institutionId) {

    public Scope {
        Objects.requireNonNull(region);
        Objects.requireNonNull(institutionId);
        if (region.isPresent() == institutionId.isPresent()) {
            throw new IllegalArgumentException("A scope is either a region or an institution");
        }
    }

    public static Scope of(RegionCode region) {
        return new Scope(Optional.of(region), Optional.empty());
    }

    public static Scope ofInstitution(long institutionId) {
        return new Scope(Optional.empty(), Optional.of(institutionId));
    }

    public static Scope nation() {
        return of(RegionCode.NATION);
    }

    /** True when this is a region scope that contains the given place. */
    public boolean covers(RegionCode place) {
        return region.map(r -> r.covers(place)).orElse(false);
    }

    public boolean isInstitution(long id) {
        return institutionId.map(i -> i == id).orElse(false);
    }

    public boolean isNation() {
        return region.map(r -> r.equals(RegionCode.NATION)).orElse(false);
    }
}
