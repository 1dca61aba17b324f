package org.counterpart.registry.web;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.registry.CrossCheckKind;
import org.counterpart.registry.CrossChecks;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Cross-checks (数据比对): upload another department's list, see the lists, and review the flags
 * they raised on households of the caller's scope.
 */
@Controller
class CrossChecksController {

    static final int PAGE_SIZE = 50;

    private final CrossChecks crossChecks;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;

    CrossChecksController(CrossChecks crossChecks, Regions regions, org.counterpart.identity.PlaceNames placeNames) {
        this.crossChecks = crossChecks;
        this.regions = regions;
        this.placeNames = placeNames;
    }

    @GetMapping("/registry/crosschecks")
    String page(@RequestParam(required = false) String status, @RequestParam(required = false) Long list,
                @RequestParam(required = false) String kind, @RequestParam(required = false) String region,
                @RequestParam(required = false) String no, @RequestParam(defaultValue = "0") int page, Model model) {
        org.counterpart.identity.PlaceNames.Typed place = placeNames.typed("region", region);
        model.addAttribute("regionTyped", place);
        CrossChecks.FlagFilter filter = new CrossChecks.FlagFilter(blank(status).filter(s -> s.matches("OPEN|CONFIRMED|DISMISSED")),
                Optional.ofNullable(list), blank(kind).flatMap(CrossChecksController::kind),
                place.place(), blank(no));
        model.addAttribute("f", filter);
        model.addAttribute("regionText", filter.region().map(RegionCode::value).orElse(""));
        model.addAttribute("result", crossChecks.flags(filter, page, PAGE_SIZE));
        model.addAttribute("lists", crossChecks.lists(50));
        model.addAttribute("kinds", CrossCheckKind.values());
        model.addAttribute("canImport", crossChecks.canImport());
        model.addAttribute("canReview", crossChecks.canReview());
        return "registry/crosschecks";
    }

    @PostMapping("/registry/crosschecks")
    String upload(@RequestParam("file") MultipartFile upload, @RequestParam(required = false) String kind,
                  @RequestParam(required = false) String otherName, Model model) throws IOException {
        if (!crossChecks.canImport()) {
            throw new AccessDeniedException("cross-check lists are imported by administrators and coordinators");
        }
        Optional<CrossCheckKind> listKind = blank(kind).flatMap(CrossChecksController::kind);
        if (upload.isEmpty() || upload.getOriginalFilename() == null || listKind.isEmpty()) {
            model.addAttribute("uploadError", listKind.isEmpty() ? "crosscheck.kind.required" : "import.file.empty");
            return page(null, null, null, null, null, 0, model);
        }
        Path temp = Files.createTempFile("counterpart-crosscheck-", ".upload");
        try {
            upload.transferTo(temp);
            model.addAttribute("result", crossChecks.importList(temp, org.counterpart.shared.Uploads.displayName(upload.getOriginalFilename(), "list.csv"),
                    listKind.get(), otherName));
            return "registry/crosscheck-result";
        } catch (InvalidInputException e) {
            model.addAttribute("uploadError", e.messageKey());
            return page(null, null, null, null, null, 0, model);
        } finally {
            // the list holds plain ID numbers: only hashes and masked forms are kept, never the file
            Files.deleteIfExists(temp);
        }
    }

    @PostMapping("/registry/crosschecks/flags/{id}/review")
    String review(@PathVariable long id, @RequestParam(required = false) String outcome, @RequestParam(required = false) String note,
                  @RequestParam int version, @RequestParam(required = false) String back, RedirectAttributes redirect) {
        try {
            CrossChecks.Outcome decided = blank(outcome).filter(o -> o.matches("CONFIRMED|DISMISSED")).map(CrossChecks.Outcome::valueOf)
                    .orElse(null);
            crossChecks.review(id, decided, note, version);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("reviewError", e.messageKey());
            redirect.addFlashAttribute("reviewFlag", id);
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("conflict", true);
            redirect.addFlashAttribute("reviewFlag", id);
        }
        return "redirect:" + safeBack(back);
    }

    /** Back to the filtered list the reviewer came from, never to another site. */
    private static String safeBack(String back) {
        if (back == null || !back.startsWith("/registry/crosschecks") || back.startsWith("//")) {
            return "/registry/crosschecks";
        }
        return UriComponentsBuilder.fromUriString(back).build().toUriString();
    }

    private static Optional<CrossCheckKind> kind(String text) {
        return Arrays.stream(CrossCheckKind.values()).filter(k -> k.name().equals(text)).findFirst();
    }

    private static Optional<String> blank(String s) {
        return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty());
    }
}
