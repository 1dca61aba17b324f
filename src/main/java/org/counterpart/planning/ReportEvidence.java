package org.counterpart.planning;

import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.RecordChanged;
import org.counterpart.shared.Uploads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Evidence for the values a unit reports by hand: files attached to a target of its report while the report
 * is a draft or returned, read by whoever may read the report. Files are kept sealed (they may name people);
 * once handed in, the evidence is the report's and stays as it is.
 */
@Service
public class ReportEvidence {

    /** A file attached to one target of a report. */
    public record Evidence(long id, long reportId, long targetId, String fileName, long size, String uploadedBy, Instant uploadedAt) {
    }

    private final JdbcClient jdbc;
    private final MonthlyReports reports;
    private final PersonalDataProtector protector;
    private final ApplicationEventPublisher events;
    private final Path directory;

    ReportEvidence(JdbcClient jdbc, MonthlyReports reports, PersonalDataProtector protector, ApplicationEventPublisher events,
                   @Value("${counterpart.home}") String home) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.protector = protector;
        this.events = events;
        this.directory = Path.of(home, "evidence");
    }

    /** Attaches a file to a target of the report; refused unless the caller writes the report and it is still editable. */
    @Transactional
    public long attach(long reportId, long targetId, String fileName, InputStream content) {
        MonthlyReport r = reports.get(reportId);
        if (!reports.canWrite(r.unit())) {
            throw new AccessDeniedException("only the unit's own people attach evidence to its report");
        }
        r.requireEditable();
        if (reports.values(r).stream().noneMatch(v -> v.target().id() == targetId)) {
            throw new InvalidInputException("target", "report.evidence.target");
        }
        Uploads.Kept kept = Uploads.keepSealed(directory, fileName, "evidence", content, protector);
        if (kept.size() == 0) {
            delete(kept.path());
            throw new InvalidInputException("file", "report.evidence.empty");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into report_evidence (report_id, target_id, file_name, stored_as, size_bytes, sha256, uploaded_by, uploaded_at)
                        values (:r, :t, :n, :s, :z, :h, :b, :a)""")
                .param("r", reportId).param("t", targetId).param("n", kept.name()).param("s", kept.path().getFileName().toString())
                .param("z", kept.size()).param("h", kept.sha256()).param("b", CurrentUser.actorName()).param("a", Timestamp.from(Instant.now()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(ReportAudit.EVIDENCE, id, Map.of("report", String.valueOf(reportId),
                "target", String.valueOf(targetId), "file", kept.name(), "size", String.valueOf(kept.size()), "sha256", kept.sha256())));
        return id;
    }

    /** The evidence of a report, for whoever may read the report. */
    public List<Evidence> of(long reportId) {
        reports.get(reportId);
        return jdbc.sql("select * from report_evidence where report_id = :r order by target_id, id").param("r", reportId)
                .query((rs, i) -> new Evidence(rs.getLong("id"), rs.getLong("report_id"), rs.getLong("target_id"), rs.getString("file_name"),
                        rs.getLong("size_bytes"), rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toInstant())).list();
    }

    /** Writes one file of a report's evidence, unsealed, to {@code out}; answers what it is. */
    public Evidence open(long reportId, long evidenceId, OutputStream out) {
        Evidence e = of(reportId).stream().filter(x -> x.id() == evidenceId).findFirst()
                .orElseThrow(() -> new NotFoundException("evidence " + evidenceId + " of report " + reportId));
        String storedAs = jdbc.sql("select stored_as from report_evidence where id = :id").param("id", evidenceId).query(String.class).single();
        try (InputStream in = Files.newInputStream(directory.resolve(storedAs))) {
            protector.unseal(in, out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return e;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // an empty file left behind is harmless
        }
    }
}
