package org.counterpart.planning.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.planning.ListExport;
import org.counterpart.planning.ListImport;
import org.counterpart.planning.OwnerUnit;
import org.counterpart.planning.Plan;
import org.counterpart.planning.PlanForms;
import org.counterpart.planning.Plans;
import org.counterpart.planning.Progress;
import org.counterpart.planning.ResponsibilityList;
import org.counterpart.planning.Task;
import org.counterpart.planning.TaskCategory;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.Period;
import org.counterpart.shared.ProblemsXlsx;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The plan pages: action plans and their yearly lists, a list's tasks with each unit's progress against
 * time (as of the end of a chosen month), a task with its targets and milestones and the forms that change
 * them, and the list as the office's spreadsheet out and in (with its dry run). Every actual links to the
 * records behind it ({@link MetricsController}).
 */
@Controller
class PlansController {

    private final Plans plans;
    private final Progress progress;
    private final PlanView view;
    private final MetricCatalog metrics;
    private final ListExport export;
    private final ListImport imports;
    private final ProblemsXlsx problemsXlsx;
    private final MessageSource messages;
    private final org.counterpart.cooperation.Milestones milestones;

    PlansController(Plans plans, Progress progress, PlanView view, MetricCatalog metrics, ListExport export, ListImport imports,
                    ProblemsXlsx problemsXlsx, MessageSource messages, org.counterpart.cooperation.Milestones milestones) {
        this.milestones = milestones;
        this.plans = plans;
        this.progress = progress;
        this.view = view;
        this.metrics = metrics;
        this.export = export;
        this.imports = imports;
        this.problemsXlsx = problemsXlsx;
        this.messages = messages;
    }

    /** The milestones of the agreement a task follows, where the caller may read the agreement; else none (the link stays). */
    private List<org.counterpart.cooperation.Milestones.Milestone> milestonesOf(long agreementId) {
        try {
            return milestones.of(agreementId);
        } catch (org.springframework.security.access.AccessDeniedException | org.counterpart.shared.NotFoundException hidden) {
            return List.of();
        }
    }

    // plans

    @GetMapping("/plan")
    String plans(Model model) {
        model.addAttribute("plans", plans.plans());
        model.addAttribute("mayPlan", PlanView.mayPlan());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("values", Map.of("firstYear", String.valueOf(LocalDate.now().getYear()),
                    "lastYear", String.valueOf(LocalDate.now().getYear() + 2)));
        }
        return "plan/index";
    }

    @PostMapping("/plan")
    String createPlan(@RequestParam Map<String, String> params, Model model) {
        try {
            long id = plans.createPlan(new PlanForms.PlanForm(params.get("title"), year("firstYear", params.get("firstYear")),
                    year("lastYear", params.get("lastYear")), params.get("helpingRegion"), params.get("helpedRegion"),
                    date("signedOn", params.get("signedOn"), false)));
            return "redirect:/plan/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", errors(e));
            model.addAttribute("values", params);
            return plans(model);
        }
    }

    @GetMapping("/plan/{id:\\d+}")
    String plan(@PathVariable long id, Model model) {
        Plan plan = plans.plan(id);
        model.addAttribute("plan", plan);
        model.addAttribute("lists", plans.lists(id));
        model.addAttribute("canEdit", plans.canEdit(plan));
        model.addAttribute("helpingName", view.placeName(plan.helpingRegion()));
        model.addAttribute("helpedName", view.placeName(plan.helpedRegion()));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            int year = Math.max(plan.firstYear(), Math.min(plan.lastYear(), LocalDate.now().getYear()));
            model.addAttribute("values", Map.of("year", String.valueOf(year)));
        }
        return "plan/plan";
    }

    @PostMapping("/plan/{id:\\d+}/lists")
    String createList(@PathVariable long id, @RequestParam Map<String, String> params, Model model) {
        try {
            long list = plans.createList(id, year("year", params.get("year")), params.get("title"));
            return "redirect:/plan/lists/" + list;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", errors(e));
            model.addAttribute("values", params);
            return plan(id, model);
        }
    }

    // a list

    @GetMapping("/plan/lists/{id}")
    String list(@PathVariable long id, @RequestParam(required = false) String month, @RequestParam(defaultValue = "") String category,
                @RequestParam(defaultValue = "") String owner, Model model) {
        ResponsibilityList list = plans.list(id);
        Plan plan = plans.planOf(list);
        int m = month(list, month);
        List<PlanView.Line> all = view.lines(progress.of(list, m, LocalDate.now()));
        Map<String, String> owners = new LinkedHashMap<>();
        all.forEach(l -> owners.putIfAbsent(l.ownerKey(), l.owner()));
        List<PlanView.Line> shown = all.stream()
                .filter(l -> category.isBlank() || l.task().category().name().equals(category))
                .filter(l -> owner.isBlank() || l.ownerKey().equals(owner)).toList();
        model.addAttribute("list", list);
        model.addAttribute("plan", plan);
        model.addAttribute("month", m);
        model.addAttribute("asOf", Period.yearToDate(list.year(), m));
        model.addAttribute("lines", shown);
        model.addAttribute("owners", owners);
        model.addAttribute("categories", TaskCategory.values());
        model.addAttribute("category", category);
        model.addAttribute("owner", owner);
        model.addAttribute("tasksShown", shown.stream().map(l -> l.task().id()).distinct().count());
        model.addAttribute("tasksWithoutTargets", plans.tasks(id).stream().filter(t -> t.targets().isEmpty()).toList());
        model.addAttribute("done", shown.stream().filter(l -> l.p().standing() == Progress.Standing.DONE).count());
        model.addAttribute("behind", shown.stream().filter(l -> l.p().behind()).count());
        model.addAttribute("onTrack", shown.stream().filter(l -> l.p().standing() == Progress.Standing.ON_TRACK).count());
        model.addAttribute("canEdit", plans.canEdit(plan));
        taskFormModel(list, model);
        return "plan/list";
    }

    @PostMapping("/plan/lists/{id}/tasks")
    String addTask(@PathVariable long id, @RequestParam Map<String, String> params, Model model) {
        ResponsibilityList list = plans.list(id);
        try {
            long task = plans.saveTask(id, Optional.empty(), taskForm(params, 0));
            return "redirect:/plan/tasks/" + task;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", errors(e));
            model.addAttribute("values", params);
            return list(id, null, "", "", model);
        }
    }

    @GetMapping("/plan/lists/{id}/export.xlsx")
    void exportList(@PathVariable long id, HttpServletResponse response) throws IOException {
        XlsxTable table = export.table(id, LocaleContextHolder.getLocale());
        xlsx(response, "responsibility-list-" + id + ".xlsx");
        table.writeTo(response.getOutputStream());
    }

    @GetMapping("/plan/list-template.xlsx")
    void template(HttpServletResponse response) throws IOException {
        XlsxTable table = export.template(LocaleContextHolder.getLocale());
        xlsx(response, "responsibility-list-template.xlsx");
        table.writeTo(response.getOutputStream());
    }

    @GetMapping("/plan/lists/{id}/import")
    String importPage(@PathVariable long id, Model model) {
        ResponsibilityList list = plans.list(id);
        if (!plans.canEdit(plans.planOf(list))) {
            throw new org.springframework.security.access.AccessDeniedException("cannot change the list " + id);
        }
        model.addAttribute("list", list);
        model.addAttribute("columns", org.counterpart.planning.ListImportColumns.COLUMNS);
        return "plan/import";
    }

    @PostMapping("/plan/lists/{id}/import")
    String importFile(@PathVariable long id, @RequestParam(value = "file", required = false) MultipartFile file, Model model) throws IOException {
        ResponsibilityList list = plans.list(id);
        if (file == null || file.isEmpty()) {
            model.addAttribute("error", new InvalidInputException("file", "import.file.empty"));
            return importPage(id, model);
        }
        try {
            model.addAttribute("outcome", imports.check(id, file.getOriginalFilename(), file.getInputStream()));
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return importPage(id, model);
        }
        model.addAttribute("list", list);
        return "plan/import-result";
    }

    @PostMapping("/plan/imports/{token}/apply")
    String applyImport(@PathVariable String token, Model model) {
        ResponsibilityList list = plans.list(imports.listOf(token));
        model.addAttribute("list", list);
        try {
            model.addAttribute("outcome", imports.apply(token));
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return importPage(list.id(), model);
        } catch (ConcurrentEditException e) {
            model.addAttribute("error", new InvalidInputException("file", "plan.import.conflict"));
            return importPage(list.id(), model);
        }
        return "plan/import-result";
    }

    @GetMapping("/plan/imports/{token}/problems.xlsx")
    void importProblems(@PathVariable String token, HttpServletResponse response) throws IOException {
        ListImport.Outcome outcome = imports.recheck(token);
        problemsXlsx.send(outcome.problems(), "responsibility-list-problems.xlsx", LocaleContextHolder.getLocale(), response);
    }

    // a task

    @GetMapping("/plan/tasks/{id}")
    String task(@PathVariable long id, @RequestParam(required = false) String month, Model model) {
        Task task = plans.task(id);
        ResponsibilityList list = plans.list(task.listId());
        Plan plan = plans.planOf(list);
        int m = month(list, month);
        List<PlanView.Line> lines = view.lines(progress.of(list, m, LocalDate.now()).stream()
                .filter(p -> p.task().id() == id).toList());
        model.addAttribute("task", task);
        model.addAttribute("list", list);
        model.addAttribute("plan", plan);
        model.addAttribute("month", m);
        model.addAttribute("asOf", Period.yearToDate(list.year(), m));
        model.addAttribute("lines", lines);
        model.addAttribute("metric", progress.metricOf(task).orElse(null));
        model.addAttribute("partnerName", task.partner().map(plans::nameOf).orElse(""));
        model.addAttribute("agreementMilestones", task.agreementId().map(this::milestonesOf).orElse(List.of()));
        model.addAttribute("canEdit", plans.canEdit(plan));
        if (!model.containsAttribute("values")) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("seq", String.valueOf(task.seq()));
            values.put("text", task.text());
            values.put("category", task.category().name());
            values.put("metricId", task.metricId().orElse(""));
            values.put("indicator", task.indicator());
            values.put("unit", task.unit().name());
            values.put("deadline", task.deadline().toString());
            values.put("partner", task.partner().map(p -> p.region().map(r -> plans.nameOf(p) + " " + r.value()).orElse(p.key())).orElse(""));
            model.addAttribute("values", values);
            model.addAttribute("version", task.version());
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("targetErrors")) {
            model.addAttribute("targetErrors", Map.of());
            model.addAttribute("targetValues", Map.of());
        }
        taskFormModel(list, model);
        return "plan/task";
    }

    @PostMapping("/plan/tasks/{id}")
    String saveTask(@PathVariable long id, @RequestParam Map<String, String> params, Model model, RedirectAttributes redirect) {
        Task task = plans.task(id);
        try {
            plans.saveTask(task.listId(), Optional.of(id), taskForm(params, parseInt(params.get("version"))));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/plan/tasks/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", errors(e));
            model.addAttribute("values", params);
            model.addAttribute("version", parseInt(params.get("version")));
            return task(id, null, model);
        } catch (ConcurrentEditException e) {
            model.addAttribute("conflict", true);
            return task(id, null, model);
        }
    }

    @PostMapping("/plan/tasks/{id}/delete")
    String deleteTask(@PathVariable long id, @RequestParam(defaultValue = "-1") String version, Model model) {
        Task task = plans.task(id);
        try {
            plans.deleteTask(id, parseInt(version));
            return "redirect:/plan/lists/" + task.listId();
        } catch (ConcurrentEditException e) {
            model.addAttribute("conflict", true);
            return task(id, null, model);
        }
    }

    @PostMapping("/plan/tasks/{id}/targets")
    String saveTarget(@PathVariable long id, @RequestParam Map<String, String> params, Model model, RedirectAttributes redirect) {
        Task task = plans.task(id);
        try {
            BigDecimal value = PlanView.entered(number("target", params.get("target")), task.unit());
            List<Task.Milestone> milestones = milestones(params.get("milestones")).stream()
                    .map(m -> new Task.Milestone(m.period(), PlanView.entered(m.value(), task.unit()))).toList();
            plans.saveTarget(id, new PlanForms.TargetForm(params.get("owner"), value, parseInt(params.get("version"))), milestones);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/plan/tasks/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("targetErrors", errors(e));
            model.addAttribute("targetValues", params);
            return task(id, null, model);
        } catch (ConcurrentEditException e) {
            model.addAttribute("conflict", true);
            return task(id, null, model);
        }
    }

    @PostMapping("/plan/targets/{id}/delete")
    String deleteTarget(@PathVariable long id, @RequestParam long task, @RequestParam(defaultValue = "-1") String version, Model model) {
        try {
            plans.deleteTarget(id, parseInt(version));
            return "redirect:/plan/tasks/" + task;
        } catch (ConcurrentEditException e) {
            model.addAttribute("conflict", true);
            return task(task, null, model);
        }
    }

    // helpers

    private void taskFormModel(ResponsibilityList list, Model model) {
        model.addAttribute("categories", TaskCategory.values());
        model.addAttribute("units", MetricUnit.values());
        model.addAttribute("catalogue", metrics.all());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("values")) {
            int next = plans.tasks(list.id()).stream().mapToInt(Task::seq).max().orElse(0) + 1;
            model.addAttribute("values", Map.of("seq", String.valueOf(next), "deadline", list.year() + "-12-31"));
        }
        model.addAttribute("months", java.util.stream.IntStream.rangeClosed(1, 12).boxed().toList());
    }

    private PlanForms.TaskForm taskForm(Map<String, String> p, int version) {
        return new PlanForms.TaskForm(parseSeq(p.get("seq")), p.get("text"), p.get("category"), p.get("metricId"), p.get("indicator"),
                p.get("unit"), date("deadline", p.get("deadline"), true), p.get("partner"), null, version);
    }

    /** Milestones as typed: {@code 2018-06=100} or {@code 2018Q2: 100}, one a line or separated by semicolons. */
    static List<Task.Milestone> milestones(String raw) {
        List<Task.Milestone> out = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        for (String part : raw.split("[;；\\n]")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] pv = s.split("\\s*[=:：]\\s*", 2);
            if (pv.length != 2) {
                throw new InvalidInputException("milestones", "plan.milestone.shape", s);
            }
            Period period = Period.parse("milestones", pv[0]);
            out.add(new Task.Milestone(period, number("milestones", pv[1])));
        }
        return out;
    }

    private int month(ResponsibilityList list, String raw) {
        if (raw == null || raw.isBlank()) {
            return PlanView.defaultMonth(list, LocalDate.now());
        }
        try {
            int m = Integer.parseInt(raw.strip());
            if (m >= 1 && m <= 12) {
                return m;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException("month", "plan.month.invalid");
    }

    private static int year(String field, String raw) {
        try {
            return Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "plan.year.invalid");
        }
    }

    private static int parseSeq(String raw) {
        try {
            return Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("seq", "task.seq.invalid");
        }
    }

    private static int parseInt(String raw) {
        try {
            return Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            return -1; // no version read: saved over nothing, refused as a stale edit
        }
    }

    private static BigDecimal number(String field, String raw) {
        try {
            BigDecimal n = new BigDecimal((raw == null ? "" : raw).strip().replace(",", ""));
            if (n.precision() - n.scale() > 15 || n.scale() > 6) {
                throw new InvalidInputException(field, "task.target.tooLarge");
            }
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException(field, "plan.number.invalid");
        }
    }

    private static LocalDate date(String field, String raw, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw new InvalidInputException(field, "task.deadline.missing");
            }
            return null;
        }
        return org.counterpart.shared.CellDates.parse(raw).orElseThrow(() -> new InvalidInputException(field, "plan.date.invalid"));
    }

    private Map<String, String> errors(InvalidInputException e) {
        Locale locale = LocaleContextHolder.getLocale();
        return Map.of(e.field(), messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(), locale));
    }

    private static void xlsx(HttpServletResponse response, String name) {
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }

    static String ownerKey(OwnerUnit unit) {
        return unit.key();
    }
}
