package org.counterpart.geography.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.geography.Region;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.geography.UnknownRegionException;
import org.counterpart.shared.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * The division tree as JSON. Division codes are public reference data, so, as on the places pages,
 * every signed-in user may read the whole tree.
 */
@RestController
@RequestMapping(value = "/api/regions", produces = "application/json")
@Tag(name = "Regions", description = "The division tree: province, city, county, town, village")
class RegionsApi {

    static final int MAX_RESULTS = 500;

    /** A division in a list. */
    record RegionSummary(String code, String name, String level, boolean hasChildren) {
    }

    /** A division with the chain above it and the divisions directly below it. */
    record RegionDetail(String code, String name, String fullName, String level, String parentCode,
                        List<RegionSummary> path, List<RegionSummary> children) {
    }

    private final Regions regions;

    RegionsApi(Regions regions) {
        this.regions = regions;
    }

    @GetMapping("/{code}")
    @Operation(operationId = "getRegion", summary = "One division with its path from the province and its children",
            description = "400 for a malformed code, 404 for a well-formed code that names no division.")
    RegionDetail region(@Parameter(description = "division code of 2, 4, 6, 9 or 12 digits", example = "520201")
                        @PathVariable String code) {
        RegionCode rc;
        try {
            rc = regions.code(code);
        } catch (UnknownRegionException e) {
            throw new NotFoundException("region " + code);
        }
        if (rc.level() == RegionLevel.NATION) {
            throw new NotFoundException("region " + code);
        }
        Region region = regions.get(rc);
        return new RegionDetail(rc.value(), region.name(), regions.fullName(rc), region.level().name(),
                region.parent().map(RegionCode::value).filter(p -> !p.isEmpty()).orElse(null),
                regions.path(rc).stream().map(this::summary).toList(),
                regions.children(rc).stream().map(this::summary).toList());
    }

    @GetMapping
    @Operation(operationId = "searchRegions", summary = "Find divisions by the start of their code or any part of their name",
            description = "Shallow levels first. Without q, the provinces.")
    List<RegionSummary> search(@Parameter(description = "digits: the start of a code; otherwise part of a name", example = "钟山")
                               @RequestParam(required = false) String q,
                               @Parameter(description = "at most this many results (1–500)")
                               @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_RESULTS);
        }
        List<Region> found = q == null || q.isBlank() ? regions.provinces() : regions.search(q, limit);
        return found.stream().limit(limit).map(this::summary).toList();
    }

    private RegionSummary summary(Region r) {
        return new RegionSummary(r.code().value(), r.name(), r.level().name(), !regions.children(r.code()).isEmpty());
    }
}
