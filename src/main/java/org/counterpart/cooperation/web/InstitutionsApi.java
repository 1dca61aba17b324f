package org.counterpart.cooperation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.cooperation.Institution;
import org.counterpart.cooperation.InstitutionKind;
import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Pairings;
import org.counterpart.cooperation.PartyNames;
import org.counterpart.cooperation.SocialCreditCode;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/**
 * The institutions the caller sees, as JSON: the same filters and the same scope as the institution
 * list (Institutions applies the visibility rule), and 403 for one outside the caller's view.
 */
@RestController
@RequestMapping(value = "/api/institutions", produces = "application/json")
@Tag(name = "Institutions", description = "The bodies that take part in the cooperation")
class InstitutionsApi {


    record InstitutionJson(long id, String nameZh, String nameEn, String kind, String regionCode, String regionName,
                           String creditCode, String note) {
    }

    record InstitutionDetail(long id, String nameZh, String nameEn, String kind, String regionCode, String regionName,
                             String creditCode, String note, List<PairingsApi.PairingJson> pairings) {
    }

    private final Institutions institutions;
    private final Pairings pairings;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final PartyNames names;

    InstitutionsApi(Institutions institutions, Pairings pairings, Regions regions, org.counterpart.identity.PlaceNames placeNames, PartyNames names) {
        this.institutions = institutions;
        this.pairings = pairings;
        this.regions = regions;
        this.placeNames = placeNames;
        this.names = names;
    }

    @GetMapping
    @Operation(operationId = "listInstitutions", summary = "The institutions the caller may see, filtered and paged",
            description = "The caller's own institutions first, then partners, each by place and name.")
    Page<InstitutionJson> list(@Parameter(description = "kind of institution") @RequestParam(required = false) InstitutionKind kind,
                               @Parameter(description = "division code: institutions in this place or below", example = "520201")
                               @RequestParam(required = false) String region,
                               @Parameter(description = "part of the Chinese or English name, or the exact credit code")
                               @RequestParam(required = false) String q,
                               @Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") int page,
                               @Parameter(description = "page size, 1–500") @RequestParam(defaultValue = "25") int size) {
        Page.checkRequest(page, size);
        Optional<RegionCode> rc = placeNames.readOptional("region", region);
        Institutions.Filter filter = new Institutions.Filter(Optional.ofNullable(kind), rc, Optional.ofNullable(q).filter(s -> !s.isBlank()));
        Page<Institution> found = institutions.search(filter, page, size);
        return new Page<>(found.items().stream().map(this::json).toList(), found.page(), found.size(), found.total());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getInstitution", summary = "One institution with its pairings", description = "403 when it lies outside the caller's view, 404 when there is none.")
    InstitutionDetail get(@PathVariable long id) {
        Institution i = institutions.get(id);
        List<PairingsApi.PairingJson> its = pairings.list(Optional.empty(), Optional.empty(), Optional.of(id)).stream()
                .map(p -> PairingsApi.json(p, names)).toList();
        return new InstitutionDetail(i.id(), i.nameZh(), i.nameEn(), i.kind().name(), i.region().value(), regions.fullName(i.region()),
                i.creditCode().map(SocialCreditCode::value).orElse(null), i.note(), its);
    }

    private InstitutionJson json(Institution i) {
        return new InstitutionJson(i.id(), i.nameZh(), i.nameEn(), i.kind().name(), i.region().value(), regions.fullName(i.region()),
                i.creditCode().map(SocialCreditCode::value).orElse(null), i.note());
    }
}
