package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;

import java.util.Optional;

/** One side of a pairing: a place (a city, a county, a town, a village) or an institution. */
public record Party(Optional<RegionCode> region, Optional<Long> institutionId) {

    public Party {
        if (region.isPresent() == institutionId.isPresent()) {
            throw new IllegalArgumentException("a party is a region or an institution");
        }
    }

    public static Party place(RegionCode code) {
        return new Party(Optional.of(code), Optional.empty());
    }

    public static Party institution(long id) {
        return new Party(Optional.empty(), Optional.of(id));
    }
}
