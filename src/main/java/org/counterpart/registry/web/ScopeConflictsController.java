package org.counterpart.registry.web;

import org.counterpart.registry.ScopeConflicts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Imports refused for naming a person registered outside the importer's scope, as each side may see them. */
@Controller
class ScopeConflictsController {

    private final ScopeConflicts conflicts;

    ScopeConflictsController(ScopeConflicts conflicts) {
        this.conflicts = conflicts;
    }

    @GetMapping("/registry/conflicts")
    String page(Model model) {
        model.addAttribute("conflicts", conflicts.forCaller());
        return "registry/conflicts";
    }
}
