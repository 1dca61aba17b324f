package org.counterpart.demo;

import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.Milestones;
import org.counterpart.geography.RegionCode;
import org.counterpart.registry.RegistryLookup;
import org.counterpart.registry.RegistryRolls;
import org.counterpart.shared.ResidentId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.time.LocalDate;

/**
 * The ledgers of the 2018 scenario, linked to the demo registry so that reach and coverage mean
 * something: the agreements signed on 12 September 2018 with plausible milestones, and per county
 * funds, industry, placements, training, purchases and donations that reach most households once or
 * twice, some several times and some not at all. Amounts and beneficiaries are synthetic.
 * <p>
 * It knows the registry only through the registry's API ({@link RegistryRolls}, {@link RegistryLookup})
 * and the file it generated: a placement names its worker by ID number, as an officer types it, and
 * the registry gives ID numbers to no one, so the numbers come from the scenario's own file.
 */
@Component
class DemoLedgers {

    static final String NOTE = "演示数据 (demo data)";

    /** The agreements of 12 September 2018: owner, partner, kind, title, amount in yuan (0 = not given). */
    static final String[][] AGREEMENTS = {
            {"大连市人民政府", "六盘水市人民政府", "FRAMEWORK", "大连市与六盘水市扶贫协作三年行动计划（2018年责任清单）", "0"},
            {"大连生态科技创新城", "六盘水高新技术产业开发区", "PARK", "大连生态科技创新城与六盘水高新区共建园区协议", "0"},
            {"大连花园口经济区", "红果经济开发区", "PARK", "大连花园口经济区与红果经济开发区共建园区协议", "0"},
            {"大连长兴岛经济区", "钟山经济开发区", "PARK", "大连长兴岛经济区与钟山经济开发区共建园区协议", "0"},
            {"大连商品交易所", "六盘水市人民政府", "STRATEGIC", "大连商品交易所与六盘水市人民政府战略合作协议", "0"},
            {"大连环嘉集团有限公司", "六枝特区人民政府", "PROJECT", "再生资源回收利用项目合作协议", "0"},
            {"大连韩伟集团", "盘州市人民政府", "PROJECT", "蛋鸡养殖项目合作协议", "0"},
            {"大连久立投资有限公司", "钟山区人民政府", "PROJECT", "两都乐川小镇项目合作协议", "0"},
            {"金立方集团", "钟山经济开发区", "PROJECT", "金融产业园项目合作协议", "0"},
            {"大连国一生鲜连锁超市", "六盘水市供销有限公司", "SALES", "六盘水特色农产品销售专区合作协议", "0"},
            {"大连七星餐饮管理有限公司", "水城县宏兴绿色农业投资有限公司", "SALES", "水城红心猕猴桃产销合作协议", "0"},
            {"大连医科大学", "六盘水职业技术学院", "EDUCATION", "共建六盘水医学院合作协议", "0"},
            {"辽宁师范大学", "六盘水幼儿师范高等专科学校", "EDUCATION", "提升六盘水幼儿师范高等专科学校办学水平合作协议", "0"},
    };

    /** Helped county, helping district (assumed, as in the pairings). */
    static final String[][] COUNTIES = {{"520201", "210202"}, {"520203", "210211"}, {"520204", "210203"}, {"520281", "210204"}};

    private final Ledgers ledgers;
    private final BeneficiaryLinks links;
    private final Milestones milestones;
    private final RegistryRolls rolls;
    private final RegistryLookup lookup;
    private final TransactionTemplate tx;
    /** The city-level agreement: the first project of each county is recorded under it. */
    private long framework;

    DemoLedgers(Ledgers ledgers, BeneficiaryLinks links, Milestones milestones, RegistryRolls rolls, RegistryLookup lookup,
                TransactionTemplate tx) {
        this.ledgers = ledgers;
        this.links = links;
        this.milestones = milestones;
        this.rolls = rolls;
        this.lookup = lookup;
        this.tx = tx;
    }

    /**
     * Loads the ledgers once, after the demo registry read from {@code registryFile} (the scenario's
     * generated export): nothing happens when the agreements ledger holds records.
     */
    void load(Path registryFile) {
        if (ledgers.search(Ledger.AGREEMENT, Ledgers.Filter.none(), 0, 1).total() > 0) {
            return;
        }
        Map<String, List<String>> idNumbers = idNumbers(registryFile);
        Random random = new Random(20180912L);
        tx.executeWithoutResult(s -> agreementsMeetingsAndPeople(random));
        for (String[] county : COUNTIES) {
            tx.executeWithoutResult(s -> county(county[0], county[1], random, idNumbers));
        }
    }

    /** The ID numbers of 2018 in the scenario's file, by household number (columns 户编号, 证件号码 and 年度 of the export). */
    private static Map<String, List<String>> idNumbers(Path file) {
        Map<String, List<String>> out = new HashMap<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.skip(1).forEach(line -> {
                String[] cells = line.split(",", -1);
                if (cells.length > 31 && cells[31].equals("2018")) {
                    out.computeIfAbsent(cells[0], h -> new ArrayList<>()).add(cells[3]);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void agreementsMeetingsAndPeople(Random random) {
        long first = 0;
        for (String[] a : AGREEMENTS) {
            Map<String, String> f = new HashMap<>(Map.of("title", a[3], "kind", a[2], "signed_on", "2018-09-12", "owner", a[0], "partner", a[1],
                    "domain", "东西部扶贫协作", "note", NOTE));
            long id = ledgers.create(Ledger.AGREEMENT, entry(f));
            first = first == 0 ? id : first;
            framework = first;
            // done on days of the scenario: most on time, some late, some not yet
            milestones.add(id, "签约并明确责任单位", "2018-09-30", "DONE", LocalDate.of(2018, 9, random.nextInt(4) == 0 ? 30 : 20));
            boolean landed = random.nextInt(3) != 0;
            milestones.add(id, "明确项目清单和资金安排", "2018-10-31", landed ? "DONE" : "IN_PROGRESS",
                    landed ? LocalDate.of(2018, 10, 10 + random.nextInt(30) % 21) : null);
            milestones.add(id, "项目落地并完成首期投入", "2018-12-31", random.nextInt(3) == 0 ? "IN_PROGRESS" : "DONE", LocalDate.of(2018, 12, 20));
            milestones.add(id, "年度总结与考核", "2019-01-31", random.nextInt(4) == 0 ? "PLANNED" : "DONE", LocalDate.of(2019, 1, 25));
        }
        long meeting = ledgers.create(Ledger.MEETING, entry(new HashMap<>(Map.of("title", "大连·六盘水扶贫协作推进会暨项目签约仪式",
                "kind", "JOINT", "held_on", "2018-09-12", "leader_level", "CITY", "venue", "六盘水市", "place_code", "5202", "owner", "2102",
                "decisions", "签署三年行动计划及 12 项合作协议；建立高层联席会议、月调度会和互访机制。", "note", NOTE))));
        String[] months = {"2018-10-15", "2018-11-15", "2018-12-14"};
        for (String day : months) {
            ledgers.create(Ledger.MEETING, entry(new HashMap<>(Map.of("title", "扶贫协作月调度会（" + day.substring(0, 7) + "）", "kind", "DISPATCH",
                    "held_on", day, "leader_level", "DEPARTMENT", "venue", "视频会议", "place_code", "5202", "owner", "2102", "note", NOTE))));
        }
        ledgers.raiseProblem(Ledger.MEETING, meeting, entry(new HashMap<>(Map.of("title", "部分协议项目资金到位滞后", "raised_on", "2018-10-15",
                "responsible", "大连市东西部扶贫协作办公室", "due_on", "2018-12-31", "place_code", "5202", "owner", "2102",
                "resolution", "督促各区市县于 12 月底前拨付到位。", "resolved_on", "2018-12-20", "note", NOTE))));
        ledgers.raiseProblem(Ledger.AGREEMENT, first, entry(new HashMap<>(Map.of("title", "劳务协作输出人数低于年度目标", "raised_on", "2018-11-15",
                "responsible", "六盘水市人力资源和社会保障局", "due_on", "2019-03-31", "place_code", "5202", "owner", "5202", "note", NOTE))));
        String[][] people = {{"CADRE", "挂职副县长", "2102"}, {"TEACHER", "学前教育", "210204"}, {"DOCTOR", "心血管内科", "210203"},
                {"TECHNICIAN", "猕猴桃栽培", "210211"}, {"CADRE", "挂职副区长", "210202"}, {"DOCTOR", "儿科", "210202"}};
        String[] names = {"王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆"};
        for (int i = 0; i < people.length; i++) {
            String id17 = people[i][2].length() == 4 ? "210200" : people[i][2];
            id17 = id17 + String.format("19%02d0%d1%d", 70 + i * 3, 1 + i % 9, i % 3) + String.format("%03d", 100 + i);
            String idNumber = id17.substring(0, 17) + ResidentId.checkCharacter(id17.substring(0, 17));
            ledgers.create(Ledger.PERSONNEL, entry(new HashMap<>(Map.of("title", names[i], "id_number", idNumber, "role", people[i][0],
                    "direction", "EAST_TO_WEST", "field", people[i][1], "started_on", "2018-03-01", "ended_on", "2019-02-28",
                    "place_code", COUNTIES[i % 4][0], "owner", people[i][2], "note", NOTE))));
        }
    }

    private void county(String county, String district, Random random, Map<String, List<String>> idNumbers) {
        List<RegistryRolls.HouseholdPeople> households = rolls.peopleByHousehold(2018, new RegionCode(county));
        if (households.isEmpty()) {
            return;
        }
        List<RegistryRolls.HouseholdPeople> shuffled = new ArrayList<>(households);
        Collections.shuffle(shuffled, random);
        int n = shuffled.size();
        // funds reach 70% of households in projects of a few hundred households each
        List<RegistryRolls.HouseholdPeople> funded = shuffled.subList(0, n * 7 / 10);
        String[] projects = {"食用菌产业基地", "蔬菜保供基地", "猕猴桃种植园", "生猪养殖场", "茶叶加工厂", "刺梨种植基地"};
        String[] sectors = {"AGRICULTURE", "AGRICULTURE", "AGRICULTURE", "AGRICULTURE", "INDUSTRY", "AGRICULTURE"};
        int per = Math.max(1, funded.size() / projects.length + 1);
        for (int p = 0; p < projects.length && p * per < funded.size(); p++) {
            List<RegistryRolls.HouseholdPeople> slice = funded.subList(p * per, Math.min(funded.size(), (p + 1) * per));
            long allocated = 500_000L + random.nextInt(40) * 100_000L;
            long disbursed = allocated * (60 + random.nextInt(41)) / 100;
            Map<String, String> project = new HashMap<>(Map.of("title", projects[p], "reg_year", "2018", "place_code", county,
                    "owner", district, "source", p % 3 == 0 ? "CITY" : "DISTRICT", "sector", sectors[p],
                    "benefit_kind", p % 2 == 0 ? "DIVIDEND" : "WAGE", "allocated", String.valueOf(allocated), "disbursed", String.valueOf(disbursed),
                    "note", NOTE));
            project.put("agreement_id", p == 0 && framework > 0 ? String.valueOf(framework) : "");
            project.put("disbursed_on", String.format("2018-%02d-%02d", 1 + random.nextInt(11), 5 + random.nextInt(20)));
            long id = ledgers.create(Ledger.FUND, entry(project));
            links.add(Ledger.FUND, id, 2018, members(slice, county));
        }
        // purchases reach a quarter of households, partly the same ones
        List<RegistryRolls.HouseholdPeople> suppliers = shuffled.subList(n / 2, n / 2 + n / 4);
        long buy = ledgers.create(Ledger.CONSUMPTION, entry(new HashMap<>(Map.of("title", "特色农产品", "reg_year", "2018", "place_code", county,
                "owner", district, "buyer", "大连市机关食堂", "seller", "县农民专业合作社", "channel", "CANTEEN",
                "amount", String.valueOf(300_000 + random.nextInt(500_000)), "purchased_on", "2018-0" + (4 + random.nextInt(6)) + "-18", "note", NOTE))));
        links.add(Ledger.CONSUMPTION, buy, 2018, members(suppliers, county));
        // donations for one in ten
        List<RegistryRolls.HouseholdPeople> recipients = shuffled.subList(n / 10, n / 5);
        long gift = ledgers.create(Ledger.SOCIAL, entry(new HashMap<>(Map.of("title", "助学助困", "reg_year", "2018", "place_code", county,
                "owner", district, "donor", "大连市慈善总会", "form", "CASH", "amount", String.valueOf(100_000 + random.nextInt(200_000)),
                "donated_on", "2018-06-01", "note", NOTE))));
        links.add(Ledger.SOCIAL, gift, 2018, members(recipients, county));
        // training: one person from each of 8% of households
        List<RegistryRolls.HouseholdPeople> trainees = shuffled.subList(n / 3, n / 3 + Math.max(1, n * 8 / 100));
        long course = ledgers.create(Ledger.TRAINING, entry(new HashMap<>(Map.of("title", "家政服务技能培训班", "place_code", county, "owner", district,
                "started_on", "2018-10-08", "ended_on", "2018-10-20", "cost", "120000", "participants", String.valueOf(trainees.size() + 10), "note", NOTE))));
        links.add(Ledger.TRAINING, course, 2018, heads(trainees, county));
        // industry employs a few; placements send one worker each from 3% of households east
        long plant = ledgers.create(Ledger.INDUSTRY, entry(new HashMap<>(Map.of("title", "东西部协作扶贫车间", "reg_year", "2018", "place_code", county,
                "owner", district, "park", "县经济开发区", "invested", String.valueOf(2_000_000 + random.nextInt(3_000_000)), "jobs", "80",
                "invested_on", "2018-0" + (5 + random.nextInt(4)) + "-10", "note", NOTE))));
        links.add(Ledger.INDUSTRY, plant, 2018, heads(shuffled.subList(n / 3, n / 3 + Math.max(1, n / 40)), county));
        for (RegistryRolls.HouseholdPeople h : shuffled.subList(n * 3 / 5, n * 3 / 5 + Math.max(1, n * 3 / 100))) {
            Optional<String> worker = idNumber(h, idNumbers);
            if (worker.isEmpty()) {
                continue; // a registry the scenario's file did not make: no placement to name
            }
            ledgers.create(Ledger.LABOR, entry(new HashMap<>(Map.of("title", random.nextBoolean() ? "大连某服装有限公司" : "大连某食品有限公司",
                    "owner", district, "destination", "EAST", "started_on", "2018-0" + (3 + random.nextInt(6)) + "-01",
                    "monthly_wage", String.valueOf(3200 + random.nextInt(12) * 100), "worker", worker.get(), "note", NOTE))));
        }
    }

    /** The ID number of the household's first member, as an officer would type it: placements are checked against the registry like any other. */
    private Optional<String> idNumber(RegistryRolls.HouseholdPeople household, Map<String, List<String>> idNumbers) {
        long first = household.personIds().get(0);
        for (String id : idNumbers.getOrDefault(household.householdNo(), List.of())) {
            Optional<RegistryLookup.Registered> member = lookup.member(ResidentId.parse(id).id(), 2018);
            if (member.isPresent() && member.get().personId() == first) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private static Ledgers.Entry entry(Map<String, String> fields) {
        return new Ledgers.Entry(fields, List.of(), 0);
    }

    private static List<BeneficiaryLinks.Target> members(List<RegistryRolls.HouseholdPeople> households, String county) {
        List<BeneficiaryLinks.Target> out = new ArrayList<>();
        for (RegistryRolls.HouseholdPeople h : households) {
            h.personIds().forEach(p -> out.add(new BeneficiaryLinks.Target(p, h.householdId(), county, true)));
        }
        return out;
    }

    private static List<BeneficiaryLinks.Target> heads(List<RegistryRolls.HouseholdPeople> households, String county) {
        return households.stream().map(h -> new BeneficiaryLinks.Target(h.personIds().get(0), h.householdId(), county, false)).toList();
    }
}
