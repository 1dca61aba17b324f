package org.counterpart.insight;

import org.counterpart.cooperation.InstitutionForm;
import org.counterpart.cooperation.InstitutionKind;
import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.Milestones;
import org.counterpart.cooperation.PairingForm;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.Period;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.ResidentId;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metrics of the catalogue against figures worked out by hand: ledger records of every kind made
 * through the services, helped places in Yuxi (5304) recorded by Benxi's governments (2105) and one
 * Benxi institution, and a registry of 本溪满族自治县 (210521) for the measures that reach people (the
 * division tables carry villages for Liaoning, not for Yunnan). Each kind of subject and period, the
 * months adding up to the year, the records behind a value adding up to it, and the values after an
 * edit and a deletion.
 */
@IntegrationTest
@Claims({"5304", "2105"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {

    static final int YEAR = 2018;
    static final String REGISTRY_COUNTY = "210521";

    static final MetricSubject YUXI = new MetricSubject.Place("5304");
    static final MetricSubject HONGTA = new MetricSubject.Place("530402");
    static final MetricSubject TONGHAI = new MetricSubject.Place("530423");
    static final MetricSubject BENXI_PLACE = new MetricSubject.Place("2105");
    static final MetricSubject BENXI_COUNTY_PLACE = new MetricSubject.Place(REGISTRY_COUNTY);
    static final MetricSubject BENXI = new MetricSubject.RecordedBy("2105");
    static final MetricSubject PINGSHAN = new MetricSubject.RecordedBy("210502");
    static final MetricSubject BENXI_COUNTY = new MetricSubject.RecordedBy(REGISTRY_COUNTY);
    static MetricSubject enterprise;

    static final Map<String, Long> ids = new HashMap<>();
    static int householdMembers;
    static boolean loaded;

    @LocalServerPort
    int port;

    @Autowired
    MetricCatalog catalog;
    @Autowired
    Ledgers ledgers;
    @Autowired
    Milestones milestones;
    @Autowired
    Pairings pairings;
    @Autowired
    Institutions institutions;
    @Autowired
    RegistryGenerator generator;
    @Autowired
    RegistryImport registryImport;
    @Autowired
    Regions regions;
    @Autowired
    PersonalDataProtector protector;
    @Autowired
    Reach reach;
    @Autowired
    JdbcClient jdbc;

    List<MetricSubject> subjects() {
        return List.of(YUXI, HONGTA, TONGHAI, BENXI_PLACE, BENXI_COUNTY_PLACE, BENXI, PINGSHAN, BENXI_COUNTY, enterprise);
    }

    @BeforeEach
    void recordsOfEveryKind() throws Exception {
        synchronized (MetricsTest.class) {
            if (loaded) {
                return;
            }
            Path file = Files.createTempFile("metrics-registry", ".csv");
            try {
                generator.write(new RegistryGenerator.Spec(10, List.of(YEAR, YEAR + 1), regions.code(REGISTRY_COUNTY), 11, 0), file);
                registryImport.run(file, "metrics-registry.csv", new RegistryImport.Options(false, OptionalInt.empty()), rows -> { });
            } finally {
                Files.deleteIfExists(file);
            }
            long inst = institutions.create(new InstitutionForm("本溪指标测试企业", "Benxi metrics test enterprise", InstitutionKind.ENTERPRISE,
                    "2105", "", "", 0));
            enterprise = new MetricSubject.Institution(inst);
            String byEnterprise = "本溪指标测试企业";

            // funds: two dated by when they were recorded (set below), one recorded now, which lies after 2018: December
            ids.put("f1", create(Ledger.FUND, fund("水厂建设", "530402", "210502", "1000000", "1000000"), List.of()));
            ids.put("f2", create(Ledger.FUND, fund("茶园改造", "530423", REGISTRY_COUNTY, "500000", "200000"), List.of()));
            ids.put("f3", create(Ledger.FUND, fund("村道硬化", "530402", byEnterprise, "300000", "300000"), List.of()));
            recordedOn("ledger_fund", ids.get("f1"), LocalDate.of(YEAR, 3, 15));
            recordedOn("ledger_fund", ids.get("f2"), LocalDate.of(YEAR, 7, 1));

            create(Ledger.INDUSTRY, Map.of("title", "玉溪食品加工厂", "reg_year", "2018", "place_code", "530402", "owner", "210502",
                    "invested", "2000000", "jobs", "10"), List.of());
            create(Ledger.CONSUMPTION, Map.of("title", "玉溪烟叶", "reg_year", "2018", "place_code", "530402", "owner", "210502",
                    "buyer", "本溪某食堂", "seller", "红塔区合作社", "channel", "CANTEEN", "amount", "250000"), List.of());
            create(Ledger.SOCIAL, Map.of("title", "助学金", "reg_year", "2018", "place_code", "530423", "owner", byEnterprise,
                    "donor", "本溪指标测试企业", "form", "CASH", "amount", "50000"), List.of());

            List<String> households = jdbc.sql("select household_no from household where county_code = :c order by household_no")
                    .param("c", REGISTRY_COUNTY).query(String.class).list();
            String workerEast = idNumbers(households.get(4)).get(0);
            String workerLocal = idNumbers(households.get(5)).get(0);
            create(Ledger.LABOR, Map.of("title", "本溪某机械厂", "owner", "210502", "destination", "EAST", "started_on", "2018-03-01",
                    "monthly_wage", "3900", "worker", workerEast), List.of());
            create(Ledger.LABOR, Map.of("title", "县城扶贫车间", "owner", "210502", "destination", "LOCAL", "started_on", "2018-09-10",
                    "monthly_wage", "2600", "worker", workerLocal), List.of());

            // training: a whole household and one person in May, the same person and another in June, and a course of 30 people named nowhere
            householdMembers = idNumbers(households.get(0)).size();
            String x = idNumbers(households.get(1)).get(0);
            String y = idNumbers(households.get(2)).get(0);
            create(Ledger.TRAINING, Map.of("title", "种植技术培训", "place_code", REGISTRY_COUNTY, "owner", "210502", "started_on", "2018-05-01"),
                    List.of(households.get(0), x));
            create(Ledger.TRAINING, Map.of("title", "电商培训", "place_code", REGISTRY_COUNTY, "owner", "210502", "started_on", "2018-06-01"),
                    List.of(x, y));
            create(Ledger.TRAINING, Map.of("title", "乡村医生培训", "place_code", "530402", "owner", "210502", "started_on", "2018-05-20",
                    "participants", "30"), List.of());

            create(Ledger.PERSONNEL, stay("张老师", "001", "TEACHER", "EAST_TO_WEST", "530402", "210502", "2018-03-15", "2018-04-14"), List.of());
            create(Ledger.PERSONNEL, stay("李医生", "002", "DOCTOR", "EAST_TO_WEST", "530423", REGISTRY_COUNTY, "2018-09-01", "2019-02-28"), List.of());
            create(Ledger.PERSONNEL, stay("王干部", "003", "CADRE", "WEST_TO_EAST", "530402", "210502", "2018-06-01", "2018-06-30"), List.of());

            create(Ledger.MEETING, meeting("两市联席会议", "JOINT", "2018-09-12", "5304", "2105"), List.of());
            create(Ledger.MEETING, meeting("平山区领导考察", "VISIT", "2018-04-10", "530402", "210502"), List.of());
            create(Ledger.MEETING, meeting("月调度会", "DISPATCH", "2018-09-20", "5304", "2105"), List.of());

            pairings.create(new PairingForm(PairingKind.DISTRICT_COUNTY, "210502", null, "530402", null, YEAR, "", 0));
            pairings.create(new PairingForm(PairingKind.CITY_CITY, "2105", null, "5304", null, YEAR + 2, "", 0));

            // milestones of this year, as a milestone is done today: one late, one on time, one open
            LocalDate today = LocalDate.now();
            long agreement = create(Ledger.AGREEMENT, Map.of("title", "本溪玉溪劳务协作协议", "kind", "FRAMEWORK", "signed_on", today.toString(),
                    "owner", "2105", "partner", "5304"), List.of());
            ids.put("agreement", agreement);
            long late = milestones.add(agreement, "签订用工意向", LocalDate.of(today.getYear(), 1, 1).toString(), null);
            milestones.setStatus(agreement, late, Milestones.Status.DONE, 0);
            long onTime = milestones.add(agreement, "首批劳务输出", LocalDate.of(today.getYear(), 12, 31).toString(), null);
            milestones.setStatus(agreement, onTime, Milestones.Status.DONE, 0);
            milestones.add(agreement, "年度总结", LocalDate.of(today.getYear(), 12, 31).toString(), null);
            loaded = true;
        }
    }

    long create(Ledger ledger, Map<String, String> fields, List<String> beneficiaries) {
        return ledgers.create(ledger, new Ledgers.Entry(new HashMap<>(fields), beneficiaries, 0));
    }

    void recordedOn(String table, long id, LocalDate day) {
        jdbc.sql("update " + table + " set recorded_at = :at where id = :id").param("at", Timestamp.valueOf(LocalDateTime.of(day, java.time.LocalTime.NOON)))
                .param("id", id).update();
    }

    static Map<String, String> fund(String title, String place, String owner, String allocated, String disbursed) {
        return Map.of("title", title, "reg_year", String.valueOf(YEAR), "place_code", place, "owner", owner, "source", "DISTRICT",
                "sector", "INFRASTRUCTURE", "benefit_kind", "INFRASTRUCTURE", "allocated", allocated, "disbursed", disbursed);
    }

    static Map<String, String> stay(String name, String seq, String role, String direction, String place, String owner, String from, String to) {
        String id = "21050219800101" + seq;
        id = id + ResidentId.checkCharacter(id);
        return Map.of("title", name, "id_number", id, "role", role, "direction", direction, "place_code", place, "owner", owner,
                "started_on", from, "ended_on", to);
    }

    static Map<String, String> meeting(String title, String kind, String on, String place, String owner) {
        return Map.of("title", title, "kind", kind, "held_on", on, "leader_level", "CITY", "place_code", place, "owner", owner);
    }

    List<String> idNumbers(String householdNo) {
        return jdbc.sql("""
                        select p.id_cipher from person p join membership m on m.person_id = p.id join household h on h.id = m.household_id
                        where h.household_no = :no and m.reg_year = 2018 order by p.id""")
                .param("no", householdNo).query(String.class).list().stream().map(protector::decrypt).toList();
    }

    BigDecimal value(String metric, MetricSubject s, Period p) {
        return catalog.value(metric, s, p);
    }

    static BigDecimal n(String v) {
        return new BigDecimal(v);
    }

    // --- the catalogue ---

    @Test
    @Order(1)
    void theCatalogueHoldsEveryMetricOnceWithItsUnit() {
        List<String> all = catalog.all().stream().map(Metric::id).toList();
        assertThat(all).doesNotHaveDuplicates().contains("funds.allocated", "funds.disbursed", "funds.disbursement_rate", "projects.started",
                "projects.completed", "industry.enterprises", "industry.invested", "labour.placed", "labour.placed.east", "labour.placed.local",
                "labour.placed.elsewhere", "training.people", "personnel.sent.cadre", "personnel.sent.teacher", "personnel.sent.doctor",
                "personnel.sent.technician", "personnel.received", "personnel.days", "consumption.amount", "social.donations", "pairings.in_force",
                "pairings.in_force.district_county", "meetings.joint", "meetings.visits", "agreements.milestones_on_time", "registry.poor_people",
                "registry.exits", "reach.people", "reach.coverage");
        assertThat(catalog.find("funds.disbursement_rate").orElseThrow().additive()).isFalse();
        assertThat(catalog.find("funds.disbursed").orElseThrow().unit()).isEqualTo(org.counterpart.shared.MetricUnit.YUAN);
        assertThatThrownBy(() -> catalog.value("funds.nothing", YUXI, Period.year(YEAR)))
                .isInstanceOf(InvalidInputException.class).extracting("messageKey").isEqualTo("metric.unknown");
        // every metric answers every subject asked, zero where nothing is recorded
        for (Metric m : catalog.all()) {
            Map<MetricSubject, BigDecimal> values = catalog.values(m.id(), Period.month(2031, 2), subjects());
            assertThat(values).as(m.id()).containsOnlyKeys(subjects());
            assertThat(values.values()).as(m.id()).allMatch(v -> v.signum() == 0 || m.id().startsWith("pairings."));
        }
    }

    // --- the figures, by subject and period ---

    @Test
    @Order(2)
    void fundsAndProjectsCountForThePlaceTheRecordingSideAndTheInstitutionInTheirMonths() {
        Period year = Period.year(YEAR);
        assertThat(value("funds.allocated", YUXI, year)).isEqualByComparingTo("1800000");
        assertThat(value("funds.allocated", HONGTA, year)).isEqualByComparingTo("1300000");
        assertThat(value("funds.allocated", TONGHAI, year)).isEqualByComparingTo("500000");
        assertThat(value("funds.allocated", BENXI_PLACE, year)).isEqualByComparingTo("0");
        assertThat(value("funds.allocated", BENXI, year)).isEqualByComparingTo("1500000");
        assertThat(value("funds.allocated", PINGSHAN, year)).isEqualByComparingTo("1000000");
        assertThat(value("funds.allocated", BENXI_COUNTY, year)).isEqualByComparingTo("500000");
        assertThat(value("funds.allocated", enterprise, year)).isEqualByComparingTo("300000");
        assertThat(value("funds.disbursed", YUXI, year)).isEqualByComparingTo("1500000").hasScaleOf(2);

        assertThat(value("funds.allocated", YUXI, Period.month(YEAR, 3))).isEqualByComparingTo("1000000");
        assertThat(value("funds.allocated", YUXI, Period.month(YEAR, 4))).isEqualByComparingTo("0");
        assertThat(value("funds.allocated", YUXI, Period.quarter(YEAR, 3))).isEqualByComparingTo("500000");
        assertThat(value("funds.allocated", YUXI, Period.yearToDate(YEAR, 11))).isEqualByComparingTo("1500000");
        // recorded after its year: December of the year
        assertThat(value("funds.allocated", YUXI, Period.month(YEAR, 12))).isEqualByComparingTo("300000");

        assertThat(value("funds.disbursement_rate", YUXI, year)).isEqualByComparingTo("83.3").hasScaleOf(1);
        assertThat(value("funds.disbursement_rate", TONGHAI, year)).isEqualByComparingTo("40.0");
        assertThat(value("funds.disbursement_rate", BENXI_PLACE, year)).isEqualByComparingTo("0");
        assertThat(value("projects.started", YUXI, year)).isEqualByComparingTo("3").hasScaleOf(0);
        assertThat(value("projects.completed", YUXI, year)).isEqualByComparingTo("2");
        assertThat(value("projects.completed", TONGHAI, year)).isEqualByComparingTo("0");

        assertThat(value("industry.enterprises", HONGTA, year)).isEqualByComparingTo("1");
        assertThat(value("industry.invested", PINGSHAN, year)).isEqualByComparingTo("2000000");
        assertThat(value("consumption.amount", YUXI, year)).isEqualByComparingTo("250000");
        assertThat(value("social.donations", enterprise, year)).isEqualByComparingTo("50000");
        assertThat(value("social.donations", PINGSHAN, year)).isEqualByComparingTo("0");
    }

    @Test
    @Order(3)
    void workersTrainingPersonnelMeetingsPairingsAndMilestonesAreCountedByTheirOwnRules() {
        Period year = Period.year(YEAR);
        assertThat(value("labour.placed", BENXI_COUNTY_PLACE, year)).isEqualByComparingTo("2");
        assertThat(value("labour.placed.east", BENXI_COUNTY_PLACE, year)).isEqualByComparingTo("1");
        assertThat(value("labour.placed.local", PINGSHAN, Period.quarter(YEAR, 3))).isEqualByComparingTo("1");
        assertThat(value("labour.placed.elsewhere", PINGSHAN, year)).isEqualByComparingTo("0");
        assertThat(value("labour.placed", YUXI, year)).isEqualByComparingTo("0");

        // distinct people: the person trained in May and in June counts once in the quarter
        int may = householdMembers + 1;
        assertThat(value("training.people", BENXI_COUNTY_PLACE, Period.month(YEAR, 5))).isEqualByComparingTo(String.valueOf(may));
        assertThat(value("training.people", BENXI_COUNTY_PLACE, Period.month(YEAR, 6))).isEqualByComparingTo("2");
        assertThat(value("training.people", BENXI_COUNTY_PLACE, Period.quarter(YEAR, 2))).isEqualByComparingTo(String.valueOf(householdMembers + 2));
        assertThat(value("training.people", HONGTA, year)).isEqualByComparingTo("30");
        assertThat(value("training.people", PINGSHAN, year)).isEqualByComparingTo(String.valueOf(householdMembers + 2 + 30));

        assertThat(value("personnel.sent.teacher", YUXI, year)).isEqualByComparingTo("1");
        assertThat(value("personnel.sent.doctor", TONGHAI, Period.month(YEAR, 9))).isEqualByComparingTo("1");
        assertThat(value("personnel.sent.cadre", YUXI, year)).isEqualByComparingTo("0");
        assertThat(value("personnel.received", HONGTA, year)).isEqualByComparingTo("1");
        assertThat(value("personnel.days", YUXI, Period.month(YEAR, 3))).isEqualByComparingTo("17");
        assertThat(value("personnel.days", YUXI, Period.month(YEAR, 4))).isEqualByComparingTo("14");
        assertThat(value("personnel.days", BENXI_COUNTY, year)).isEqualByComparingTo("122");
        assertThat(value("personnel.days", BENXI_COUNTY, Period.year(YEAR + 1))).isEqualByComparingTo("59");
        assertThat(value("personnel.days", YUXI, year)).isEqualByComparingTo(String.valueOf(31 + 122 + 30));

        assertThat(value("meetings.joint", YUXI, year)).isEqualByComparingTo("1");
        assertThat(value("meetings.joint", BENXI, Period.month(YEAR, 9))).isEqualByComparingTo("1");
        assertThat(value("meetings.visits", PINGSHAN, year)).isEqualByComparingTo("1");
        assertThat(value("meetings.joint", PINGSHAN, year)).isEqualByComparingTo("0");

        assertThat(value("pairings.in_force", YUXI, year)).isEqualByComparingTo("1");
        assertThat(value("pairings.in_force.district_county", PINGSHAN, Period.month(YEAR, 6))).isEqualByComparingTo("1");
        assertThat(value("pairings.in_force.city_city", BENXI, year)).isEqualByComparingTo("0");
        assertThat(value("pairings.in_force", BENXI, Period.year(YEAR + 2))).isEqualByComparingTo("2");
        assertThat(value("pairings.in_force", YUXI, Period.year(YEAR - 1))).isEqualByComparingTo("0");

        LocalDate today = LocalDate.now();
        String share = today.getDayOfYear() == 1 ? "66.7" : "33.3";
        assertThat(value("agreements.milestones_on_time", YUXI, Period.year(today.getYear()))).isEqualByComparingTo(share);
        assertThat(value("agreements.milestones_on_time", BENXI, Period.year(today.getYear()))).isEqualByComparingTo(share);
        assertThat(value("agreements.milestones_on_time", YUXI, Period.year(YEAR))).isEqualByComparingTo("0");
        assertThat(catalog.records("agreements.milestones_on_time", YUXI, Period.year(today.getYear()), 10)).hasSize(3)
                .allMatch(r -> r.kind().equals("MILESTONE") && r.link().equals("/ledgers/agreements/" + ids.get("agreement")));
    }

    @Test
    @Order(4)
    void theRegistryAndReachAnswerForHelpedPlacesAsTheReachPageCountsThem() {
        Period year = Period.year(YEAR);
        long registered = jdbc.sql("select coalesce(sum(member_count), 0) from household_year where reg_year = 2018 and county_code = :c")
                .param("c", REGISTRY_COUNTY).query(Long.class).single();
        long exits = jdbc.sql("""
                        select coalesce(sum(hy.member_count), 0) from household_year hy join household_year prev
                          on prev.household_id = hy.household_id and prev.reg_year = hy.reg_year - 1
                        where hy.reg_year = 2019 and hy.county_code = :c and hy.poverty_status = '已脱贫' and prev.poverty_status <> '已脱贫'""")
                .param("c", REGISTRY_COUNTY).query(Long.class).single();
        ReachFigures figures = reach.figures(new RegionCode(REGISTRY_COUNTY), YEAR);
        assertThat(registered).isPositive().isEqualTo(figures.registeredPeople());

        assertThat(value("registry.poor_people", BENXI_COUNTY_PLACE, year)).isEqualByComparingTo(String.valueOf(registered));
        assertThat(value("registry.poor_people", BENXI_PLACE, Period.month(YEAR, 4))).isEqualByComparingTo(String.valueOf(registered));
        assertThat(value("registry.poor_people", BENXI, year)).isEqualByComparingTo("0");
        assertThat(value("registry.poor_people", YUXI, year)).isEqualByComparingTo("0");
        assertThat(value("registry.exits", BENXI_COUNTY_PLACE, Period.year(YEAR + 1))).isEqualByComparingTo(String.valueOf(exits));
        List<MetricRecord> households = catalog.records("registry.poor_people", BENXI_COUNTY_PLACE, year, 1000);
        assertThat(households).hasSize((int) figures.registeredHouseholds())
                .allMatch(r -> r.kind().equals("HOUSEHOLD") && r.link().equals("/registry/households/" + r.id()));
        assertThat(households.stream().map(MetricRecord::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(String.valueOf(registered));

        // reached: the trained and the two workers, once each
        long reached = householdMembers + 2 + 2;
        assertThat(figures.reachedPeople()).isEqualTo(reached);
        assertThat(value("reach.people", BENXI_COUNTY_PLACE, year)).isEqualByComparingTo(String.valueOf(reached));
        assertThat(value("reach.people", BENXI_PLACE, Period.quarter(YEAR, 1))).isEqualByComparingTo(String.valueOf(reached));
        assertThat(value("reach.people", PINGSHAN, year)).isEqualByComparingTo("0");
        assertThat(value("reach.coverage", BENXI_COUNTY_PLACE, year)).isEqualByComparingTo(
                BigDecimal.valueOf(reached * 100).divide(BigDecimal.valueOf(registered), 1, java.math.RoundingMode.HALF_UP));
        List<MetricRecord> reachedHouseholds = catalog.records("reach.people", BENXI_COUNTY_PLACE, year, 1000);
        assertThat(reachedHouseholds.stream().map(MetricRecord::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(String.valueOf(reached));
    }

    // --- months, records, changes ---

    @Test
    @Order(5)
    void theMonthsAddUpToTheYearAndTheMonthlyAnswerIsTheMonthsAnswer() {
        for (Metric m : catalog.all()) {
            Map<MetricSubject, List<BigDecimal>> monthly = catalog.monthly(m.id(), YEAR, subjects());
            assertThat(monthly).as(m.id()).containsOnlyKeys(subjects());
            for (int month = 1; month <= 12; month++) {
                Map<MetricSubject, BigDecimal> values = catalog.values(m.id(), Period.month(YEAR, month), subjects());
                for (MetricSubject s : subjects()) {
                    assertThat(monthly.get(s).get(month - 1)).as(m.id() + " " + s.key() + " month " + month).isEqualByComparingTo(values.get(s));
                }
            }
            if (!m.additive()) {
                continue;
            }
            Map<MetricSubject, BigDecimal> ofYear = catalog.values(m.id(), Period.year(YEAR), subjects());
            Map<MetricSubject, BigDecimal> q2 = catalog.values(m.id(), Period.quarter(YEAR, 2), subjects());
            Map<MetricSubject, BigDecimal> toSeptember = catalog.values(m.id(), Period.yearToDate(YEAR, 9), subjects());
            for (MetricSubject s : subjects()) {
                List<BigDecimal> months = monthly.get(s);
                assertThat(sum(months.subList(0, 12))).as(m.id() + " " + s.key() + " year").isEqualByComparingTo(ofYear.get(s));
                assertThat(sum(months.subList(3, 6))).as(m.id() + " " + s.key() + " Q2").isEqualByComparingTo(q2.get(s));
                assertThat(sum(months.subList(0, 9))).as(m.id() + " " + s.key() + " to September").isEqualByComparingTo(toSeptember.get(s));
            }
        }
    }

    static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    @Order(6)
    void theRecordsBehindAnAdditiveValueAddUpToItAndOpenTheirPages() {
        Set<String> links = new HashSet<>();
        for (Metric m : catalog.all()) {
            if (!m.additive()) {
                continue;
            }
            for (Period p : List.of(Period.year(YEAR), Period.month(YEAR, 3), Period.quarter(YEAR, 3))) {
                Map<MetricSubject, BigDecimal> values = catalog.values(m.id(), p, subjects());
                for (MetricSubject s : subjects()) {
                    List<MetricRecord> records = catalog.records(m.id(), s, p, 1000);
                    assertThat(sum(records.stream().map(MetricRecord::amount).toList())).as(m.id() + " " + s.key() + " " + p)
                            .isEqualByComparingTo(values.get(s));
                    records.forEach(r -> links.add(r.link()));
                    for (int i = 1; i < records.size(); i++) {
                        assertThat(records.get(i - 1).amount()).isGreaterThanOrEqualTo(records.get(i).amount());
                    }
                }
            }
        }
        List<MetricRecord> stays = catalog.records("personnel.days", YUXI, Period.year(YEAR), 10);
        assertThat(stays).extracting(MetricRecord::title).noneMatch(t -> t.contains("老师") || t.contains("医生") || t.contains("干部"));
        assertThat(stays.get(0).amount()).isEqualByComparingTo("122");
        assertThat(catalog.records("funds.allocated", YUXI, Period.year(YEAR), 2)).hasSize(2).extracting(MetricRecord::ref)
                .containsExactly("FUND:" + ids.get("f1"), "FUND:" + ids.get("f2"));
        assertThat(catalog.records("pairings.in_force", YUXI, Period.year(YEAR), 10)).hasSize(1);
        WebSession admin = WebSession.signedIn(port, "admin");
        assertThat(links).isNotEmpty();
        for (String link : links) {
            assertThat(admin.get(link).status()).as(link).isEqualTo(200);
        }
    }

    @Test
    @Order(7)
    void aValueAfterAnEditOrADeletionIsTheNewOne() {
        Period year = Period.year(YEAR);
        LedgerRecord f2 = ledgers.get(Ledger.FUND, ids.get("f2"));
        Map<String, String> fields = new HashMap<>(fund("茶园改造", "530423", REGISTRY_COUNTY, "500000", "500000"));
        ledgers.update(Ledger.FUND, f2.id(), new Ledgers.Entry(fields, List.of(), f2.version()));
        assertThat(value("funds.disbursed", YUXI, year)).isEqualByComparingTo("1800000");
        assertThat(value("funds.disbursement_rate", TONGHAI, year)).isEqualByComparingTo("100.0");
        assertThat(value("projects.completed", YUXI, year)).isEqualByComparingTo("3");
        // recorded again now, after its year: it moves from July to December
        assertThat(value("funds.allocated", YUXI, Period.month(YEAR, 7))).isEqualByComparingTo("0");
        assertThat(value("funds.allocated", YUXI, Period.month(YEAR, 12))).isEqualByComparingTo("800000");
        assertThat(catalog.records("funds.disbursed", TONGHAI, year, 10)).singleElement()
                .matches(r -> r.version() == f2.version() + 1 && r.amount().compareTo(n("500000")) == 0);

        LedgerRecord f3 = ledgers.get(Ledger.FUND, ids.get("f3"));
        ledgers.delete(Ledger.FUND, f3.id(), f3.version());
        assertThat(value("funds.allocated", YUXI, year)).isEqualByComparingTo("1500000");
        assertThat(value("funds.allocated", enterprise, year)).isEqualByComparingTo("0");
        assertThat(catalog.records("funds.allocated", HONGTA, year, 10)).extracting(MetricRecord::ref).containsExactly("FUND:" + ids.get("f1"));
    }

    @Test
    @Order(8)
    void aDispatchReportsWorthOfValuesIsReadInFewQueries() {
        List<MetricSubject> many = new ArrayList<>(subjects());
        for (String county : List.of("530403", "530424", "530425", "530426", "530427", "530428", "530481", "210503", "210504", "210505")) {
            many.add(new MetricSubject.Place(county));
            many.add(new MetricSubject.RecordedBy(county));
        }
        long start = System.nanoTime();
        for (Metric m : catalog.all()) {
            catalog.monthly(m.id(), YEAR, many);
            catalog.values(m.id(), Period.yearToDate(YEAR, 9), many);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("metrics: " + catalog.all().size() + " metrics x " + many.size() + " subjects x 13 periods in " + ms + " ms");
        assertThat(ms).isLessThan(5000);
    }
}
