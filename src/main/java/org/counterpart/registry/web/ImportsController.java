package org.counterpart.registry.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.identity.CurrentUser;
import org.counterpart.registry.CodeMappings;
import org.counterpart.registry.CodeTables;
import org.counterpart.registry.ImportJobs;
import org.counterpart.registry.RegistryImport;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Jobs;
import org.counterpart.shared.ProblemsXlsx;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Importing the registry from a file: upload for a dry run, read the report, then apply. The report
 * of refused rows can be downloaded as XLSX to correct the file where it came from.
 */
@Controller
class ImportsController {

    private final RegistryImport imports;
    private final ImportJobs jobs;
    private final CodeMappings mappings;
    private final CodeTables codes;
    private final ProblemsXlsx problemsXlsx;
    private final org.counterpart.registry.RegistryTemplate template;

    private final org.springframework.context.MessageSource messages;

    ImportsController(RegistryImport imports, ImportJobs jobs, CodeMappings mappings, CodeTables codes,
                      ProblemsXlsx problemsXlsx, org.counterpart.registry.RegistryTemplate template,
                      org.springframework.context.MessageSource messages) {
        this.template = template;
        this.messages = messages;
        this.problemsXlsx = problemsXlsx;
        this.jobs = jobs;
        this.mappings = mappings;
        this.codes = codes;
        this.imports = imports;
    }

    @GetMapping("/registry/imports")
    String page(Model model) {
        requireImporter();
        model.addAttribute("runs", imports.recentRuns(20));
        return "registry/imports";
    }

    /** The import's template: the national export's columns, drop-down lists of code values, each field explained. */
    @GetMapping("/registry/imports/template.xlsx")
    void template(HttpServletResponse response) throws IOException {
        requireImporter();
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"registry-template.xlsx\"");
        template.write(response.getOutputStream(), LocaleContextHolder.getLocale());
    }

    @PostMapping("/registry/imports")
    String check(@RequestParam("file") MultipartFile upload, @RequestParam(required = false) Integer year, Model model) throws IOException {
        requireImporter();
        if (upload.isEmpty() || upload.getOriginalFilename() == null) {
            model.addAttribute("uploadError", "import.file.empty");
            return page(model);
        }
        Path temp = imports.temporaryUpload();
        upload.transferTo(temp);
        // the job deletes the temporary file when it ends; the import keeps its own copy with the run
        String job = jobs.start(temp, org.counterpart.shared.Uploads.displayName(upload.getOriginalFilename(), "upload.csv"),
                new RegistryImport.Options(true, year == null ? OptionalInt.empty() : OptionalInt.of(year)));
        return "redirect:/registry/imports/jobs/" + job;
    }

    /** The page that follows a running job; once it is done the reader goes to the result. */
    @GetMapping("/registry/imports/jobs/{job}")
    String job(@PathVariable String job, Model model) {
        Jobs.View view = jobs.view(job);
        if (view.finished() && view.outcomeId().isPresent()) {
            return "redirect:/registry/imports/" + view.outcomeId().get();
        }
        jobModel(view, model);
        return "registry/import-job";
    }

    /** The progress fragment htmx polls; when the job is done it sends the browser to the result. */
    @GetMapping(value = "/registry/imports/jobs/{job}/progress", headers = "HX-Request")
    String progress(@PathVariable String job, Model model, HttpServletResponse response) {
        Jobs.View view = jobs.view(job);
        if (view.finished() && view.outcomeId().isPresent()) {
            response.setHeader("HX-Redirect", "/registry/imports/" + view.outcomeId().get());
        }
        jobModel(view, model);
        return "shared/job :: progress";
    }

    @GetMapping("/registry/imports/{id}")
    String result(@PathVariable long id, @RequestParam(required = false) String no, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("result", imports.result(id));
        java.util.Optional<String> household = java.util.Optional.ofNullable(no).map(String::strip).filter(s -> !s.isEmpty());
        model.addAttribute("changes", imports.changes(id, household, page, CHANGES_PAGE));
        model.addAttribute("changeNo", household.orElse(""));
        List<org.counterpart.registry.UnknownValue> unknown = mappings.unknownValues(id);
        model.addAttribute("unknownOpen", unknown.stream().filter(u -> !u.resolved()).count());
        model.addAttribute("unknownRows", unknown.stream().filter(u -> !u.resolved()).mapToInt(org.counterpart.registry.UnknownValue::rows).sum());
        model.addAttribute("unknownResolved", unknown.stream().filter(org.counterpart.registry.UnknownValue::resolved).count());
        return "registry/import-result";
    }

    /**
     * The values of a dry run's code columns that no table knew, grouped per column; a coordinator maps
     * each to a code or adds it, once, and checks the file again.
     */
    @GetMapping("/registry/imports/{id}/codes")
    String unknownCodes(@PathVariable long id, Model model) {
        model.addAttribute("run", mappings.run(id));
        List<org.counterpart.registry.UnknownValue> values = mappings.unknownValues(id);
        model.addAttribute("values", values);
        model.addAttribute("mayMap", mappings.mayMap());
        model.addAttribute("open", values.stream().filter(u -> !u.resolved()).count());
        model.addAttribute("openRows", values.stream().filter(u -> !u.resolved()).mapToInt(org.counterpart.registry.UnknownValue::rows).sum());
        CurrentUser me = CurrentUser.require();
        model.addAttribute("mayRecheck", me.is(org.counterpart.identity.Role.ADMINISTRATOR) || me.getUsername().equals(mappings.run(id).actor()));
        java.util.Map<String, List<CodeTables.Item>> choices = new java.util.TreeMap<>();
        values.forEach(u -> choices.computeIfAbsent(u.table(), codes::items));
        model.addAttribute("choices", choices);
        return "registry/import-codes";
    }

    @PostMapping("/registry/imports/{id}/codes/map")
    String mapCode(@PathVariable long id, @RequestParam String table, @RequestParam String value,
                   @RequestParam(required = false) String code, RedirectAttributes redirect) {
        try {
            mappings.map(id, table, value, code);
            redirect.addFlashAttribute("done", "codes.mapped");
            redirect.addFlashAttribute("doneArgs", new Object[]{value, code});
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e.messageKey());
            redirect.addFlashAttribute("refusalArgs", e.arguments());
        }
        return "redirect:/registry/imports/" + id + "/codes";
    }

    @PostMapping("/registry/imports/{id}/codes/add")
    String addCode(@PathVariable long id, @RequestParam String table, @RequestParam String value,
                   @RequestParam(required = false) String labelEn, RedirectAttributes redirect) {
        try {
            mappings.add(id, table, value, labelEn);
            redirect.addFlashAttribute("done", "codes.added");
            redirect.addFlashAttribute("doneArgs", new Object[]{value});
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e.messageKey());
            redirect.addFlashAttribute("refusalArgs", e.arguments());
        }
        return "redirect:/registry/imports/" + id + "/codes";
    }

    /** Checks the file of a dry run again, as a new dry run, so the rows held back by mapped values pass. */
    @PostMapping("/registry/imports/{id}/recheck")
    String recheck(@PathVariable long id, Model model) {
        return step(id, model, ImportsController::isChecked, "import.notACheckedRun", jobs::startRecheck);
    }

    /** Runs the file of a run that stopped before it was done (the server was stopped, or it failed) again. */
    @PostMapping("/registry/imports/{id}/again")
    String runAgain(@PathVariable long id, Model model) {
        return step(id, model, run -> org.counterpart.shared.ImportRunState.of(run.status()).mayRunAgain(),
                "import.notInterrupted", jobs::startRunAgain);
    }

    @PostMapping("/registry/imports/{id}/apply")
    String apply(@PathVariable long id, Model model) {
        return step(id, model, ImportsController::isChecked, "import.notACheckedRun", jobs::startApply);
    }

    private static boolean isChecked(RegistryImport.Run run) {
        return run.dryRun() && "checked".equals(run.status());
    }

    /** A next step of a run (check again, apply, run again) as a job, when the run is in a state that allows it. */
    private String step(long id, Model model, java.util.function.Predicate<RegistryImport.Run> allowed, String refusal,
                        java.util.function.LongFunction<String> start) {
        requireImporter();
        if (!allowed.test(imports.runOf(id))) {
            model.addAttribute("uploadError", refusal);
            return page(model);
        }
        return "redirect:/registry/imports/jobs/" + start.apply(id);
    }

    static final int CHANGES_PAGE = 50;

    /** What the dry run found it would change, per household, as XLSX: household, year, what, field, before, after. */
    @GetMapping("/registry/imports/{id}/changes.xlsx")
    void changes(@PathVariable long id, HttpServletResponse response) throws IOException {
        RegistryImport.Run run = imports.runOf(id);
        java.util.Locale locale = LocaleContextHolder.getLocale();
        org.counterpart.shared.XlsxTable table = new org.counterpart.shared.XlsxTable(msg("import.changes", locale), List.of(
                msg("household.no", locale), msg("household.year", locale), msg("import.change.what", locale),
                msg("import.change.field", locale), msg("import.change.before", locale), msg("import.change.after", locale)))
                .title(msg("import.changes", locale) + " · " + run.fileName());
        int page = 0;
        org.counterpart.shared.Page<org.counterpart.registry.HouseholdChange> current;
        do {
            current = imports.changes(id, java.util.Optional.empty(), page++, org.counterpart.shared.Page.MAX_SIZE);
            for (org.counterpart.registry.HouseholdChange c : current.items()) {
                table.row(c.householdNo(), c.year(), msg(c.kind().messageKey(), locale), msg("import.change.field." + c.field(), locale),
                        c.before(), c.after());
            }
        } while (current.hasNext());
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-" + run.id() + "-changes.xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    private String msg(String key, java.util.Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    @GetMapping("/registry/imports/{id}/problems.xlsx")
    void problems(@PathVariable long id, HttpServletResponse response) throws IOException {
        RegistryImport.Run run = imports.runOf(id);
        problemsXlsx.send(imports.problems(id), "import-" + run.id() + "-problems.xlsx", LocaleContextHolder.getLocale(), response);
    }

    /** What the shared progress fragment reads: the job, where it polls, and where its outcome is. */
    private static void jobModel(Jobs.View view, Model model) {
        model.addAttribute("job", view);
        model.addAttribute("jobPoll", "/registry/imports/jobs/" + view.id() + "/progress");
        view.outcomeId().ifPresent(run -> model.addAttribute("jobOutcome", "/registry/imports/" + run));
    }

    /** Imports write the registry: administrators, coordinators and reporters of a region. */
    private static void requireImporter() {
        CurrentUser me = CurrentUser.require();
        if (!me.is(org.counterpart.identity.Role.ADMINISTRATOR, org.counterpart.identity.Role.COORDINATOR,
                org.counterpart.identity.Role.REPORTER) || me.scope().region().isEmpty()) {
            throw new AccessDeniedException("imports are for administrators, coordinators and reporters of a region");
        }
    }
}
