package org.counterpart.shared;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.stereotype.Service;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs long work (imports, and next the planning runs) in the background so no page is held open:
 * the page polls the job's {@link View} (stage, rows done of the total, rows per second, time left)
 * and goes to the outcome when it is done. A job runs as the person who started it, with their
 * scope, so the services it calls check that person as they would in a request. Jobs live in
 * memory: work that must survive a restart keeps its own state (an import keeps its run and file).
 */
@Service
public class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final String ADMINISTRATOR = "ROLE_ADMINISTRATOR";

    /** The work of a job: it reports progress and answers the id of what it produced (a run, a plan). */
    @FunctionalInterface
    public interface Work {
        long run(JobProgress progress);
    }

    /**
     * A job as its page shows it. {@code kind} names what runs (its message keys follow from it),
     * {@code label} what it runs on (a file name); {@code failureKey} is set when it failed.
     */
    public record View(String id, String kind, String label, JobProgress.Stage stage, int year, long total, long done,
                       long rowsPerSecond, Optional<Long> secondsLeft, boolean finished, Optional<Long> outcomeId,
                       Optional<String> failureKey) {
        public boolean failed() {
            return failureKey.isPresent();
        }

        public boolean writing() {
            return stage == JobProgress.Stage.WRITING;
        }

        public int percent() {
            return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        }

        /** The message key of the line saying where the job is; the writing stage is worded per kind. */
        public String stageKey() {
            if (finished) {
                return "job.stage.done";
            }
            return writing() ? "job.stage.writing." + kind : "job.stage.checking";
        }
    }

    private static final class Job extends ProgressTracker {
        final String id = UUID.randomUUID().toString();
        final String kind;
        final String label;
        final String owner;
        volatile boolean finished;
        volatile String failureKey;
        volatile Long outcomeId;

        Job(String kind, String label, String owner) {
            this.kind = kind;
            this.label = label;
            this.owner = owner;
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    // two at a time: the machine has two cores, and a third job would only slow the others
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "job");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts work as the caller; answers the job's id for its page. A failure ends the job with
     * {@code failureKey} (what the failure means for this kind of work), unless the work refused
     * with its own reason.
     */
    public String start(String kind, String label, String failureKey, Work work) {
        Job job = new Job(kind, label, caller().getName());
        jobs.put(job.id, job);
        workers.submit(new DelegatingSecurityContextRunnable(() -> {
            try {
                job.outcomeId = work.run(job);
            } catch (RuntimeException | OutOfMemoryError e) {
                job.failureKey = e instanceof InvalidInputException refused ? refused.messageKey() : failureKey;
                // once, and without the exception's message, which may quote a cell with a name or an ID number:
                // the job, the kind of failure and where it broke are enough to look further
                log.error("Job {} ({}) failed: {} at {}", job.id, kind, e.getClass().getName(),
                        e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            } finally {
                job.finished = true;
            }
        }));
        return job.id;
    }

    /** A job of the caller's own (administrators see every job). */
    public View view(String id) {
        Authentication me = caller();
        Job job = jobs.get(id);
        if (job == null) {
            throw new NotFoundException("job " + id);
        }
        boolean administrator = me.getAuthorities().stream().anyMatch(a -> ADMINISTRATOR.equals(a.getAuthority()));
        if (!job.owner.equals(me.getName()) && !administrator) {
            throw new AccessDeniedException("job of someone else");
        }
        OptionalLong estimate = job.secondsLeft();
        Optional<Long> left = job.finished || estimate.isEmpty() ? Optional.empty() : Optional.of(estimate.getAsLong());
        return new View(job.id, job.kind, job.label, job.stage(), job.year(), job.total(), job.done(), job.rowsPerSecond(), left,
                job.finished, Optional.ofNullable(job.outcomeId), Optional.ofNullable(job.failureKey));
    }

    private static Authentication caller() {
        Authentication me = SecurityContextHolder.getContext().getAuthentication();
        if (me == null || !me.isAuthenticated() || me.getName() == null) {
            throw new AccessDeniedException("jobs are started and followed by a signed-in person");
        }
        return me;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
