package org.counterpart.registry;

import org.counterpart.shared.Jobs;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The registry's imports as background jobs ({@link Jobs}): a dry run or an import of an uploaded
 * file, writing a checked dry run, and checking a dry run's file again. Each job's outcome is the
 * import run it made. The import itself is one transaction, so a job cut short by a restart leaves
 * nothing behind, and its file is kept with the run.
 */
@Service
public class ImportJobs {

    /** A dry run: checks and compares, writes nothing. */
    public static final String CHECK = "registry-check";
    /** An import: writes the registry. */
    public static final String IMPORT = "registry-import";

    private static final String FAILED = "import.job.failed";

    private final RegistryImport imports;
    private final Jobs jobs;

    ImportJobs(RegistryImport imports, Jobs jobs) {
        this.imports = imports;
        this.jobs = jobs;
    }

    /** Starts a dry run or an import of an uploaded file; the file is deleted when the job ends. */
    public String start(Path upload, String fileName, RegistryImport.Options options) {
        return jobs.start(options.dryRun() ? CHECK : IMPORT, fileName, FAILED, progress -> {
            try {
                return recorded(imports.run(upload, fileName, options, ImportProgress.to(progress)).runId());
            } finally {
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        });
    }

    /** Starts writing a checked dry run. */
    public String startApply(long runId) {
        RegistryImport.Run run = imports.runOf(runId);
        return jobs.start(IMPORT, run.fileName(), FAILED, progress -> recorded(imports.applyChecked(runId, ImportProgress.to(progress)).runId()));
    }

    /** Starts checking the file of a dry run again, as a new dry run (after values of its code columns were mapped). */
    public String startRecheck(long runId) {
        RegistryImport.Run run = imports.runOf(runId);
        return jobs.start(CHECK, run.fileName(), FAILED, progress -> recorded(imports.recheck(runId, ImportProgress.to(progress)).runId()));
    }

    /** Starts running the kept file of an interrupted or failed run again, as a new run of the same kind. */
    public String startRunAgain(long runId) {
        RegistryImport.Run run = imports.runOf(runId);
        return jobs.start(run.dryRun() ? CHECK : IMPORT, run.fileName(), FAILED,
                progress -> recorded(imports.runAgain(runId, ImportProgress.to(progress)).runId()));
    }

    /** A job of the caller's own (administrators see every job). */
    public Jobs.View view(String id) {
        return jobs.view(id);
    }

    /** A run that failed and could not even be recorded (id 0) has no page of its own: its job then ends as failed. */
    private static long recorded(long runId) {
        if (runId <= 0) {
            throw new IllegalStateException("the import failed and its run could not be recorded");
        }
        return runId;
    }
}
