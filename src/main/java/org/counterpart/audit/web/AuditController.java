package org.counterpart.audit.web;

import org.counterpart.audit.AuditLog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Optional;

/** The audit log, newest first, with the result of verifying its chain. */
@Controller
class AuditController {

    private static final int PAGE_SIZE = 50;

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/audit")
    String list(@RequestParam(required = false) String kind, @RequestParam(required = false) String id,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Optional<String> k = Optional.ofNullable(kind).filter(s -> !s.isBlank());
        Optional<String> r = Optional.ofNullable(id).filter(s -> !s.isBlank());
        int p = Math.max(0, page);
        model.addAttribute("entries", log.recent(k, r, p * PAGE_SIZE, PAGE_SIZE));
        long total = log.count(k, r);
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("kind", k.orElse(""));
        model.addAttribute("id", r.orElse(""));
        model.addAttribute("verification", log.verify());
        return "audit/list";
    }
}
