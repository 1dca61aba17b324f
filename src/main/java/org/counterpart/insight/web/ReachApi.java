package org.counterpart.insight.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.insight.Reach;
import org.counterpart.insight.ReachFigures;
import org.counterpart.shared.Masking;
import org.counterpart.shared.Page;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reach and coverage as JSON, scoped like the pages: figures for any place the caller sees (403
 * otherwise), the gap with household numbers and masked ID numbers, names only where the caller's
 * region covers the village. Money is a string with two decimals; coverage a number from 0 to 1.
 */
@RestController
@RequestMapping(value = "/api/reach", produces = "application/json")
@Tag(name = "Reach", description = "Distinct registered poor people and households reached by the cooperation, coverage and the gap")
class ReachApi {


    record KindJson(String kind, String ledger, long people, long households, String money, String moneyPerPerson) {
    }

    /** A county under the place; {@code peopleByKind} by ledger code (FUND, INDUSTRY, LABOR, TRAINING, CONSUMPTION, SOCIAL). */
    record CountyJson(String county, String name, long registeredPeople, long registeredHouseholds, long reachedPeople,
                      long reachedHouseholds, BigDecimal coverage, String money, String moneyPerPerson, Map<String, Long> peopleByKind) {
    }

    /** Registered people by the number of measures that reached them. */
    record DistributionJson(long none, long one, long two, long threeOrMore) {
    }

    record ReachJson(String place, String placeName, int year, long registeredPeople, long registeredHouseholds, long reachedPeople,
                     long reachedHouseholds, long unreachedHouseholds, BigDecimal coverage, BigDecimal householdCoverage, String money,
                     String moneyPerPerson, List<KindJson> kinds, List<CountyJson> counties, DistributionJson distribution) {
    }

    record GapJson(long householdId, String householdNo, String villageCode, String villageName, int members, String status,
                   Long headPersonId, String headIdNumberMasked, String headName) {
    }

    record GapPersonJson(long personId, String idNumberMasked, String name, String relation, long householdId, String householdNo,
                         String villageCode, String villageName) {
    }

    private final Reach reach;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;

    ReachApi(Reach reach, Regions regions, org.counterpart.identity.PlaceNames placeNames) {
        this.placeNames = placeNames;
        this.reach = reach;
        this.regions = regions;
    }

    @GetMapping
    @Operation(operationId = "getReach", summary = "Reach and coverage of a place in a registry year",
            description = "Each person counts once however many measures reached them; a household counts as reached when any "
                    + "member was. Money is that of the measures placed in the place; per person it is divided by the people reached. "
                    + "403 when the place lies outside the caller's view.")
    ReachJson figures(@Parameter(description = "registry year; when absent, the latest year holding households in the places the caller reads", example = "2018")
                      @RequestParam(required = false) Integer year,
                      @Parameter(description = "a city or county code; the caller's own region when absent", example = "520201")
                      @RequestParam(required = false) String place) {
        int y = year(year);
        ReachFigures f = reach.figures(place(place, y), y);
        List<KindJson> kinds = f.kinds().stream().map(k -> new KindJson(k.ledger().code(), k.ledger().slug(), k.people(), k.households(),
                k.money().map(ReachApi::money).orElse(null), k.perPerson().map(ReachApi::money).orElse(null))).toList();
        List<CountyJson> counties = f.counties().stream().map(c -> new CountyJson(c.county().value(), regions.name(c.county()),
                c.registeredPeople(), c.registeredHouseholds(), c.reachedPeople(), c.reachedHouseholds(), c.coverage(), money(c.money()),
                money(c.perPerson()), byKind(c.peopleByKind()))).toList();
        var d = f.distribution();
        return new ReachJson(f.place().value(), regions.fullName(f.place()), f.year(), f.registeredPeople(), f.registeredHouseholds(),
                f.reachedPeople(), f.reachedHouseholds(), f.unreachedHouseholds(), f.coverage(), f.householdCoverage(), money(f.money()),
                money(f.perPerson()), kinds, counties, new DistributionJson(d.none(), d.one(), d.two(), d.threeOrMore()));
    }

    @GetMapping("/gap")
    @Operation(operationId = "listReachGap", summary = "Registered households of the year in the place with no member reached, paged",
            description = "Ordered by village and household number. ID numbers are masked; the head's name only where the caller's "
                    + "region covers the village (null otherwise).")
    Page<GapJson> gap(@Parameter(description = "registry year; when absent, the latest year holding households in the places the caller reads", example = "2018")
                      @RequestParam(required = false) Integer year,
                      @Parameter(description = "a city or county code; the caller's own region when absent", example = "520201")
                      @RequestParam(required = false) String place,
                      @Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") int page,
                      @Parameter(description = "page size, 1–500") @RequestParam(defaultValue = "50") int size) {
        Page.checkRequest(page, size);
        int y = year(year);
        Page<Reach.GapHousehold> found = reach.gap(place(place, y), y, page, size);
        return new Page<>(found.items().stream().map(g -> new GapJson(g.householdId(), g.householdNo(), g.village().value(),
                regions.fullName(g.village()), g.members(), g.status(), g.headPersonId().orElse(null),
                g.headMaskedId() == null ? null : Masking.idNumber(g.headMaskedId()), g.headName().orElse(null))).toList(),
                found.page(), found.size(), found.total());
    }

    @GetMapping("/gap/people")
    @Operation(operationId = "listReachPersonGap", summary = "Registered people of the year reached by nothing who live in reached households, paged",
            description = "Households by village and household number, in each the head first. ID numbers are masked; names only where "
                    + "the caller's region covers the village (null otherwise).")
    Page<GapPersonJson> personGap(@Parameter(description = "registry year; when absent, the latest year holding households in the places the caller reads", example = "2018")
                                  @RequestParam(required = false) Integer year,
                                  @Parameter(description = "a city or county code; the caller's own region when absent", example = "520201")
                                  @RequestParam(required = false) String place,
                                  @Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") int page,
                                  @Parameter(description = "page size, 1–500") @RequestParam(defaultValue = "50") int size) {
        Page.checkRequest(page, size);
        int y = year(year);
        Page<Reach.GapPerson> found = reach.personGap(place(place, y), y, page, size);
        return new Page<>(found.items().stream().map(g -> new GapPersonJson(g.personId(), Masking.idNumber(g.maskedId()), g.name().orElse(null),
                g.relation(), g.householdId(), g.householdNo(), g.village().value(), regions.fullName(g.village()))).toList(),
                found.page(), found.size(), found.total());
    }

    private static Map<String, Long> byKind(List<Long> people) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < Reach.KINDS.size(); i++) {
            out.put(Reach.KINDS.get(i).code(), people.get(i));
        }
        return out;
    }

    private int year(Integer year) {
        if (year != null) {
            return year;
        }
        return reach.defaultYear();
    }

    private RegionCode place(String place, int year) {
        Optional<String> given = Optional.ofNullable(place).map(String::strip).filter(s -> !s.isEmpty());
        if (given.isPresent()) {
            return placeNames.read("place", given.get());
        }
        return reach.defaultPlace(year).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "place is required: no city or county in your view holds registry data for " + year));
    }

    static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
