package org.counterpart.registry;

import org.counterpart.shared.Problem;
import org.counterpart.geography.Regions;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A year larger than the import holds in memory at once is read back and written in slices of whole
 * households; what it writes, refuses and counts is exactly what a single slice would give, and a
 * failure on the way ends the run as failed with its reason, not a stack trace. Test data lives in
 * Guiyang (5201), one county per test.
 */
@IntegrationTest
@Claims("5201")
class ImportSlicesTest {

    @LocalServerPort
    int port;

    @Autowired
    RegistryImport imports;

    @Autowired
    RegistryGenerator generator;

    @Autowired
    Regions regions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PersonalDataProtector protector;

    @TempDir
    Path dir;

    @AfterEach
    void wholeYearsAgain() {
        imports.sliceRows(200_000);
        imports.beforeEachYear(null);
    }

    RegistryImport.Result run(Path file, boolean dryRun, long sliceRows) {
        imports.sliceRows(sliceRows);
        return imports.run(file, file.getFileName().toString(), new RegistryImport.Options(dryRun, OptionalInt.empty()), rows -> { });
    }

    /** What a result says, problems included, as one comparable text. */
    static String outcome(RegistryImport.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.status()).append(' ').append(r.rowsRead()).append(' ').append(r.rowsRefused()).append(" new ").append(r.householdsNew())
                .append(" updated ").append(r.householdsUpdated()).append(" unchanged ").append(r.householdsUnchanged())
                .append(" refused ").append(r.householdsRefused()).append('\n');
        r.problems().forEach(p -> sb.append(p.line()).append(' ').append(p.column()).append(' ').append(p.shownValue()).append(' ')
                .append(p.messageKey()).append(' ').append(p.arguments()).append('\n'));
        return sb.toString();
    }

    /** Every membership the file holds: household number, year, keyed hash of the ID number, relation. */
    Set<String> membershipsInFile(List<String> lines, Set<String> except) {
        Set<String> out = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            if (!except.contains(c[0])) {
                out.add(c[0] + "|" + c[31] + "|" + protector.lookupHash(c[3]) + "|" + c[4]);
            }
        }
        return out;
    }

    Set<String> membershipsInDatabase(String county) {
        return new TreeSet<>(jdbc.sql("""
                        select h.household_no, m.reg_year, p.id_hash, m.relation from membership m
                        join household h on h.id = m.household_id join person p on p.id = m.person_id
                        where h.county_code = :c""").param("c", county)
                .query((rs, i) -> rs.getString(1) + "|" + rs.getInt(2) + "|" + rs.getString(3) + "|" + rs.getString(4)).list());
    }

    @Test
    void aYearLargerThanASliceIsWrittenExactlyAsTheFileHoldsIt() throws IOException {
        Path file = dir.resolve("nanming.csv");
        long rows = generator.write(new RegistryGenerator.Spec(150, List.of(2017, 2018), regions.code("520102"), 5201, 0), file);
        assertThat(rows).isGreaterThan(400);
        AtomicLong done = new AtomicLong();
        AtomicLong total = new AtomicLong();
        imports.sliceRows(40); // each year in several slices
        RegistryImport.Result r = imports.run(file, file.getFileName().toString(), new RegistryImport.Options(false, OptionalInt.empty()),
                new ImportProgress() {
                    @Override
                    public void stage(Stage stage, int year) {
                    }

                    @Override
                    public void total(long rows) {
                        total.set(rows);
                    }

                    @Override
                    public void done(long rows) {
                        done.set(rows);
                    }
                });
        assertThat(r.status()).isEqualTo("applied");
        assertThat(r.rowsRefused()).isZero();
        assertThat(r.householdsNew()).isEqualTo(300);
        assertThat(r.householdsRefused()).isZero();
        assertThat(done.get()).isEqualTo(total.get()).isEqualTo(rows);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(membershipsInDatabase("520102")).isEqualTo(membershipsInFile(lines, Set.of())).hasSize((int) rows);
        assertThat(jdbc.sql("select count(*) from household_year where county_code = '520102'").query(Long.class).single()).isEqualTo(300);
        assertThat(jdbc.sql("select count(*) from household_year y where county_code = '520102' and member_count = "
                + "(select count(*) from membership m where m.household_id = y.household_id and m.reg_year = y.reg_year)")
                .query(Long.class).single()).isEqualTo(300);

        RegistryImport.Result again = run(file, false, 40);
        assertThat(again.householdsUnchanged()).isEqualTo(300);
        assertThat(again.householdsNew() + again.householdsUpdated() + again.householdsRefused()).isZero();
    }

    @Test
    void aPersonInTwoHouseholdsHoldsBothBackWhicheverSlicesTheyLieIn() throws IOException {
        // the generator's duplicates: a member listed again as the head of a household of one
        Path file = dir.resolve("yunyan.csv");
        generator.write(new RegistryGenerator.Spec(60, List.of(2018), regions.code("520103"), 52011, 6), file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        // the first duplicate's original household loses its head: refused for itself, so the copy of
        // its member, alone in a household of one, is written after all
        String[] duplicate = lines.stream().map(l -> l.split(",", -1)).filter(c -> c[0].matches("\\d{12}9\\d{3}")).findFirst().orElseThrow();
        String original = lines.stream().map(l -> l.split(",", -1)).filter(c -> c[3].equals(duplicate[3]) && !c[0].equals(duplicate[0]))
                .findFirst().orElseThrow()[0];
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            if (c[0].equals(original) && c[4].equals("户主")) {
                c[4] = "其他";
                lines.set(i, String.join(",", c));
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        // the households of each pair lie in different partitions, so one partition a slice parts them
        long parted = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[0].matches("\\d{12}9\\d{3}"))
                .filter(c -> lines.stream().skip(1).map(l -> l.split(",", -1)).anyMatch(o -> o[3].equals(c[3]) && !o[0].equals(c[0])
                        && RowSpill.partition(o[1].substring(0, 6), o[0]) != RowSpill.partition(c[1].substring(0, 6), c[0])))
                .count();
        assertThat(parted).isGreaterThanOrEqualTo(4);

        RegistryImport.Result whole = run(file, true, Long.MAX_VALUE);
        RegistryImport.Result sliced = run(file, true, 1);
        assertThat(whole.problems()).extracting(Problem::messageKey).contains("import.id.inTwoHouseholds", "import.household.noHead");
        assertThat(whole.householdsRefused()).isEqualTo(5 * 2 + 1);
        assertThat(outcome(sliced)).isEqualTo(outcome(whole));

        RegistryImport.Result applied = run(file, false, 1);
        assertThat(outcome(applied).replaceFirst("^applied", "checked")).isEqualTo(outcome(whole));
        Set<String> heldBack = new TreeSet<>();
        whole.problems().forEach(p -> {
            if (p.messageKey().equals("import.id.inTwoHouseholds")) {
                heldBack.add(String.valueOf(p.arguments().get(0)));
                heldBack.add(lines.get(p.line() - 1).split(",", -1)[0]);
            }
        });
        heldBack.add(original);
        assertThat(heldBack).hasSize(11);
        assertThat(membershipsInDatabase("520103")).isEqualTo(membershipsInFile(lines, heldBack));
        assertThat(membershipsInDatabase("520103")).anyMatch(m -> m.startsWith(duplicate[0] + "|"));
    }

    @Test
    void aPersonWhoMovedBetweenHouseholdsOfDifferentSlicesIsJudgedAsIfTheYearWereWrittenAtOnce() throws IOException {
        Path file = dir.resolve("huaxi.csv");
        generator.write(new RegistryGenerator.Spec(40, List.of(2018), regions.code("520111"), 52012, 0), file);
        run(file, false, Long.MAX_VALUE);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        // a member (not a head) of one household now listed in a household of a later partition: the
        // household left is rewritten in an earlier slice than the one the person joins
        int moved = -1;
        String to = null;
        for (int i = 1; i < lines.size() && moved < 0; i++) {
            String[] c = lines.get(i).split(",", -1);
            if (c[4].equals("户主")) {
                continue;
            }
            for (int j = 1; j < lines.size(); j++) {
                String[] o = lines.get(j).split(",", -1);
                if (RowSpill.partition(o[1].substring(0, 6), o[0]) > RowSpill.partition(c[1].substring(0, 6), c[0])) {
                    moved = i;
                    to = o[0];
                    break;
                }
            }
        }
        String[] c = lines.get(moved).split(",", -1);
        String joined = to;
        String[] target = lines.stream().map(l -> l.split(",", -1)).filter(o -> o[0].equals(joined)).findFirst().orElseThrow();
        for (int k : new int[]{0, 1, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30}) {
            c[k] = target[k];
        }
        lines.set(moved, String.join(",", c));
        Files.write(file, lines, StandardCharsets.UTF_8);

        RegistryImport.Result whole = run(file, true, Long.MAX_VALUE);
        RegistryImport.Result sliced = run(file, true, 1);
        assertThat(whole.householdsUpdated()).isEqualTo(1);
        assertThat(whole.problems()).extracting(Problem::messageKey).containsExactly("import.id.registeredElsewhere");
        assertThat(outcome(sliced)).isEqualTo(outcome(whole));
    }

    @Test
    void runningOutOfMemoryEndsTheRunAsFailedWithItsReasonOnThePage() throws Exception {
        Path file = dir.resolve("wudang.csv");
        generator.write(new RegistryGenerator.Spec(20, List.of(2018), regions.code("520112"), 52013, 0), file);
        imports.beforeEachYear(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        RegistryImport.Result r = run(file, false, 200_000);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.fileRefused()).isPresent();
        assertThat(r.fileRefused().get().messageKey()).isEqualTo("import.failed.memory");
        assertThat(jdbc.sql("select count(*) from household where county_code = '520112'").query(Long.class).single()).isZero();

        // the same through the page: the job ends, and its result says why and that nothing was written
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page page = RegistryImportTest.finished(admin, admin.upload("/registry/imports", file, "wudang.csv"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("失败（未写入）").contains("内存不足").doesNotContain("OutOfMemoryError").doesNotContain("at org.");
        assertThat(imports.recentRuns(5)).anyMatch(run -> run.fileName().equals("wudang.csv") && run.status().equals("failed"));

        imports.beforeEachYear(() -> {
            throw new IllegalStateException("520112198001010013 broke it");
        });
        RegistryImport.Result unexpected = run(file, true, 200_000);
        assertThat(unexpected.status()).isEqualTo("failed");
        assertThat(unexpected.fileRefused().get().messageKey()).isEqualTo("import.failed.unexpected");
        assertThat(List.of(unexpected.fileRefused().get().arguments())).map(String::valueOf)
                .noneMatch(a -> a.contains("520112198001010013"));
    }
}
