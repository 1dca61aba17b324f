package org.counterpart.registry;

import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Other users keep working while an import writes: the import's audit entries no longer hold the
 * chain's head until it commits (they failed with 500 after the database's two-second lock timeout).
 */
@IntegrationTest
@Claims("520329")
class SavesDuringImportTest {

    private static final List<Integer> YEARS = List.of(2016, 2017, 2018);

    @Autowired
    RegistryGenerator generator;

    @Autowired
    RegistryImport imports;

    @Autowired
    Regions regions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.counterpart.audit.AuditLog audit;

    @LocalServerPort
    int port;

    private RegistryImport.Result run(Path file, ImportProgress progress) {
        return CurrentUser.asSystem(() -> imports.run(file, file.getFileName().toString(), new RegistryImport.Options(false, OptionalInt.empty()), progress));
    }

    /** The same households with the dangerous-housing answer turned in every row, so every household of every year changes. */
    private static void turnEveryHouse(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            cells[27] = cells[27].equals("是") ? "否" : "是";
            lines.set(i, String.join(",", cells));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    @Test
    void anInstitutionAndAHouseholdCorrectionAreSavedQuicklyWhileAnImportWrites() throws Exception {
        List<String> towns = jdbc.sql("select code from region where parent_code = '520329' order by code").query(String.class).list();
        Path small = Files.createTempFile("yuqing-small", ".csv");
        generator.write(new RegistryGenerator.Spec(3, List.of(2018), regions.code(towns.get(0)), 41, 0), small);
        run(small, ImportProgress.of(n -> { }));
        long household = jdbc.sql("select id from household where village_code like :t || '%' order by id fetch first 1 rows only")
                .param("t", towns.get(0)).query(Long.class).single();

        Path big = Files.createTempFile("yuqing-big", ".csv");
        generator.write(new RegistryGenerator.Spec(2_500, YEARS, regions.code(towns.get(1)), 43, 0), big);
        assertThat(run(big, ImportProgress.of(n -> { })).householdsNew()).isEqualTo(2_500 * YEARS.size());
        turnEveryHouse(big);

        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/institutions/new");
        WebSession corrector = WebSession.signedIn(port, "admin");
        corrector.get("/registry/households/" + household + "/2018/edit");

        // the second import changes every household of three years; its first year's changes are audited
        // before the next year is written, which used to lock the chain's head until the import committed
        CountDownLatch secondYear = new CountDownLatch(1);
        ImportProgress progress = new ImportProgress() {
            @Override
            public void total(long rows) {
            }

            @Override
            public void done(long rows) {
            }

            @Override
            public void stage(Stage stage, int year) {
                if (stage == Stage.WRITING && year == YEARS.get(1)) {
                    secondYear.countDown();
                }
            }
        };
        long started = System.nanoTime();
        CompletableFuture<RegistryImport.Result> importing = CompletableFuture.supplyAsync(() -> run(big, progress));
        assertThat(secondYear.await(120, TimeUnit.SECONDS)).as("the import reaches its second year").isTrue();

        long saving = System.nanoTime();
        WebSession.Page institution = admin.post("/institutions/new", Map.of("nameZh", "余庆县导入期间保存的企业", "nameEn", "",
                "kind", "ENTERPRISE", "region", "520329", "creditCode", "", "note", "", "version", "0"));
        Map<String, String> correction = new HashMap<>();
        var row = jdbc.sql("select poverty_status, version from household_year where household_id = :id and reg_year = 2018")
                .param("id", household).query((rs, i) -> new String[]{rs.getString(1), rs.getString(2)}).single();
        correction.put("status", row[0]);
        correction.put("wage", "4321.00");
        correction.put("dangerousHousing", "false");
        correction.put("safeWater", "true");
        correction.put("version", row[1]);
        WebSession.Page corrected = corrector.post("/registry/households/" + household + "/2018/edit", correction);
        long savedMillis = (System.nanoTime() - saving) / 1_000_000;
        boolean importStillWriting = !importing.isDone();

        assertThat(institution.status()).as("the institution is saved").isEqualTo(302);
        assertThat(corrected.status()).as("the correction is saved").isEqualTo(302);
        assertThat(savedMillis).as("both saves take less than the two-second lock timeout they used to run into").isLessThan(2_000);
        assertThat(importStillWriting).as("the saves happened while the import was writing (else the import is too small to tell)").isTrue();

        RegistryImport.Result result = importing.get(300, TimeUnit.SECONDS);
        System.out.printf("import of %d households x %d years wrote for %d ms; both saves took %d ms%n", result.householdsUpdated(),
                YEARS.size(), (System.nanoTime() - started) / 1_000_000, savedMillis);
        assertThat(result.householdsUpdated()).isEqualTo(2_500 * YEARS.size());
        assertThat(audit.verify().intact()).isTrue();
        // the import's entries and the saves' are all in the chain, which verifies
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.household' and entity_id in "
                        + "(select cast(id as varchar(40)) from household where village_code like :t || '%')")
                .param("t", towns.get(1)).query(Long.class).single()).isEqualTo(2_500L * YEARS.size());
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'cooperation.institution' and after_state like '%余庆县导入期间保存的企业%'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select income_wage from household_year where household_id = :id and reg_year = 2018").param("id", household)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("4321.00");
    }

    @Test
    void twoPeopleOpeningTheMonitoringPageOfAYearNeverComputedBothSeeIt() throws Exception {
        // a year only this class registers, large enough that computing it takes a while
        String town = jdbc.sql("select code from region where parent_code = '520329' order by code").query(String.class).list().get(2);
        Path file = Files.createTempFile("yuqing-2015", ".csv");
        generator.write(new RegistryGenerator.Spec(8_000, List.of(2015), regions.code(town), 47, 0), file);
        run(file, ImportProgress.of(n -> { }));
        assertThat(jdbc.sql("select count(*) from monitoring_run where reg_year = 2015").query(Long.class).single()).isZero();

        WebSession first = WebSession.signedIn(port, "admin");
        WebSession second = WebSession.signedIn(port, "lps.office");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<int[]>> opened = new ArrayList<>();
        for (WebSession s : List.of(first, second)) {
            opened.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                long t = System.nanoTime();
                int status = s.get("/registry/monitoring?year=2015").status();
                return new int[]{status, (int) ((System.nanoTime() - t) / 1_000_000)};
            }));
        }
        go.countDown();
        int[] a = opened.get(0).get(120, TimeUnit.SECONDS);
        int[] b = opened.get(1).get(120, TimeUnit.SECONDS);
        System.out.printf("monitoring of 2015 opened at once: %d in %d ms, %d in %d ms%n", a[0], a[1], b[0], b[1]);
        assertThat(a[0]).as("the first to open it").isEqualTo(200);
        assertThat(b[0]).as("the second to open it").isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from monitoring_run where reg_year = 2015").query(Long.class).single()).isEqualTo(1);
    }
}
