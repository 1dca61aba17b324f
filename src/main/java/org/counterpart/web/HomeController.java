package org.counterpart.web;

import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Pairing;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.cooperation.PartyNames;
import org.counterpart.geography.Region;
import org.counterpart.registry.Households;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.List;
import java.util.Optional;

/** The first page after sign-in: the city pair, and what the system holds so far within the user's scope. */
@Controller
class HomeController {

    /** A city of a city–city pairing with the divisions below it, each count a link to the region page. */
    record CityFigures(Region city, long counties, long towns, long villages) {
    }

    record PairFigures(CityFigures helper, CityFigures helped, int sinceYear) {
    }

    private final Regions regions;
    private final Institutions institutions;
    private final Pairings pairings;
    private final PartyNames names;
    private final Households households;

    HomeController(Regions regions, Institutions institutions, Pairings pairings, PartyNames names, Households households) {
        this.households = households;
        this.regions = regions;
        this.institutions = institutions;
        this.pairings = pairings;
        this.names = names;
    }

    @GetMapping("/")
    String home(Model model) {
        List<PairFigures> pairs = pairings.list(Optional.of(PairingKind.CITY_CITY), Optional.empty(), Optional.empty())
                .stream().map(this::figures).toList();
        var byKind = institutions.countByKind();
        var pairingsByKind = pairings.countByKind();
        model.addAttribute("pairs", pairs);
        model.addAttribute("ownPairings", pairs.isEmpty()
                ? pairings.list(Optional.empty(), Optional.empty(), Optional.empty()).stream().limit(8).toList() : List.of());
        model.addAttribute("names", names);
        List<Integer> years = households.years();
        if (!years.isEmpty()) {
            model.addAttribute("registryYear", years.get(0));
            model.addAttribute("registryCounts", households.counts(years.get(0)));
        }
        model.addAttribute("institutionsByKind", byKind);
        model.addAttribute("institutionTotal", byKind.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("pairingsByKind", pairingsByKind);
        model.addAttribute("pairingTotal", pairingsByKind.values().stream().mapToLong(Long::longValue).sum());
        return "home";
    }

    private PairFigures figures(Pairing p) {
        return new PairFigures(city(p.helper().region().orElseThrow()), city(p.helped().region().orElseThrow()), p.sinceYear());
    }

    private CityFigures city(RegionCode code) {
        return new CityFigures(regions.get(code), regions.countBelow(code, RegionLevel.COUNTY),
                regions.countBelow(code, RegionLevel.TOWN), regions.countBelow(code, RegionLevel.VILLAGE));
    }
}
