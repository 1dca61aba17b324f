package org.counterpart.identity.web;

import org.counterpart.identity.PlaceNames;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The suggestions a place field offers while someone types (static/js/places.js): names and codes, the
 * places of the user's own scope first. Division names and codes are public reference data.
 */
@RestController
class PlacesController {

    private final PlaceNames places;

    PlacesController(PlaceNames places) {
        this.places = places;
    }

    @GetMapping(value = "/places/suggest", produces = MediaType.APPLICATION_JSON_VALUE)
    List<PlaceNames.Suggestion> suggest(@RequestParam(defaultValue = "") String q) {
        return q.length() > 40 ? List.of() : places.suggest(q, 12);
    }
}
