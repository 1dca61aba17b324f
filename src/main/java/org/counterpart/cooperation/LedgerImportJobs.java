package org.counterpart.cooperation;

import org.counterpart.shared.Jobs;
import org.springframework.stereotype.Service;

import java.io.InputStream;

/**
 * The ledgers' imports as background jobs ({@link Jobs}), as the registry's are: a dry run or an
 * import of an uploaded file, applying a checked dry run, and running the file of an interrupted run
 * again. The upload is kept and the caller's rights are checked before the job starts, so a refusal
 * answers at once; the job then runs as the caller, with their scope. Each job's outcome is the run it made.
 */
@Service
public class LedgerImportJobs {

    /** A dry run: checks and counts, keeps nothing. */
    public static final String CHECK = "ledger-check";
    /** An import: writes the ledger. */
    public static final String IMPORT = "ledger-import";

    private static final String FAILED = "import.job.failed";

    private final LedgerImport imports;
    private final Jobs jobs;

    LedgerImportJobs(LedgerImport imports, Jobs jobs) {
        this.imports = imports;
        this.jobs = jobs;
    }

    /** Keeps the upload and starts its dry run or import. */
    public String start(Ledger ledger, String fileName, InputStream content, boolean dryRun) {
        LedgerImport.Upload upload = imports.keep(fileName, content);
        return jobs.start(dryRun ? CHECK : IMPORT, upload.name(), FAILED, progress -> imports.run(ledger, upload, dryRun, progress).id());
    }

    /** Starts applying a checked dry run of the caller's; one already applied is refused here and now. */
    public String startApply(long checkedRunId) {
        LedgerImport.StoredRun run = imports.applicable(checkedRunId);
        return jobs.start(IMPORT, run.fileName(), FAILED, progress -> imports.apply(checkedRunId, progress).id());
    }

    /** Starts running the kept file of an interrupted or failed run again, as a new run of the same kind. */
    public String startRunAgain(long runId) {
        LedgerImport.StoredRun run = imports.runAgainable(runId);
        return jobs.start(run.dryRun() ? CHECK : IMPORT, run.fileName(), FAILED, progress -> imports.runAgain(runId, progress).id());
    }

    /** A job of the caller's own (administrators see every job). */
    public Jobs.View view(String id) {
        return jobs.view(id);
    }
}
