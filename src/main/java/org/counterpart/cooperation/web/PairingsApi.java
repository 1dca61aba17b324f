package org.counterpart.cooperation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.cooperation.Pairing;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.cooperation.Party;
import org.counterpart.cooperation.PartyNames;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/** The pairings the caller sees, as JSON: the same rule as the pairings page (Pairings applies it). */
@RestController
@Tag(name = "Pairings", description = "Who helps whom: city–city, district–county, town–village, enterprise–village, school–school…")
class PairingsApi {

    /** One side of a pairing: a place (regionCode) or an institution (institutionId), with its name. */
    record PartyJson(String regionCode, Long institutionId, String name) {
    }

    record PairingJson(long id, String kind, PartyJson helper, PartyJson helped, int sinceYear, String note) {
    }

    private final Pairings pairings;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final PartyNames names;

    PairingsApi(Pairings pairings, Regions regions, org.counterpart.identity.PlaceNames placeNames, PartyNames names) {
        this.placeNames = placeNames;
        this.pairings = pairings;
        this.regions = regions;
        this.names = names;
    }

    @GetMapping(value = "/api/pairings", produces = "application/json")
    @Operation(operationId = "listPairings", summary = "The pairings the caller may see, optionally of one kind or touching one region",
            description = "A region scope sees every pairing with a side inside it; an institution scope its own pairings.")
    List<PairingJson> list(@Parameter(description = "kind of pairing") @RequestParam(required = false) PairingKind kind,
                           @Parameter(description = "division code: pairings of this place, of places inside it and of places it lies in",
                                   example = "520201")
                           @RequestParam(required = false) String region) {
        Optional<RegionCode> rc = placeNames.readOptional("region", region);
        return pairings.list(Optional.ofNullable(kind), rc, Optional.empty()).stream().map(p -> json(p, names)).toList();
    }

    static PairingJson json(Pairing p, PartyNames names) {
        return new PairingJson(p.id(), p.kind().name(), party(p.helper(), names), party(p.helped(), names), p.sinceYear(), p.note());
    }

    private static PartyJson party(Party party, PartyNames names) {
        return new PartyJson(party.region().map(RegionCode::value).orElse(null), party.institutionId().orElse(null), names.of(party));
    }
}
