package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.registry.GrantedPlaces;
import org.springframework.stereotype.Component;

import java.util.List;

/** The places a caller's pairings grant ({@link Visibility.View#partnerPlaces()}), for the registry's aggregates. */
@Component
class PairedPlaces implements GrantedPlaces {

    private final Visibility visibility;

    PairedPlaces(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public List<RegionCode> ofCaller() {
        return visibility.forCaller().partnerPlaces();
    }
}
