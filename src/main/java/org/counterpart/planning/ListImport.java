package org.counterpart.planning;

import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.CellDates;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Problem;
import org.counterpart.shared.TabularFile;
import org.counterpart.shared.TabularFileException;
import org.counterpart.shared.TabularRow;
import org.counterpart.shared.Uploads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Imports a responsibility list from an XLSX or CSV file in the office's shape ({@link ListImportColumns}):
 * rows with the same 序号 are one task, one row per owner unit. A dry run reads the kept file, checks every
 * row as the task and target forms are checked, and says what would be added and changed and which cells
 * are refused (line, column, value, reason); applying it reads the same kept file again and writes every
 * task none of whose rows was refused, in one transaction. Tasks of the list the file does not name are
 * left as they are; milestones of a target stay with it.
 */
@Service
public class ListImport {

    /** What a row would do. */
    public enum ChangeKind { TASK_ADDED, TASK_CHANGED, TARGET_ADDED, TARGET_CHANGED, UNCHANGED }

    /** One change a dry run found, or an import made. */
    public record Change(int line, int seq, String task, String owner, ChangeKind kind, String before, String after) {
    }

    /**
     * A run over a kept file: a dry run ({@code applied} false) or the import of one.
     *
     * @param token names the kept file for the apply and the problems download, for the person who brought it
     * @param skippedTasks tasks with a refused row, left out of the import
     * @param notInFile    tasks of the list the file does not name, left as they are
     */
    public record Outcome(String token, String fileName, long listId, boolean applied, int rows, List<Change> changes,
                          List<Problem> problems, int skippedTasks, int notInFile) {
        public long count(ChangeKind kind) {
            return changes.stream().filter(c -> c.kind() == kind).count();
        }

        public boolean anythingToApply() {
            return changes.stream().anyMatch(c -> c.kind() != ChangeKind.UNCHANGED);
        }
    }

    /** A checked file, with the list as the dry run read it (each task's and target's version), to apply against. */
    private record Kept(Path path, String fileName, long listId, String owner, java.time.Instant at, String listRead) {
    }

    /** How long a checked file waits to be applied before it is dropped. */
    static final java.time.Duration KEPT_FOR = java.time.Duration.ofDays(1);

    /** A row read and checked. */
    private record Row(int line, int seq, PlanForms.TaskForm form, OwnerUnit owner, BigDecimal target) {
    }

    private final Plans plans;
    private final MetricCatalog metrics;
    private final MessageSource messages;
    private final TransactionTemplate tx;
    private final Path directory;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    ListImport(Plans plans, MetricCatalog metrics, MessageSource messages, TransactionTemplate tx,
               @Value("${counterpart.home}") String home) {
        this.plans = plans;
        this.metrics = metrics;
        this.messages = messages;
        this.tx = tx;
        this.directory = Path.of(home, "plan-imports");
    }

    /** Keeps the file and runs it dry against a list the caller may change. */
    public Outcome check(long listId, String fileName, InputStream content) {
        ResponsibilityList list = plans.list(listId);
        requireEdit(list);
        dropOldFiles();
        Uploads.Kept file = Uploads.keep(directory, fileName, "list.xlsx", content);
        String token = UUID.randomUUID().toString();
        kept.put(token, new Kept(file.path(), file.name(), listId, CurrentUser.actorName(), java.time.Instant.now(), versionsOf(listId)));
        return run(token, false);
    }

    /** The dry run of a kept file again (for its problems as a file). */
    public Outcome recheck(String token) {
        return run(token, false);
    }

    /** Imports the kept file a dry run checked: every task without a refused row. */
    public Outcome apply(String token) {
        return run(token, true);
    }

    /** Every task's and target's version in a list, as one text: equal texts mean nobody changed the list between them. */
    private String versionsOf(long listId) {
        StringBuilder sb = new StringBuilder();
        for (Task t : plans.tasks(listId)) {
            sb.append(t.id()).append(':').append(t.version());
            t.targets().forEach(g -> sb.append(',').append(g.id()).append(':').append(g.version()));
            sb.append(';');
        }
        return sb.toString();
    }

    private Outcome run(String token, boolean write) {
        Kept k = kept.get(token == null ? "" : token);
        if (k == null || !Files.exists(k.path())) {
            throw new InvalidInputException("file", "plan.import.gone");
        }
        if (!k.owner().equals(CurrentUser.actorName())) {
            throw new AccessDeniedException("the file of someone else's import");
        }
        ResponsibilityList list = plans.list(k.listId());
        requireEdit(list);
        if (write && !versionsOf(list.id()).equals(k.listRead())) {
            // someone changed the list since the dry run: what it showed is no longer what would be written
            throw new ConcurrentEditException("list " + list.id() + " changed since the dry run");
        }
        Plan plan = plans.planOf(list);
        List<Problem> problems = new ArrayList<>();
        Map<Integer, List<Row>> bySeq = new LinkedHashMap<>();
        Map<Integer, Boolean> refusedSeq = new LinkedHashMap<>();
        int rows = 0;
        Map<TaskCategory, List<String>> names = categoryNames();
        try (TabularFile file = TabularFile.open(k.path(), k.fileName(), ListImportColumns.COLUMNS)) {
            for (TabularRow row : file) {
                if (row.isEmpty(ListImportColumns.TEXT) && row.isEmpty(ListImportColumns.OWNER) && row.isEmpty(ListImportColumns.TARGET)) {
                    continue; // a line of totals or a note under the list, as the export writes one
                }
                rows++;
                Optional<Row> read = read(row, list, plan, names, problems);
                int seq = seqOf(row);
                if (read.isEmpty()) {
                    if (seq > 0) {
                        refusedSeq.put(seq, true);
                    }
                    continue;
                }
                bySeq.computeIfAbsent(read.get().seq(), s -> new ArrayList<>()).add(read.get());
            }
        } catch (TabularFileException refused) {
            throw new InvalidInputException("file", refused.messageKey(), refused.arguments());
        }
        Map<Integer, Task> existing = new LinkedHashMap<>();
        for (Task t : plans.tasks(list.id())) {
            existing.put(t.seq(), t);
        }
        List<Change> changes = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        java.util.Set<Integer> skipped = new java.util.TreeSet<>(refusedSeq.keySet());
        for (Map.Entry<Integer, List<Row>> group : bySeq.entrySet()) {
            List<Row> taskRows = group.getValue();
            Row first = taskRows.get(0);
            boolean bad = refusedSeq.containsKey(group.getKey());
            Map<OwnerUnit, Row> owners = new LinkedHashMap<>();
            for (Row r : taskRows) {
                if (!sameTask(first.form(), r.form())) {
                    problems.add(problem(r.line(), ListImportColumns.TEXT, r.form().text(), "plan.import.taskDiffers", first.line()));
                    bad = true;
                } else if (owners.putIfAbsent(r.owner(), r) != null) {
                    problems.add(problem(r.line(), ListImportColumns.OWNER, plans.nameOf(r.owner()), "plan.import.ownerTwice", first.seq()));
                    bad = true;
                }
            }
            Task before = existing.get(first.seq());
            if (before != null) {
                for (Row r : owners.values()) {
                    Optional<Task.Target> target = before.targets().stream().filter(g -> g.owner().equals(r.owner())).findFirst();
                    if (target.isPresent() && target.get().milestones().stream().anyMatch(m -> m.value().compareTo(r.target()) > 0)) {
                        problems.add(problem(r.line(), ListImportColumns.TARGET, r.target().toPlainString(), "plan.import.belowMilestone"));
                        bad = true;
                    }
                }
            }
            if (bad) {
                skipped.add(group.getKey());
                continue;
            }
            List<Change> groupChanges = new ArrayList<>();
            boolean taskChanged = before == null || !sameAsStored(first.form(), before);
            ChangeKind taskKind = before == null ? ChangeKind.TASK_ADDED : ChangeKind.TASK_CHANGED;
            if (taskChanged) {
                groupChanges.add(new Change(first.line(), first.seq(), first.form().text(), "", taskKind,
                        before == null ? "" : describe(before), describe(first.form())));
            }
            List<Row> targetWrites = new ArrayList<>();
            for (Row r : owners.values()) {
                Optional<Task.Target> target = before == null ? Optional.empty()
                        : before.targets().stream().filter(g -> g.owner().equals(r.owner())).findFirst();
                String owner = plans.nameOf(r.owner());
                if (target.isEmpty()) {
                    groupChanges.add(new Change(r.line(), r.seq(), r.form().text(), owner, ChangeKind.TARGET_ADDED, "", r.target().toPlainString()));
                    targetWrites.add(r);
                } else if (target.get().value().compareTo(r.target()) != 0) {
                    groupChanges.add(new Change(r.line(), r.seq(), r.form().text(), owner, ChangeKind.TARGET_CHANGED,
                            target.get().value().toPlainString(), r.target().toPlainString()));
                    targetWrites.add(r);
                } else if (!taskChanged) {
                    groupChanges.add(new Change(r.line(), r.seq(), r.form().text(), owner, ChangeKind.UNCHANGED, "", r.target().toPlainString()));
                }
            }
            changes.addAll(groupChanges);
            writes.add(() -> {
                long taskId = before != null && !taskChanged ? before.id() : plans.saveTask(list.id(),
                        before == null ? Optional.empty() : Optional.of(before.id()), withVersion(first.form(), before));
                for (Row r : targetWrites) {
                    Optional<Task.Target> target = before == null ? Optional.empty()
                            : before.targets().stream().filter(g -> g.owner().equals(r.owner())).findFirst();
                    plans.saveTarget(taskId, new PlanForms.TargetForm(r.owner().key(), r.target(), target.map(Task.Target::version).orElse(0)),
                            target.map(Task.Target::milestones).orElse(List.of()));
                }
            });
        }
        int notInFile = (int) existing.keySet().stream().filter(s -> !bySeq.containsKey(s) && !refusedSeq.containsKey(s)).count();
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
        if (write) {
            tx.executeWithoutResult(status -> writes.forEach(Runnable::run));
            kept.remove(token);
            try {
                Files.deleteIfExists(k.path());
            } catch (java.io.IOException ignored) {
                // a file left in the imports' folder harms nothing
            }
        }
        return new Outcome(token, k.fileName(), list.id(), write, rows, List.copyOf(changes), List.copyOf(problems), skipped.size(), notInFile);
    }

    private Optional<Row> read(TabularRow row, ResponsibilityList list, Plan plan, Map<TaskCategory, List<String>> names,
                               List<Problem> problems) {
        int line = row.lineNumber();
        int before = problems.size();
        int seq = seqOf(row);
        if (seq <= 0) {
            problems.add(problem(line, ListImportColumns.SEQ, row.get(ListImportColumns.SEQ), "task.seq.invalid"));
        }
        Optional<TaskCategory> category = ListImportColumns.category(row.get(ListImportColumns.CATEGORY), names);
        if (category.isEmpty()) {
            problems.add(problem(line, ListImportColumns.CATEGORY, row.get(ListImportColumns.CATEGORY), "plan.import.category",
                    String.join("、", names.values().stream().map(n -> n.get(0)).toList())));
        }
        Optional<ListImportColumns.UnitRead> unit = ListImportColumns.unit(row.get(ListImportColumns.UNIT));
        String metricId = row.get(ListImportColumns.METRIC);
        if (!metricId.isEmpty() && metrics.find(metricId).isEmpty()) {
            problems.add(problem(line, ListImportColumns.METRIC, metricId, "metric.unknown"));
        }
        if (unit.isEmpty()) {
            problems.add(problem(line, ListImportColumns.UNIT, row.get(ListImportColumns.UNIT), "plan.import.unit", ListImportColumns.unitWords()));
        } else if (!metricId.isEmpty() && metrics.find(metricId).map(m -> m.unit() != unit.get().unit()).orElse(false)) {
            problems.add(problem(line, ListImportColumns.UNIT, row.get(ListImportColumns.UNIT), "plan.import.unitOfMetric",
                    ListImportColumns.unitWord(metrics.find(metricId).get().unit(), Locale.SIMPLIFIED_CHINESE)));
        }
        Optional<LocalDate> deadline = CellDates.parse(row.get(ListImportColumns.DEADLINE));
        if (deadline.isEmpty()) {
            problems.add(problem(line, ListImportColumns.DEADLINE, row.get(ListImportColumns.DEADLINE), "plan.import.date"));
        }
        BigDecimal target = null;
        try {
            target = new BigDecimal(row.get(ListImportColumns.TARGET).replace(",", "").replace("，", ""));
        } catch (NumberFormatException notANumber) {
            problems.add(problem(line, ListImportColumns.TARGET, row.get(ListImportColumns.TARGET), "plan.import.number"));
        }
        OwnerUnit owner = null;
        try {
            owner = plans.unit("owner", row.get(ListImportColumns.OWNER), plan);
        } catch (InvalidInputException refused) {
            problems.add(problem(line, ListImportColumns.OWNER, row.get(ListImportColumns.OWNER), refused.messageKey(), refused.arguments()));
        }
        String partner = row.get(ListImportColumns.PARTNER);
        String partnerKey = "";
        if (!partner.isEmpty()) {
            try {
                partnerKey = plans.unit("partner", partner, plan).key();
            } catch (InvalidInputException refused) {
                problems.add(problem(line, ListImportColumns.PARTNER, partner, refused.messageKey(), refused.arguments()));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        ListImportColumns.UnitRead read = unit.get();
        BigDecimal value = target.multiply(read.factor()).stripTrailingZeros();
        if (value.scale() < 0) {
            value = value.setScale(0);
        }
        try {
            Plans.positive("target", value, read.unit());
        } catch (InvalidInputException refused) {
            problems.add(problem(line, ListImportColumns.TARGET, row.get(ListImportColumns.TARGET), refused.messageKey(), refused.arguments()));
            return Optional.empty();
        }
        PlanForms.TaskForm form = new PlanForms.TaskForm(seq, row.raw(ListImportColumns.TEXT).strip(), category.get().name(),
                metricId.isEmpty() ? null : metricId, row.raw(ListImportColumns.INDICATOR).strip(), read.unit().name(), deadline.get(),
                partnerKey, null, 0);
        try {
            plans.check(list, form);
        } catch (InvalidInputException refused) {
            String column = switch (refused.field()) {
                case "text" -> ListImportColumns.TEXT;
                case "indicator" -> ListImportColumns.INDICATOR;
                case "deadline" -> ListImportColumns.DEADLINE;
                case "metricId" -> ListImportColumns.METRIC;
                case "unit" -> ListImportColumns.UNIT;
                case "category" -> ListImportColumns.CATEGORY;
                case "partner" -> ListImportColumns.PARTNER;
                default -> ListImportColumns.SEQ;
            };
            problems.add(problem(line, column, row.get(column), refused.messageKey(), refused.arguments()));
            return Optional.empty();
        }
        return Optional.of(new Row(line, seq, form, owner, value));
    }

    private static int seqOf(TabularRow row) {
        String v = row.get(ListImportColumns.SEQ).replaceAll("\\.0+$", "");
        if (!v.matches("\\d{1,4}")) {
            return 0;
        }
        int seq = Integer.parseInt(v);
        return seq >= 1 ? seq : 0;
    }

    private static boolean sameTask(PlanForms.TaskForm a, PlanForms.TaskForm b) {
        return a.text().strip().equals(b.text().strip()) && a.category().equals(b.category()) && Objects.equals(a.metricId(), b.metricId())
                && a.indicator().strip().equals(b.indicator().strip()) && a.unit().equals(b.unit()) && a.deadline().equals(b.deadline())
                && Objects.equals(a.partner(), b.partner());
    }

    private static boolean sameAsStored(PlanForms.TaskForm f, Task t) {
        return f.text().strip().equals(t.text()) && f.category().equals(t.category().name())
                && Objects.equals(f.metricId(), t.metricId().orElse(null)) && f.indicator().strip().equals(t.indicator())
                && f.unit().equals(t.unit().name()) && f.deadline().equals(t.deadline())
                && f.partner().equals(t.partner().map(OwnerUnit::key).orElse(""));
    }

    /** The form to save: the agreement the task follows is kept, the version is the one read. */
    private static PlanForms.TaskForm withVersion(PlanForms.TaskForm f, Task before) {
        return before == null ? f : new PlanForms.TaskForm(f.seq(), f.text(), f.category(), f.metricId(), f.indicator(), f.unit(),
                f.deadline(), f.partner(), before.agreementId().orElse(null), before.version());
    }

    private String describe(Task t) {
        return t.indicator() + " · " + t.category().name() + " · " + t.deadline();
    }

    private String describe(PlanForms.TaskForm f) {
        return f.indicator().strip() + " · " + f.category() + " · " + f.deadline();
    }

    private static Problem problem(int line, String column, String value, String key, Object... args) {
        return new Problem(line, ListImportColumns.header(column, Locale.SIMPLIFIED_CHINESE), Uploads.cut(value, 200), key,
                java.util.Arrays.asList(args));
    }

    private Map<TaskCategory, List<String>> categoryNames() {
        Map<TaskCategory, List<String>> names = new EnumMap<>(TaskCategory.class);
        for (TaskCategory c : TaskCategory.values()) {
            names.put(c, ListImportColumns.allNames(c, messages.getMessage(c.messageKey(), null, c.name(), Locale.SIMPLIFIED_CHINESE),
                    messages.getMessage(c.messageKey(), null, c.name(), Locale.ENGLISH)));
        }
        return names;
    }

    private void requireEdit(ResponsibilityList list) {
        if (!plans.canEdit(plans.planOf(list))) {
            throw new AccessDeniedException("cannot change the list " + list.id());
        }
    }

    private void dropOldFiles() {
        java.time.Instant before = java.time.Instant.now().minus(KEPT_FOR);
        kept.entrySet().removeIf(e -> {
            if (e.getValue().at().isAfter(before)) {
                return false;
            }
            try {
                Files.deleteIfExists(e.getValue().path());
            } catch (java.io.IOException ignored) {
                // left in the folder; harmless
            }
            return true;
        });
    }

    /** The list a kept file is for, for its pages. */
    public long listOf(String token) {
        Kept k = kept.get(token == null ? "" : token);
        if (k == null) {
            throw new NotFoundException("import " + token);
        }
        return k.listId();
    }
}
