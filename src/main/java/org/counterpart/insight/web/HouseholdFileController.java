package org.counterpart.insight.web;

import org.counterpart.geography.Regions;
import org.counterpart.insight.HouseholdFiles;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The household's file (一户一档): facts, members and every measure that reached it, year by year; prints as a one-page card. */
@Controller
class HouseholdFileController {

    private final HouseholdFiles files;
    private final Regions regions;

    HouseholdFileController(HouseholdFiles files, Regions regions) {
        this.files = files;
        this.regions = regions;
    }

    @GetMapping("/reach/households/{id}")
    String file(@PathVariable long id, Model model) {
        HouseholdFiles.HouseholdFile file = files.file(id);
        model.addAttribute("file", file);
        model.addAttribute("villageName", regions.fullName(file.household().village()));
        model.addAttribute("printedOn", java.time.LocalDate.now());
        return "reach/household";
    }
}
