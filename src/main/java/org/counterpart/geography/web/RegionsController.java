package org.counterpart.geography.web;

import org.counterpart.geography.Region;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/**
 * Browsing the division tree and finding a place by code or by any part of its name. Division codes
 * are public reference data, so every signed-in user may browse the whole tree; what is recorded
 * about a place is scoped by the modules that record it.
 */
@Controller
class RegionsController {

    /** A division with how many towns and villages lie below it, for the tables. */
    record Row(Region region, long towns, long villages, boolean hasChildren) {
    }

    private static final List<String> PAIRED_CITIES = List.of("2102", "5202");

    private final Regions regions;

    RegionsController(Regions regions) {
        this.regions = regions;
    }

    @GetMapping("/regions")
    String index(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("provinces", regions.provinces());
        model.addAttribute("featured", PAIRED_CITIES.stream().map(c -> row(regions.get(new RegionCode(c)))).toList());
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("results", q == null ? List.of() : searchRows(q));
        model.addAttribute("total", regions.size());
        return "regions/index";
    }

    @GetMapping(value = "/regions/search", headers = "HX-Request")
    String searchFragment(@RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("results", searchRows(q));
        return "regions/index :: results";
    }

    @GetMapping("/regions/{code}")
    String detail(@PathVariable String code, Model model) {
        RegionCode rc = existing(code);
        Region region = regions.get(rc);
        model.addAttribute("region", region);
        model.addAttribute("path", regions.path(rc));
        model.addAttribute("children", regions.children(rc).stream().map(this::row).toList());
        model.addAttribute("towns", regions.countBelow(rc, RegionLevel.TOWN));
        model.addAttribute("villages", regions.countBelow(rc, RegionLevel.VILLAGE));
        return "regions/detail";
    }

    /** The children of one node of the tree, as list items for htmx to insert. */
    @GetMapping("/regions/{code}/children")
    String children(@PathVariable String code, @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        RegionCode rc = "0".equals(code) ? RegionCode.NATION : existing(code);
        if (htmx == null) {
            return "redirect:/regions/" + rc.value();
        }
        model.addAttribute("nodes", regions.children(rc));
        return "regions/index :: nodes";
    }

    private List<Row> searchRows(String q) {
        return regions.search(q, 50).stream().map(this::row).toList();
    }

    private Row row(Region r) {
        boolean leaf = r.level() == RegionLevel.VILLAGE;
        boolean aboveTowns = r.level().ordinal() < RegionLevel.TOWN.ordinal();
        return new Row(r, aboveTowns ? regions.countBelow(r.code(), RegionLevel.TOWN) : 0,
                leaf ? 0 : regions.countBelow(r.code(), RegionLevel.VILLAGE), !regions.children(r.code()).isEmpty());
    }

    private RegionCode existing(String code) {
        try {
            return regions.code(code);
        } catch (InvalidInputException e) {
            throw new NotFoundException("region " + code);
        }
    }
}
