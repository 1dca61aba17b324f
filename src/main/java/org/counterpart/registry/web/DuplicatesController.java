package org.counterpart.registry.web;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.registry.Duplicates;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Optional;

/** Likely duplicates (疑似重复): pairs of persons with both households linked, confirmed or dismissed by a reviewer. */
@Controller
class DuplicatesController {

    static final int PAGE_SIZE = 50;

    private final Duplicates duplicates;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;

    DuplicatesController(Duplicates duplicates, Regions regions, org.counterpart.identity.PlaceNames placeNames) {
        this.duplicates = duplicates;
        this.regions = regions;
        this.placeNames = placeNames;
    }

    @GetMapping("/registry/duplicates")
    String page(@RequestParam(required = false) String decision, @RequestParam(required = false) String region,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Optional<Duplicates.Decision> shown = decision(decision);
        org.counterpart.identity.PlaceNames.Typed place = placeNames.typed("region", region);
        model.addAttribute("regionTyped", place);
        Optional<RegionCode> within = place.place();
        model.addAttribute("decision", shown.map(Enum::name).orElse(""));
        model.addAttribute("regionText", within.map(RegionCode::value).orElse(""));
        model.addAttribute("result", duplicates.pairs(shown, within, page, PAGE_SIZE));
        model.addAttribute("canDecide", duplicates.canDecide());
        return "registry/duplicates";
    }

    @PostMapping("/registry/duplicates/decide")
    String decide(@RequestParam long a, @RequestParam long b, @RequestParam(required = false) String decision,
                  @RequestParam(required = false) String note, @RequestParam(required = false) Integer version,
                  @RequestParam(required = false) String back, RedirectAttributes redirect) {
        try {
            duplicates.decide(a, b, decision(decision).orElse(null), note, Optional.ofNullable(version));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("decideError", e.messageKey());
            redirect.addFlashAttribute("decidePair", a + "/" + b);
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("conflict", true);
            redirect.addFlashAttribute("decidePair", a + "/" + b);
        }
        return "redirect:" + safeBack(back);
    }

    private static Optional<Duplicates.Decision> decision(String text) {
        return Optional.ofNullable(text).filter(t -> t.matches("CONFIRMED_DUPLICATE|DISMISSED")).map(Duplicates.Decision::valueOf);
    }

    private static String safeBack(String back) {
        if (back == null || !back.startsWith("/registry/duplicates") || back.startsWith("//")) {
            return "/registry/duplicates";
        }
        return UriComponentsBuilder.fromUriString(back).build().toUriString();
    }
}
