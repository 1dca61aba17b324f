package org.counterpart.registry;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerImport;
import org.counterpart.geography.Regions;
import org.counterpart.shared.ImportRunState;
import org.counterpart.shared.JobProgress;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.TabularColumn;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept uploads hold no personal data in plaintext: the registry file a run keeps (for check again, apply and
 * run again) and a ledger upload waiting for Apply are sealed with the personal-data key, and each still runs
 * again from what was kept; a file an earlier version kept in plaintext is sealed at the next start. 阜新市 (2111).
 */
@IntegrationTest
@Claims("2111")
class KeptUploadsTest {

    static final String CITY = "2111";

    @Autowired
    RegistryGenerator generator;
    @Autowired
    RegistryImport imports;
    @Autowired
    LedgerImport ledgerImports;
    @Autowired
    Regions regions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PersonalDataProtector protector;
    @Value("${counterpart.home}")
    String home;

    @TempDir
    Path dir;

    @Test
    void theKeptRegistryFileIsSealedAndItsDryRunIsAppliedFromIt() throws Exception {
        Path file = dir.resolve("fuxin.csv");
        generator.write(new RegistryGenerator.Spec(5, List.of(2019), regions.code(CITY), 2111, 0), file);
        List<String> ids = idNumbers(file);
        RegistryImport.Result dryRun = imports.run(file, "fuxin.csv", new RegistryImport.Options(true, OptionalInt.empty()), r -> { });
        assertThat(dryRun.status()).isEqualTo("checked");
        assertThat(dryRun.rowsRefused()).isZero();

        Path kept = Path.of(home, "imports").resolve(imports.runOf(dryRun.runId()).storedAs());
        assertThat(kept).exists();
        assertThat(PersonalDataProtector.isSealed(kept)).isTrue();
        String onDisk = new String(Files.readAllBytes(kept), StandardCharsets.ISO_8859_1);
        ids.forEach(id -> assertThat(onDisk).doesNotContain(id));
        assertThat(Files.size(kept)).isGreaterThan(Files.size(file));

        RegistryImport.Result applied = imports.applyChecked(dryRun.runId(), r -> { });
        assertThat(applied.status()).isEqualTo("applied");
        assertThat(applied.householdsNew() + applied.householdsUpdated()).isEqualTo(dryRun.householdsNew() + dryRun.householdsUpdated()).isPositive();
        // the plain copy the run read is gone again
        try (var left = Files.list(Path.of(home, "imports"))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("uploading-") && n.endsWith(".upload"))).isEmpty();
        }
    }

    @Test
    void aFileKeptInPlaintextByAnEarlierVersionIsSealedAtStartAndStillReads() throws Exception {
        Path file = dir.resolve("fuxin-old.csv");
        generator.write(new RegistryGenerator.Spec(3, List.of(2018), regions.code(CITY), 21110, 0), file);
        Path legacy = Path.of(home, "imports").resolve("000000000000-legacy-fuxin.csv");
        Files.createDirectories(legacy.getParent());
        Files.copy(file, legacy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            imports.recoverEarlierRuns();
            assertThat(PersonalDataProtector.isSealed(legacy)).isTrue();
            String onDisk = new String(Files.readAllBytes(legacy), StandardCharsets.ISO_8859_1);
            idNumbers(file).forEach(id -> assertThat(onDisk).doesNotContain(id));
            Path back = dir.resolve("back.csv");
            org.counterpart.shared.Uploads.unsealTo(legacy, back, protector);
            assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(file));
        } finally {
            Files.deleteIfExists(legacy);
        }
    }

    @Test
    void aLedgerUploadWaitingForApplyIsSealedAndAppliedFromIt() throws Exception {
        Path registry = dir.resolve("fuxin-ledger.csv");
        String county = CITY;
        generator.write(new RegistryGenerator.Spec(2, List.of(2019), regions.code(county), 21111, 0), registry);
        assertThat(imports.run(registry, "fuxin-ledger.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { }).rowsRefused()).isZero();
        String id = idNumbers(registry).get(0);

        List<TabularColumn> columns = ledgerImports.columns(Ledger.TRAINING);
        StringBuilder csv = new StringBuilder(String.join(",", columns.stream().map(TabularColumn::chineseHeader).toList())).append('\n');
        csv.append("阜新封存测试培训,").append(county).append(',').append(county).append(",2019-05-06,,1000,10,,").append(id).append('\n');
        LedgerImport.Upload upload;
        try (InputStream in = new java.io.ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8))) {
            upload = ledgerImports.keep("fuxin-training.csv", in);
        }
        assertThat(PersonalDataProtector.isSealed(upload.path())).isTrue();
        assertThat(new String(Files.readAllBytes(upload.path()), StandardCharsets.ISO_8859_1)).doesNotContain(id).doesNotContain("阜新");

        LedgerImport.Result checked = ledgerImports.run(Ledger.TRAINING, upload, true, quiet());
        assertThat(checked.problems()).isEmpty();
        assertThat(checked.state()).isEqualTo(ImportRunState.CHECKED);
        LedgerImport.Result applied = ledgerImports.apply(checked.id(), quiet());
        assertThat(applied.state()).isEqualTo(ImportRunState.APPLIED);
        assertThat(applied.created()).isEqualTo(1);
        try (var left = Files.list(upload.path().getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("reading-"))).isEmpty();
        }
    }

    static JobProgress quiet() {
        return new JobProgress() {
            @Override
            public void total(long rows) {
            }

            @Override
            public void done(long rows) {
            }
        };
    }

    /** The ID numbers of a generated registry file (its fourth column). */
    static List<String> idNumbers(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)[3]).toList();
    }
}
