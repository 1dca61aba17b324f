package org.counterpart.registry;

import org.counterpart.shared.ImportRunState;
import org.counterpart.shared.Problem;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Scope;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.RecordChanged;
import org.counterpart.shared.TabularColumn;
import org.counterpart.shared.TabularFile;
import org.counterpart.shared.TabularFileException;
import org.counterpart.shared.TabularRow;
import org.counterpart.shared.Uploads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Imports the registry from the files offices already have (the national system's member-per-row
 * export, as CSV or XLSX). A dry run checks everything and counts what would change without changing
 * anything; a real run writes every valid household in one transaction, so an interrupted import
 * leaves nothing behind. Refused rows are listed with line, column, value (masked) and reason, and
 * their whole household is held back rather than imported without them. The file and the result are kept.
 */
@Service
public class RegistryImport {

    public record Options(boolean dryRun, OptionalInt year) {
    }

    /** The result of a run, with the first problems; all problems are stored with the run. */
    public record Result(long runId, String fileName, boolean dryRun, String status, int rowsRead, int rowsRefused,
                         int householdsNew, int householdsUpdated, int householdsUnchanged, int householdsRefused,
                         List<Problem> problems, List<String> unknownColumns, List<Integer> upgradedIds,
                         Optional<TabularFileException> fileRefused) {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RegistryImport.class);

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate batchJdbc;
    private final Regions regions;
    private final CodeTables codes;
    private final RegistryWriter writer;
    private final PersonalDataProtector protector;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Path importDirectory;
    private final ImportRuns runs;
    private final org.counterpart.shared.ThisProcess process;
    /** At most how many rows of a year are read back and written at once (whole households; see RowSpill). */
    private volatile long sliceRows;

    RegistryImport(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batchJdbc, Regions regions, CodeTables codes, RegistryWriter writer, PersonalDataProtector protector,
                   TransactionTemplate tx, ApplicationEventPublisher events, ImportRuns runs, @Value("${counterpart.home}") String home,
                   @Value("${counterpart.import.slice-rows:200000}") long sliceRows, org.counterpart.shared.ThisProcess process) {
        this.process = process;
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.regions = regions;
        this.codes = codes;
        this.writer = writer;
        this.protector = protector;
        this.tx = tx;
        this.events = events;
        this.importDirectory = Path.of(home, "imports");
        this.runs = runs;
        this.sliceRows = sliceRows;
    }

    /** For tests: runs before each year of an import is written, where a real import could fail. */
    private volatile Runnable beforeEachYear = () -> { };

    void beforeEachYear(Runnable hook) {
        beforeEachYear = hook == null ? () -> { } : hook;
    }

    /** For tests: how many rows of a year are written at once; returns the size it replaces. */
    long sliceRows(long rows) {
        long was = sliceRows;
        sliceRows = rows;
        return was;
    }

    /**
     * Runs an import of a file; {@code progress} hears the number of rows read so far. The caller's
     * scope limits which villages the file may write (the command line runs with the whole country).
     */
    public Result run(Path file, String originalName, Options options, LongConsumer progress) {
        return run(file, originalName, options, ImportProgress.of(progress));
    }

    /**
     * Runs an import; whatever stops it on the way (too little memory for the file, a fault of the
     * database or of this program) ends the run as failed, with nothing written and the reason stored
     * with the run for its page and the terminal, instead of a stack trace and a job that never ends.
     */
    public Result run(Path file, String originalName, Options options, ImportProgress progress) {
        Scope scope = CurrentUser.scopeOfCaller()
                .orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("an import needs a user or the system"));
        String actor = CurrentUser.actorName();
        long runId = 0;
        try {
            Instant started = Instant.now();
            String sha = Uploads.sha256(file);
            Path stored = keep(file, originalName, sha);
            runId = runs.open(originalName, stored, sha, options.dryRun(), options.year(), actor, scope, started);
            return execute(file, originalName, options, progress, runId, scope, actor, sha);
        } catch (RuntimeException | OutOfMemoryError e) {
            return failed(runId, originalName, options, e);
        }
    }

    /** The import's own transaction is gone: its run ends as failed with the reason, instead of staying "checking" for ever. */
    private Result failed(long runId, String originalName, Options options, Throwable e) {
        // the exception's own text may quote values of the file (names, numbers): only its kind is shown
        boolean memory = e instanceof OutOfMemoryError;
        String key = memory ? "import.failed.memory" : "import.failed.unexpected";
        Object detail = memory ? Runtime.getRuntime().maxMemory() / (1024 * 1024) : e.getClass().getSimpleName();
        log.error("Import of {} failed, nothing was written: {} ({})", originalName,
                memory ? "out of memory" : "unexpected error", memory ? detail + " MB of heap" : detail);
        log.debug("Import of {} failed", originalName, e);
        TabularFileException reason = new TabularFileException(originalName, key, detail);
        long recorded = 0;
        if (runId > 0) {
            try {
                runs.failed(runId, key + "\u001e" + String.join("\u001f",
                        java.util.Arrays.stream(reason.arguments()).map(String::valueOf).toList()));
                recorded = runId;
            } catch (RuntimeException | OutOfMemoryError notRecorded) {
                // the database may be what failed (an embedded one closes itself when out of memory): the
                // run cannot be told, but the caller still hears why (run id 0)
                log.error("The failed import of {} could not be recorded either: {}", originalName, notRecorded.getClass().getSimpleName());
            }
        }
        return new Result(recorded, originalName, options.dryRun(), ImportRunState.FAILED.code(), 0, 0, 0, 0, 0, 0, List.of(), List.of(),
                List.of(), Optional.of(reason));
    }

    private Result execute(Path file, String originalName, Options options, ImportProgress progress, long runId, Scope scope, String actor,
                           String sha) {
        List<Problem> problems = new ArrayList<>();
        List<Integer> upgraded = new ArrayList<>();
        RowParser parser = new RowParser(regions, codes, options.year(), scope::covers);
        List<TabularColumn> columns = RegistryColumns.all(options.year().isPresent());
        RowCounts rows = new RowCounts();
        Map<Integer, Set<String>> refusedHouseholds = new HashMap<>();
        List<String> unknown;
        HouseholdCounts counts = new HouseholdCounts();
        try (RowSpill spill = new RowSpill(importDirectory, process)) {
            // one pass over the file, its rows checked on every core, the checked rows set aside by year
            long pass = System.nanoTime();
            try {
                unknown = checkAll(file, originalName, columns, options, parser, spill, problems, upgraded, rows, refusedHouseholds, progress);
            } catch (TabularFileException e) {
                // kept as key and arguments, so the refusal can be shown again in the reader's language
                String reason = e.messageKey() + "\u001e" + String.join("\u001f",
                        java.util.Arrays.stream(e.arguments()).map(String::valueOf).toList());
                runs.finish(runId, ImportRunState.CHECKING, ImportRunState.REFUSED, ImportRuns.Outcome.refused(reason));
                return new Result(runId, originalName, options.dryRun(), ImportRunState.REFUSED.code(), 0, 0, 0, 0, 0, 0, List.of(), List.of(),
                        List.of(), Optional.of(e));
            }
            log.debug("registry import: {} rows read and checked in {} ms", rows.read, (System.nanoTime() - pass) / 1_000_000);
            progress.total(rows.read);
            progress.done(rows.read);
            long toWrite = spill.years().stream().mapToLong(spill::rows).sum();
            runs.move(runId, ImportRunState.CHECKING, ImportRunState.WRITING);
            // then the years one after the other, so memory holds one year's households, never the whole
            // file; every year is written in the same transaction, so the import is whole or absent
            tx.executeWithoutResult(status -> {
                RegistryWriter.Session session = writer.begin();
                if (options.dryRun()) {
                    session.listChanges();
                }
                long before = 0;
                for (int year : spill.years()) {
                    long yearRows = spill.rows(year);
                    long base = before;
                    progress.stage(ImportProgress.Stage.WRITING, year);
                    progress.total(toWrite);
                    progress.done(base);
                    boolean last = year == spill.years().get(spill.years().size() - 1);
                    importYear(session, spill, year, last, refusedHouseholds.getOrDefault(year, Set.of()), problems, counts, actor,
                            part -> progress.done(base + Math.round(part * yearRows)));
                    before += yearRows;
                }
                if (toWrite > 0) {
                    progress.done(toWrite);
                }
                if (options.dryRun()) {
                    status.setRollbackOnly();
                    runs.storeChanges(runId, session.changes());
                } else if (counts.created + counts.updated > 0) {
                    events.publishEvent(RecordChanged.created(RegistryAudit.IMPORT, originalName,
                            Map.of("file", originalName, "sha256", sha, "new", String.valueOf(counts.created),
                                    "updated", String.valueOf(counts.updated), "unchanged", String.valueOf(counts.unchanged))));
                }
            });
        }
        int rowsRead = rows.read;
        int rowsRefused = rows.refused;
        // the report reads like the file: by row, and for each row in the order its fields were checked
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
        java.util.Collections.sort(upgraded);
        ImportRunState end = options.dryRun() ? ImportRunState.CHECKED : ImportRunState.APPLIED;
        runs.finish(runId, ImportRunState.WRITING, end, new ImportRuns.Outcome(rowsRead, rowsRefused, counts.created, counts.updated, counts.unchanged,
                counts.refused, problems, UnknownValues.group(problems), null));
        String status = end.code();
        return new Result(runId, originalName, options.dryRun(), status, rowsRead, rowsRefused, counts.created, counts.updated, counts.unchanged, counts.refused,
                problems.size() > 200 ? List.copyOf(problems.subList(0, 200)) : List.copyOf(problems), unknown,
                List.copyOf(upgraded), Optional.empty());
    }

    private static final int BATCH_ROWS = 1_000;

    /** The rows of the file, counted as they are read and checked. */
    private static final class RowCounts {
        int read;
        int refused;
    }

    /** The households of the file, counted as each year is written (or, in a dry run, compared). */
    private static final class HouseholdCounts {
        int created;
        int updated;
        int unchanged;
        int refused;
    }

    /** What checking one batch of rows found; merged in file order by the reading thread. */
    private static final class Checked {
        final List<Problem> problems = new ArrayList<>();
        final List<Integer> upgraded = new ArrayList<>();
        final Map<Integer, RowSpill.Output> rowsByYear = new HashMap<>();
        final Map<Integer, List<String>> refusedHouseholds = new HashMap<>();
        int read;
        int refused;
    }

    /**
     * Reads the file once: this thread reads rows and hands them in batches to one checker per core;
     * each checker parses and checks its rows and computes the keyed hash of each ID number. The
     * batches are taken back in file order, so problems and row files come out as one thread would
     * have made them. Returns the columns nobody asked for.
     */
    private List<String> checkAll(Path file, String originalName, List<TabularColumn> columns, Options options, RowParser parser,
                                  RowSpill spill, List<Problem> problems, List<Integer> upgraded, RowCounts rows,
                                  Map<Integer, Set<String>> refusedHouseholds, ImportProgress progress) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService checkers = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "registry-check");
            t.setDaemon(true);
            return t;
        });
        java.util.ArrayDeque<java.util.concurrent.Future<Checked>> pending = new java.util.ArrayDeque<>();
        java.util.function.Consumer<Checked> merge = c -> {
            problems.addAll(c.problems);
            upgraded.addAll(c.upgraded);
            rows.read += c.read;
            rows.refused += c.refused;
            c.refusedHouseholds.forEach((year, numbers) -> refusedHouseholds.computeIfAbsent(year, y -> new HashSet<>()).addAll(numbers));
            new java.util.TreeMap<>(c.rowsByYear).forEach(spill::append);
            progress.done(rows.read);
        };
        try (TabularFile table = TabularFile.open(file, originalName, columns)) {
            progress.stage(ImportProgress.Stage.CHECKING, 0);
            progress.total(estimatedRows(file, originalName));
            List<TabularRow> batch = new ArrayList<>(BATCH_ROWS);
            for (TabularRow row : table) {
                batch.add(row);
                if (batch.size() == BATCH_ROWS) {
                    List<TabularRow> rowsToCheck = batch;
                    pending.add(checkers.submit(() -> check(rowsToCheck, options, parser)));
                    batch = new ArrayList<>(BATCH_ROWS);
                    while (pending.size() > 2 * threads) {
                        merge.accept(result(pending.poll()));
                    }
                }
            }
            if (!batch.isEmpty()) {
                List<TabularRow> rowsToCheck = batch;
                pending.add(checkers.submit(() -> check(rowsToCheck, options, parser)));
            }
            while (!pending.isEmpty()) {
                merge.accept(result(pending.poll()));
            }
            spill.finishWriting();
            return table.unknownColumns();
        } finally {
            checkers.shutdownNow();
        }
    }

    private Checked check(List<TabularRow> batch, Options options, RowParser parser) {
        Checked c = new Checked();
        for (TabularRow row : batch) {
            c.read++;
            OptionalInt year = yearOf(row, options);
            Optional<ImportRow> parsed = parser.parse(row, c.problems, c.upgraded);
            if (parsed.isEmpty()) {
                c.refused++;
                if (year.isPresent()) {
                    c.refusedHouseholds.computeIfAbsent(year.getAsInt(), y -> new ArrayList<>()).add(row.get(RegistryColumns.HOUSEHOLD_NO));
                }
                continue;
            }
            ImportRow r = parsed.get();
            RowSpill.Output out = c.rowsByYear.computeIfAbsent(r.year(), y -> new RowSpill.Output());
            RowSpill.encode(r, protector.lookupHash(r.id().value()), out);
        }
        return c;
    }

    private static Checked result(java.util.concurrent.Future<Checked> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** About how many rows a text file holds (its lines less the header), for the progress bar; 0 when unknown. */
    private static long estimatedRows(Path file, String originalName) {
        String name = originalName == null ? "" : originalName.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".xlsx")) {
            return 0;
        }
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 16);
            long lines = 0;
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    if (buffer.get() == '\n') {
                        lines++;
                    }
                }
                buffer.clear();
            }
            return Math.max(0, lines - 1);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Checks and writes the households of one year of the file, read back from where the pass set them
     * aside, a slice of whole households at a time, so memory holds a slice, never a whole year. A
     * person in two households of the year holds both back wherever the two lie in the file: a first
     * look at the whole year finds such people, and the households holding them are set aside until
     * every slice was read, then judged as one.
     */
    private void importYear(RegistryWriter.Session session, RowSpill spill, int year, boolean last, Set<String> refusedHouseholds,
                            List<Problem> problems, HouseholdCounts counts, String actor, java.util.function.DoubleConsumer part) {
        beforeEachYear.run();
        long started = System.nanoTime();
        List<RowSpill.Slice> slices = spill.slices(year, sliceRows);
        long yearRows = spill.rows(year);
        YearPeople people = new YearPeople(yearRows);
        spill.skim(year, (hash, county, householdNo) -> {
            if (!refusedHouseholds.contains(householdNo)) {
                people.add(hash, YearPeople.household(county, householdNo));
            }
        });
        log.debug("registry import: year {}, {} rows in {} slices, {} people in two households, {} ms", year, yearRows, slices.size(),
                people.shared(), (System.nanoTime() - started) / 1_000_000);
        session.startYear(last);
        List<SharedMember> shared = new ArrayList<>();
        long before = 0;
        for (int s = 0; s < slices.size(); s++) {
            RowSpill.Slice slice = slices.get(s);
            List<HouseholdGroup> valid = new ArrayList<>();
            for (HouseholdGroup g : groups(spill, slice)) {
                if (refusedHouseholds.contains(g.householdNo)) {
                    problems.add(new Problem(g.first().line(), RegistryColumns.header(RegistryColumns.HOUSEHOLD_NO), g.householdNo,
                            "import.household.heldBack", List.of(g.householdNo)));
                    counts.refused++;
                    continue;
                }
                List<Problem> own = g.check();
                if (!own.isEmpty()) {
                    problems.addAll(own);
                    counts.refused++;
                    continue;
                }
                boolean waits = false;
                for (int i = 0; i < g.rows.size(); i++) {
                    if (people.inTwoHouseholds(g.idHashes.get(i))) {
                        ImportRow r = g.rows.get(i);
                        shared.add(new SharedMember(g.idHashes.get(i), g.householdKey, g.householdNo, g.first().line(), r.line(),
                                r.id().masked(), s));
                        waits = true;
                    }
                }
                if (!waits) {
                    valid.add(g);
                }
            }
            long base = before;
            long rowsOfSlice = slice.rows();
            write(session, valid, actor, problems, counts, p -> part.accept((base + p * rowsOfSlice) / yearRows));
            before += rowsOfSlice;
        }
        // the households set aside: a person in two of them (each of which passed its own checks) holds
        // both back, the later one in the file naming the first; a household whose other holders of the
        // person were refused for themselves is written after all
        Map<String, List<SharedMember>> byPerson = new LinkedHashMap<>();
        shared.forEach(m -> byPerson.computeIfAbsent(m.idHash(), h -> new ArrayList<>()).add(m));
        Set<String> conflicted = new HashSet<>();
        for (List<SharedMember> holders : byPerson.values()) {
            if (holders.size() < 2) {
                continue;
            }
            holders.sort(java.util.Comparator.comparingInt(SharedMember::householdLine));
            SharedMember first = holders.get(0);
            conflicted.add(first.householdKey());
            for (SharedMember m : holders.subList(1, holders.size())) {
                problems.add(new Problem(m.line(), RegistryColumns.header(RegistryColumns.ID_NUMBER), m.maskedId(),
                        "import.id.inTwoHouseholds", List.of(first.householdNo(), String.valueOf(first.householdLine()))));
                conflicted.add(m.householdKey());
            }
        }
        counts.refused += conflicted.size();
        Set<String> after = new HashSet<>();
        java.util.SortedSet<Integer> slicesAgain = new java.util.TreeSet<>();
        shared.stream().filter(m -> !conflicted.contains(m.householdKey())).forEach(m -> {
            after.add(m.householdKey());
            slicesAgain.add(m.slice());
        });
        for (int s : slicesAgain) {
            List<HouseholdGroup> valid = groups(spill, slices.get(s)).stream().filter(g -> after.contains(g.householdKey)).toList();
            write(session, valid, actor, problems, counts, p -> { });
        }
    }

    /** A member of a household that holds someone who is in another household of the year too. */
    private record SharedMember(String idHash, String householdKey, String householdNo, int householdLine, int line,
                                String maskedId, int slice) {
    }

    /** The households of a slice, in the order of their first rows in the file. */
    private static List<HouseholdGroup> groups(RowSpill spill, RowSpill.Slice slice) {
        Map<String, HouseholdGroup> groups = new LinkedHashMap<>();
        spill.read(slice, (r, hash) -> {
            groups.computeIfAbsent(r.countyCode() + "/" + r.householdNo(),
                    k -> new HouseholdGroup(r.countyCode(), r.householdNo(), slice.year())).add(r, hash);
        });
        return new ArrayList<>(groups.values());
    }

    private void write(RegistryWriter.Session session, List<HouseholdGroup> valid, String actor, List<Problem> problems, HouseholdCounts counts,
                       java.util.function.DoubleConsumer part) {
        RegistryWriter.Counts written = writer.writeAll(session, valid, actor, Instant.now(), problems, part);
        counts.created += written.created();
        counts.updated += written.updated();
        counts.unchanged += written.unchanged();
        counts.refused += written.refused();
    }

    /** The registry year of a row as RowParser accepts it, or empty when the row's year is wrong. */
    private static OptionalInt yearOf(TabularRow row, Options options) {
        String v = row.get(RegistryColumns.YEAR);
        if (v == null || v.isEmpty()) {
            return options.year();
        }
        try {
            int y = new java.math.BigDecimal(v).intValueExact();
            boolean allowed = y >= 2000 && y <= java.time.Year.now().getValue()
                    && (options.year().isEmpty() || options.year().getAsInt() == y);
            return allowed ? OptionalInt.of(y) : OptionalInt.empty();
        } catch (ArithmeticException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** A run as the imports page lists it. */
    public record Run(long id, String fileName, boolean dryRun, String status, Instant startedAt, String actor, int rowsRead,
                      int rowsRefused, int householdsNew, int householdsUpdated, int householdsUnchanged, int householdsRefused,
                      String storedAs, String message, Integer yearOption) {
    }

    public List<Run> recentRuns(int limit) {
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        boolean all = CurrentUser.get().map(u -> u.is(org.counterpart.identity.Role.ADMINISTRATOR)).orElseGet(CurrentUser::isSystem);
        return jdbc.sql(RUN_SELECT + " where (:all = true or actor = :actor) order by id desc fetch first :limit rows only")
                .param("all", all).param("actor", actor).param("limit", limit).query(RegistryImport::run).list();
    }

    /** A run of the caller's own (administrators see every run). */
    public Run runOf(long id) {
        Run run = jdbc.sql(RUN_SELECT + " where id = :id").param("id", id).query(RegistryImport::run).optional()
                .orElseThrow(() -> new org.counterpart.shared.NotFoundException("import " + id));
        boolean admin = CurrentUser.get().map(u -> u.is(org.counterpart.identity.Role.ADMINISTRATOR)).orElseGet(CurrentUser::isSystem);
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        if (!admin && !run.actor().equals(actor)) {
            throw new org.springframework.security.access.AccessDeniedException("import " + id + " belongs to someone else");
        }
        return run;
    }

    /** Applies the file of a dry run that the caller checked: the same file, read and checked again. */
    public Result applyChecked(long runId, LongConsumer progress) {
        return applyChecked(runId, ImportProgress.of(progress));
    }

    public Result applyChecked(long runId, ImportProgress progress) {
        Run run = runOf(runId);
        if (!run.dryRun() || !"checked".equals(run.status())) {
            throw new org.counterpart.shared.InvalidInputException("run", "import.notACheckedRun");
        }
        return runKept(run, new Options(false,
                run.yearOption() == null ? OptionalInt.empty() : OptionalInt.of(run.yearOption())), progress);
    }

    /**
     * Checks the file of a dry run again, as a new dry run: after values of its code columns were mapped,
     * the rows they held back pass.
     */
    public Result recheck(long runId, ImportProgress progress) {
        Run run = runOf(runId);
        if (!run.dryRun() || !ImportRunState.CHECKED.code().equals(run.status())) {
            throw new org.counterpart.shared.InvalidInputException("run", "import.notACheckedRun");
        }
        return runKept(run, new Options(true,
                run.yearOption() == null ? OptionalInt.empty() : OptionalInt.of(run.yearOption())), progress);
    }

    /**
     * Runs the kept file of a run that stopped before it was done (interrupted by a stopped process, or
     * failed) again, as a new run with the same options: a dry run stays a dry run.
     */
    public Result runAgain(long runId, ImportProgress progress) {
        Run run = runOf(runId);
        if (!ImportRunState.of(run.status()).mayRunAgain()) {
            throw new org.counterpart.shared.InvalidInputException("run", "import.notInterrupted");
        }
        return runKept(run, new Options(run.dryRun(),
                run.yearOption() == null ? OptionalInt.empty() : OptionalInt.of(run.yearOption())), progress);
    }

    /**
     * Runs a run's kept file again: it is kept sealed, so its plain bytes go to a temporary file of this
     * process for the reading (removed after, or at the next start if the process dies first).
     */
    private Result runKept(Run run, Options options, ImportProgress progress) {
        Path plain;
        try {
            plain = temporaryUpload();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Uploads.unsealTo(importDirectory.resolve(run.storedAs()), plain, protector);
            return run(plain, run.fileName(), options, progress);
        } finally {
            try {
                Files.deleteIfExists(plain);
            } catch (IOException e) {
                log.warn("A temporary file of an import could not be removed; the next start removes it");
            }
        }
    }

    /**
     * After a start: the runs an earlier process left going end as interrupted, and the temporary files
     * its imports set rows aside in are removed (this process's own are kept). Answers what was found.
     */
    Recovered recoverEarlierRuns() {
        int interrupted = runs.interruptEarlier();
        int spills = process.removeLeftBehind(importDirectory, RowSpill.PREFIX) + process.removeLeftBehind(importDirectory, UPLOADING);
        // files kept before kept uploads were sealed are sealed now, in place (their runs name them as before)
        int sealed = Uploads.sealLeftInPlaintext(importDirectory, f -> !f.getFileName().toString().startsWith(RowSpill.PREFIX)
                && !f.getFileName().toString().startsWith(UPLOADING) && !f.getFileName().toString().endsWith(".sealing"), protector);
        if (sealed > 0) {
            log.info("Registry uploads kept in plaintext by an earlier version: {} sealed with the personal-data key", sealed);
        }
        if (interrupted + spills > 0) {
            log.info("Registry imports left by an earlier process: {} runs now interrupted, {} temporary directories removed", interrupted, spills);
        }
        return new Recovered(interrupted, spills);
    }

    private static final String UPLOADING = "uploading-";

    /**
     * A new empty file for an upload on its way to a job, next to the kept files and named by this
     * process, so that one a stopped process left is removed at the next start.
     */
    public Path temporaryUpload() throws IOException {
        Files.createDirectories(importDirectory);
        return Files.createTempFile(importDirectory, process.prefix(UPLOADING), ".upload");
    }

    /** What the start found of earlier processes' imports (spill directories and uploads removed). */
    record Recovered(int interruptedRuns, int removedSpills) {
    }

    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void afterStart() {
        recoverEarlierRuns();
    }

    private static final String RUN_SELECT = """
            select id, file_name, dry_run, status, started_at, actor, rows_read, rows_refused, households_new, households_updated,
                   households_unchanged, households_refused, stored_as, message, year_option from import_run""";

    private static Run run(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Run(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12),
                rs.getString(13), rs.getString(14), (Integer) rs.getObject(15, Integer.class));
    }

    /** The result of a finished run as its page shows it, read back from what the run stored. */
    public Result result(long runId) {
        Run run = runOf(runId);
        List<Problem> problems = problems(runId);
        Optional<TabularFileException> refused = Optional.empty();
        if (("refused".equals(run.status()) || "failed".equals(run.status()) || "interrupted".equals(run.status())) && run.message() != null && run.message().contains("\u001e")) {
            String[] parts = run.message().split("\u001e", 2);
            Object[] args = parts[1].split("\u001f", -1);
            // the stored arguments begin with the file name, as the constructor adds it again
            refused = Optional.of(new TabularFileException(run.fileName(), parts[0],
                    java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length)));
        }
        return new Result(run.id(), run.fileName(), run.dryRun(), run.status(), run.rowsRead(), run.rowsRefused(),
                run.householdsNew(), run.householdsUpdated(), run.householdsUnchanged(), run.householdsRefused(),
                problems.size() > 200 ? List.copyOf(problems.subList(0, 200)) : problems, List.of(), List.of(), refused);
    }

    /** All problems of a run, in file order, for the downloadable report. */
    /**
     * What a dry run found it would change, per household (new households, changed facts, members in and out, a new
     * head), in the order of household numbers; only the households whose number is asked for when one is. The run's
     * owner or an administrator reads it, as the run itself.
     */
    public org.counterpart.shared.Page<HouseholdChange> changes(long runId, Optional<String> householdNo, int page, int size) {
        runOf(runId);
        String where = "run_id = :id" + (householdNo.isPresent() ? " and household_no = :no" : "");
        long total = jdbc.sql("select count(*) from import_change where " + where).param("id", runId).param("no", householdNo.orElse(null))
                .query(Long.class).single();
        List<HouseholdChange> items = jdbc.sql("""
                        select household_no, county_code, reg_year, kind, field, before_value, after_value from import_change
                        where %s order by household_no, reg_year, seq offset :offset rows fetch next :limit rows only""".formatted(where))
                .param("id", runId).param("no", householdNo.orElse(null))
                .param("offset", org.counterpart.shared.Page.offset(page, size)).param("limit", size)
                .query((rs, i) -> new HouseholdChange(rs.getString(1), rs.getString(2), rs.getInt(3), HouseholdChange.Kind.valueOf(rs.getString(4)),
                        rs.getString(5), nz(rs.getString(6)), nz(rs.getString(7))))
                .list();
        return new org.counterpart.shared.Page<>(items, Math.max(0, page), size, total);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public List<Problem> problems(long runId) {
        return jdbc.sql("select line, column_name, shown_value, message_key, arguments from import_problem where run_id = :id order by seq")
                .param("id", runId)
                .query((rs, i) -> new Problem(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Problem.decode(rs.getString(5))))
                .list();
    }

    private Path keep(Path file, String originalName, String sha) {
        try {
            Files.createDirectories(importDirectory);
            Path target = importDirectory.resolve(sha.substring(0, 12) + "-" + Uploads.diskName(originalName));
            if (!Files.exists(target)) {
                // sealed with the personal-data key: the kept file holds no ID number in plaintext
                Uploads.sealTo(file, target, protector);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
