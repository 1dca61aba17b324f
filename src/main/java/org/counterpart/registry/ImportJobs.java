package org.counterpart.registry;

import jakarta.annotation.PreDestroy;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs imports in the background so a large file never holds a page open: the page follows the job's
 * progress (rows, rows per second, time left) and goes to the result when it is done. The job runs as
 * the person who started it, with their scope. Jobs live in memory; the import itself is one
 * transaction, so a job cut short by a restart leaves nothing behind, and its file is kept with the run.
 */
@Service
public class ImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

    /**
     * A job as its page shows it: the stage it is in (checking rows, then writing year by year), and
     * the rows of that stage done, their rate and the time the stage still needs.
     */
    public record View(String id, String fileName, boolean dryRun, ImportProgress.Stage stage, int year, long total, long done,
                       long rowsPerSecond, Optional<Long> secondsLeft, boolean finished, Optional<Long> runId, boolean failed) {
        public boolean writing() {
            return stage == ImportProgress.Stage.WRITING;
        }

        public int percent() {
            return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        }
    }

    private static final class Job extends ProgressTracker {
        final String id = UUID.randomUUID().toString();
        final String fileName;
        final boolean dryRun;
        final String actor;
        volatile boolean finished;
        volatile boolean failed;
        volatile Long runId;

        Job(String fileName, boolean dryRun, String actor) {
            this.fileName = fileName;
            this.dryRun = dryRun;
            this.actor = actor;
        }
    }

    private final RegistryImport imports;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    // two at a time: the machine has two cores, and a third import would only slow the others
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "registry-import");
        t.setDaemon(true);
        return t;
    });

    ImportJobs(RegistryImport imports) {
        this.imports = imports;
    }

    /** Starts a dry run or an import of an uploaded file; the file is deleted when the job ends. */
    public String start(Path upload, String fileName, RegistryImport.Options options) {
        Job job = new Job(fileName, options.dryRun(), CurrentUser.require().getUsername());
        jobs.put(job.id, job);
        workers.submit(new DelegatingSecurityContextRunnable(() -> {
            try {
                job.runId = imports.run(upload, fileName, options, job).runId();
            } catch (RuntimeException e) {
                job.failed = true;
                log.error("Import job {} of {} failed", job.id, fileName, e);
            } finally {
                job.finished = true;
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }));
        return job.id;
    }

    /** Starts writing a checked dry run. */
    public String startApply(long runId) {
        RegistryImport.Run run = imports.runOf(runId);
        Job job = new Job(run.fileName(), false, CurrentUser.require().getUsername());
        jobs.put(job.id, job);
        workers.submit(new DelegatingSecurityContextRunnable(() -> {
            try {
                job.runId = imports.applyChecked(runId, job).runId();
            } catch (RuntimeException e) {
                job.failed = true;
                log.error("Applying import {} failed", runId, e);
            } finally {
                job.finished = true;
            }
        }));
        return job.id;
    }

    /** Starts checking the file of a dry run again, as a new dry run (after values of its code columns were mapped). */
    public String startRecheck(long runId) {
        RegistryImport.Run run = imports.runOf(runId);
        Job job = new Job(run.fileName(), true, CurrentUser.require().getUsername());
        jobs.put(job.id, job);
        workers.submit(new DelegatingSecurityContextRunnable(() -> {
            try {
                job.runId = imports.recheck(runId, job).runId();
            } catch (RuntimeException e) {
                job.failed = true;
                log.error("Checking import {} again failed", runId, e);
            } finally {
                job.finished = true;
            }
        }));
        return job.id;
    }

    /** A job of the caller's own (administrators see every job). */
    public View view(String id) {
        Job job = jobs.get(id);
        CurrentUser me = CurrentUser.require();
        if (job == null) {
            throw new NotFoundException("import job " + id);
        }
        if (!job.actor.equals(me.getUsername()) && !me.is(Role.ADMINISTRATOR)) {
            throw new AccessDeniedException("import job of someone else");
        }
        java.util.OptionalLong estimate = job.secondsLeft();
        Optional<Long> left = job.finished || estimate.isEmpty() ? Optional.empty() : Optional.of(estimate.getAsLong());
        return new View(job.id, job.fileName, job.dryRun, job.stage(), job.year(), job.total(), job.done(), job.rowsPerSecond(), left,
                job.finished,
                Optional.ofNullable(job.runId), job.failed);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
