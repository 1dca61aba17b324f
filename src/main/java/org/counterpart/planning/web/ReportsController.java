package org.counterpart.planning.web;

import org.counterpart.cooperation.Institutions;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.planning.MonthlyReport;
import org.counterpart.planning.MonthlyReports;
import org.counterpart.planning.ReportEvidence;
import org.counterpart.planning.OwnerUnit;
import org.counterpart.planning.Plan;
import org.counterpart.planning.Plans;
import org.counterpart.planning.ReportForm;
import org.counterpart.planning.ReportMonth;
import org.counterpart.planning.ReportSheet;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Period;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The monthly reports' pages: every unit's report of a month, and one report with its moves. */
@Controller
class ReportsController {

    private final MonthlyReports reports;
    private final ReportEvidence evidence;
    private final Plans plans;
    private final Regions regions;
    private final Institutions institutions;

    ReportsController(MonthlyReports reports, Plans plans, Regions regions, Institutions institutions, ReportEvidence evidence) {
        this.evidence = evidence;
        this.reports = reports;
        this.plans = plans;
        this.regions = regions;
        this.institutions = institutions;
    }

    @GetMapping("/plan/reports")
    String month(@RequestParam(required = false) Long plan, @RequestParam(required = false) Integer year,
                 @RequestParam(required = false) Integer month, Model model) {
        List<Plan> all = plans.plans();
        model.addAttribute("plans", all);
        if (all.isEmpty()) {
            return "reports/month";
        }
        Plan chosen = plan == null ? all.get(0) : plans.plan(plan);
        YearMonth last = YearMonth.now().minusMonths(1);
        int y = year != null ? year : chosen.covers(last.getYear()) ? last.getYear() : chosen.lastYear();
        int m = month != null ? month : y == last.getYear() ? last.getMonthValue() : 12;
        ReportMonth rm = reports.month(chosen.id(), y, m);
        model.addAttribute("plan", chosen);
        model.addAttribute("year", y);
        model.addAttribute("month", m);
        model.addAttribute("period", Period.month(y, m));
        model.addAttribute("rm", rm);
        Map<String, String> names = new HashMap<>();
        rm.rows().forEach(r -> names.put(r.unit().key(), name(r.unit())));
        model.addAttribute("names", names);
        return "reports/month";
    }

    /** Opens a unit's report of a month, made a draft the first time. */
    @PostMapping("/plan/reports/open")
    String open(@RequestParam long plan, @RequestParam String unit, @RequestParam int year, @RequestParam int month) {
        MonthlyReport r = reports.reportFor(OwnerUnit.parse(unit), plan, year, month);
        return "redirect:/plan/reports/" + r.id();
    }

    @GetMapping("/plan/reports/{id}")
    String report(@PathVariable long id, Model model) {
        ReportSheet sheet = reports.sheet(id);
        model.addAttribute("s", sheet);
        model.addAttribute("r", sheet.report());
        model.addAttribute("unitName", name(sheet.report().unit()));
        model.addAttribute("evidence", evidence.of(sheet.report().id()));
        Map<Long, String> evidenceFor = new HashMap<>();
        sheet.values().forEach(v -> evidenceFor.put(v.target().id(), v.task().seq() + ". " + v.task().indicator()));
        model.addAttribute("evidenceFor", evidenceFor);
        model.addAttribute("today", LocalDate.now());
        return "reports/report";
    }

    @PostMapping("/plan/reports/{id}/save")
    String save(@PathVariable long id, @RequestParam Map<String, String> params, RedirectAttributes redirect) {
        Map<Long, String> hand = new HashMap<>();
        Map<Long, String> notes = new HashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("hand.")) {
                hand.put(targetId(k.substring(5)), v);
            } else if (k.startsWith("note.")) {
                notes.put(targetId(k.substring(5)), v);
            }
        });
        int version = version(params.get("version"));
        return act(id, redirect, "saved", () -> reports.save(id, new ReportForm(hand, notes, params.get("progressNote"),
                params.get("nextMonthPlan"), version)));
    }

    @PostMapping("/plan/reports/{id}/evidence")
    String attach(@PathVariable long id, @RequestParam(required = false) String target,
                  @RequestParam(required = false) org.springframework.web.multipart.MultipartFile file, RedirectAttributes redirect) {
        return act(id, redirect, "attached", () -> {
            if (file == null || file.isEmpty()) {
                throw new org.counterpart.shared.InvalidInputException("file", "report.evidence.empty");
            }
            try (java.io.InputStream in = file.getInputStream()) {
                evidence.attach(id, targetId(target == null ? "" : target), file.getOriginalFilename(), in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @org.springframework.web.bind.annotation.GetMapping("/plan/reports/{id}/evidence/{evidenceId}")
    void evidence(@PathVariable long id, @PathVariable long evidenceId, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        ReportEvidence.Evidence e = evidence.open(id, evidenceId, body);
        response.setContentType("application/octet-stream");
        response.setHeader("Content-Disposition", org.springframework.http.ContentDisposition.attachment()
                .filename(e.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        body.writeTo(response.getOutputStream());
    }

    @PostMapping("/plan/reports/{id}/submit")
    String submit(@PathVariable long id, @RequestParam int version, RedirectAttributes redirect) {
        return act(id, redirect, "moved", () -> reports.submit(id, version));
    }

    @PostMapping("/plan/reports/{id}/approve")
    String approve(@PathVariable long id, @RequestParam int version, @RequestParam(required = false) String comment,
                   RedirectAttributes redirect) {
        return act(id, redirect, "moved", () -> reports.approve(id, version, comment));
    }

    @PostMapping("/plan/reports/{id}/return")
    String returnTo(@PathVariable long id, @RequestParam int version, @RequestParam(required = false) String reason,
                    RedirectAttributes redirect) {
        return act(id, redirect, "moved", () -> reports.returnTo(id, version, reason));
    }

    @PostMapping("/plan/reports/{id}/lock")
    String lock(@PathVariable long id, @RequestParam(required = false) String until, @RequestParam(required = false) String reason,
                RedirectAttributes redirect) {
        MonthlyReport r = reports.get(id);
        return act(id, redirect, "lockGranted", () -> reports.grantLockException(r.planId(), r.unit(), r.year(), r.month(), day(until), reason));
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable work) {
        try {
            work.run();
            redirect.addFlashAttribute(done, true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e);
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("conflict", true);
        }
        return "redirect:/plan/reports/" + id;
    }

    private static long targetId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("target", "report.value.notOfReport");
        }
    }

    private static int version(String raw) {
        try {
            return Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw new ConcurrentEditException("report without a version");
        }
    }

    private static LocalDate day(String raw) {
        try {
            return raw == null || raw.isBlank() ? null : LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("until", "report.lock.untilInvalid");
        }
    }

    private String name(OwnerUnit unit) {
        Optional<RegionCode> region = unit.region();
        if (region.isPresent()) {
            return regions.find(region.get()).map(r -> regions.name(region.get())).orElse(region.get().value());
        }
        return institutions.nameOf(unit.institutionId().orElseThrow()).orElseThrow(() -> new NotFoundException("institution"));
    }
}
