package org.counterpart.registry;

import org.counterpart.geography.Region;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.shared.ResidentId;
import org.springframework.stereotype.Component;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Makes synthetic but plausible registry exports, in the very format offices import (one row per
 * member and year, Chinese headers), so the demo and the benchmarks exercise the real import path.
 * Households live in real villages; ID numbers carry the county's code, real birth dates, the sex in
 * the sequence digit and a correct check character. Over the years most households exit, a few return.
 * Everything follows from the seed, so a run can be repeated exactly.
 */
@Component
public class RegistryGenerator {

    public record Spec(int households, List<Integer> years, RegionCode area, long seed, int duplicates) {
    }

    static final String[] HEADERS = {"户编号", "行政村代码", "姓名", "证件号码", "与户主关系", "性别", "出生日期", "民族", "文化程度",
            "在校生状况", "健康状况", "劳动技能", "务工状况", "务工时间", "是否参加城乡居民基本医疗保险", "是否参加城乡居民基本养老保险",
            "联系电话", "贫困户属性", "主要致贫原因", "其他致贫原因", "识别标准", "脱贫属性", "工资性收入", "生产经营性收入",
            "转移性收入", "财产性收入", "生产经营性支出", "是否危房", "饮水是否安全", "帮扶责任人", "帮扶责任人单位", "年度"};

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢龙";
    private static final String GIVEN = "明华建国志强秀英桂兰玉梅海燕丽娟永红春花金凤小平德明光荣兴文学军伟芳敏静丹勇杰涛超磊鹏飞燕霞艳萍成林云香";
    private static final String[] CAUSES = {"因病", "因病", "因病", "因病", "缺技术", "缺技术", "缺技术", "缺资金", "缺资金", "缺劳力",
            "缺劳力", "因残", "因残", "因学", "因学", "交通条件落后", "缺土地", "自身发展动力不足", "因灾", "缺水"};
    private static final String[] ETHNICITIES = {"汉族", "汉族", "汉族", "彝族", "苗族", "布依族", "白族", "回族"};

    private final Regions regions;

    RegistryGenerator(Regions regions) {
        this.regions = regions;
    }

    /** Writes the export (UTF-8 with BOM, as Excel saves "CSV UTF-8") and returns the number of rows. */
    public long write(Spec spec, Path out) {
        List<Region> villages = villages(spec.area());
        if (villages.isEmpty()) {
            throw new IllegalArgumentException("no villages below " + spec.area());
        }
        Random random = new Random(spec.seed());
        Set<String> ids = new HashSet<>();
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            w.write(String.join(",", HEADERS));
            w.write("\r\n");
            int[] perVillage = new int[villages.size()];
            List<String[]> duplicated = new ArrayList<>();
            for (int h = 0; h < spec.households(); h++) {
                int v = random.nextInt(villages.size());
                Region village = villages.get(v);
                String householdNo = village.code().value() + String.format("%04d", ++perVillage[v]);
                List<Person> people = family(random, village.code(), spec.years().get(0), ids);
                Trajectory t = new Trajectory(random, spec.years());
                String cadre = SURNAMES.charAt(random.nextInt(SURNAMES.length())) + "" + GIVEN.charAt(random.nextInt(GIVEN.length()));
                String cause = CAUSES[random.nextInt(CAUSES.length)];
                String other = random.nextInt(3) == 0 ? CAUSES[random.nextInt(CAUSES.length)] : "";
                String attribute = random.nextInt(10) < 7 ? "一般贫困户" : random.nextInt(4) == 0 ? "五保贫困户" : "低保贫困户";
                // a dangerous house stays dangerous until it is rebuilt in some year; it does not come and go
                int dangerousYears = random.nextInt(100) < 12 ? random.nextInt(spec.years().size() + 1) : 0;
                for (int yi = 0; yi < spec.years().size(); yi++) {
                    int year = spec.years().get(yi);
                    String status = t.status(yi);
                    BigDecimal line = yearLine(year);
                    double perCapita = switch (status) {
                        // most exited households earn well above the line; some stay close to it, which
                        // is what monitoring against return to poverty looks for
                        case "已脱贫" -> line.doubleValue() * (1.4 + random.nextDouble() * 2.0);
                        case "预脱贫" -> line.doubleValue() * (1.3 + random.nextDouble() * 1.0);
                        default -> line.doubleValue() * (0.45 + random.nextDouble() * 0.5);
                    };
                    BigDecimal total = BigDecimal.valueOf(perCapita * people.size()).setScale(2, RoundingMode.HALF_UP);
                    BigDecimal costs = total.multiply(BigDecimal.valueOf(0.05 + random.nextDouble() * 0.1)).setScale(2, RoundingMode.HALF_UP);
                    BigDecimal gross = total.add(costs);
                    BigDecimal wage = gross.multiply(BigDecimal.valueOf(0.3 + random.nextDouble() * 0.4)).setScale(2, RoundingMode.HALF_UP);
                    BigDecimal transfer = gross.multiply(BigDecimal.valueOf(0.1 + random.nextDouble() * 0.2)).setScale(2, RoundingMode.HALF_UP);
                    BigDecimal property = BigDecimal.valueOf(random.nextInt(4) == 0 ? random.nextInt(300) : 0).setScale(2);
                    BigDecimal business = gross.subtract(wage).subtract(transfer).subtract(property);
                    boolean exited = status.equals("已脱贫") || status.equals("预脱贫");
                    boolean dangerous = !exited && yi < dangerousYears;
                    boolean water = exited || random.nextInt(100) < 88 + 4 * yi;
                    for (Person p : people) {
                        w.write(row(householdNo, village.code().value(), p, year, exited, random, attribute, cause, other, status,
                                wage, business, transfer, property, costs, dangerous, water, cadre));
                        rows++;
                    }
                }
                if (duplicated.size() < spec.duplicates() && people.size() > 1) {
                    duplicated.add(new String[]{people.get(1).name, people.get(1).id});
                }
            }
            // deliberate duplicates: a member listed again as the head of a one-person household
            for (int d = 0; d < duplicated.size(); d++) {
                Region village = villages.get(random.nextInt(villages.size()));
                String no = village.code().value() + "9" + String.format("%03d", d);
                Person p = new Person(duplicated.get(d)[0], duplicated.get(d)[1], "户主", LocalDate.of(1970, 1, 1));
                p.birth = new ResidentId(p.id).birthDate();
                for (int year : spec.years()) {
                    w.write(row(no, village.code().value(), p, year, false, random, "一般贫困户", "因病", "", "未脱贫",
                            BigDecimal.valueOf(1200), BigDecimal.ZERO, BigDecimal.valueOf(300), BigDecimal.ZERO, BigDecimal.ZERO,
                            false, true, "王明"));
                    rows++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private List<Region> villages(RegionCode area) {
        List<Region> out = new ArrayList<>();
        collect(area, out);
        return out;
    }

    private void collect(RegionCode code, List<Region> out) {
        for (Region child : regions.children(code)) {
            if (child.level() == RegionLevel.VILLAGE) {
                out.add(child);
            } else {
                collect(child.code(), out);
            }
        }
    }

    /** The national line of the years the demo covers; the generator needs only a plausible scale. */
    private static BigDecimal yearLine(int year) {
        return BigDecimal.valueOf(year <= 2016 ? 2952 : year == 2017 ? 2952 : year == 2018 ? 2995 : year == 2019 ? 3218 : 4000);
    }

    /** Which status a household has in each year: most exit, some a year later, a few return. */
    private static final class Trajectory {
        final String[] statuses;

        Trajectory(Random random, List<Integer> years) {
            statuses = new String[years.size()];
            int exitAt = random.nextInt(100) < 75 ? 1 + random.nextInt(Math.max(1, years.size())) : Integer.MAX_VALUE;
            boolean returns = random.nextInt(100) < 3;
            for (int i = 0; i < years.size(); i++) {
                if (i < exitAt - 1) {
                    statuses[i] = "未脱贫";
                } else if (i == exitAt - 1) {
                    statuses[i] = "预脱贫";
                } else {
                    statuses[i] = returns && i == years.size() - 1 ? "返贫" : "已脱贫";
                }
            }
        }

        String status(int yearIndex) {
            return statuses[yearIndex];
        }
    }

    private static final class Person {
        final String name;
        final String id;
        final String relation;
        LocalDate birth;

        Person(String name, String id, String relation, LocalDate birth) {
            this.name = name;
            this.id = id;
            this.relation = relation;
            this.birth = birth;
        }

        boolean male() {
            return (id.charAt(16) - '0') % 2 == 1;
        }
    }

    private List<Person> family(Random random, RegionCode village, int firstYear, Set<String> ids) {
        String county = village.value().substring(0, 6);
        String surname = String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int size = pick(random, new int[]{10, 20, 25, 25, 12, 8}) + 1;
        List<Person> people = new ArrayList<>();
        boolean headMale = random.nextInt(100) < 85;
        LocalDate headBirth = LocalDate.of(firstYear - 30 - random.nextInt(45), 1 + random.nextInt(12), 1 + random.nextInt(28));
        people.add(new Person(surname + given(random), id(random, county, headBirth, headMale, ids), "户主", headBirth));
        if (size >= 2) {
            LocalDate b = headBirth.plusYears(random.nextInt(7) - 3).plusDays(random.nextInt(200));
            people.add(new Person(SURNAMES.charAt(random.nextInt(SURNAMES.length())) + given(random), id(random, county, b, !headMale, ids), "配偶", b));
        }
        for (int i = people.size(); i < size; i++) {
            boolean elder = i == size - 1 && size >= 5 && headBirth.getYear() > firstYear - 50;
            if (elder) {
                LocalDate b = headBirth.minusYears(22 + random.nextInt(10));
                boolean male = random.nextBoolean();
                people.add(new Person(surname + given(random), id(random, county, b, male, ids), male ? "之父" : "之母", b));
            } else {
                LocalDate b = LocalDate.of(Math.min(firstYear - 1, headBirth.getYear() + 20 + random.nextInt(20)), 1 + random.nextInt(12), 1 + random.nextInt(28));
                boolean male = random.nextBoolean();
                people.add(new Person(surname + given(random), id(random, county, b, male, ids), male ? "之子" : "之女", b));
            }
        }
        return people;
    }

    private static String given(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(4) == 0 ? 1 : 2;
        for (int i = 0; i < n; i++) {
            sb.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return sb.toString();
    }

    private static String id(Random random, String county, LocalDate birth, boolean male, Set<String> ids) {
        while (true) {
            int seq = random.nextInt(500) * 2 + (male ? 1 : 0);
            String first17 = county + birth.toString().replace("-", "") + String.format("%03d", seq);
            String id = first17 + ResidentId.checkCharacter(first17);
            if (ids.add(id)) {
                return id;
            }
        }
    }

    private static int pick(Random random, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static String row(String no, String village, Person p, int year, boolean exited, Random random, String attribute,
                              String cause, String other, String status, BigDecimal wage, BigDecimal business, BigDecimal transfer,
                              BigDecimal property, BigDecimal costs, boolean dangerous, boolean water, String cadre) {
        int age = java.time.Period.between(p.birth, LocalDate.of(year, 9, 1)).getYears();
        String education = age < 6 ? "学龄前儿童" : age < 12 ? "小学" : age < 16 ? "初中" : age < 19 ? "高中"
                : age > 60 ? (random.nextBoolean() ? "文盲或半文盲" : "小学") : random.nextInt(5) == 0 ? "高中" : "初中";
        String student = age < 6 ? "学前教育" : age < 12 ? "小学" : age == 12 ? "七年级" : age == 13 ? "八年级" : age == 14 ? "九年级"
                : age < 19 && random.nextBoolean() ? "高中" : "非在校生";
        if (age >= 7 && age <= 15 && !exited && random.nextInt(200) == 0) {
            student = "辍学";
        }
        // health belongs to the person, not to the year: derived from the ID number so it stays put
        int h = Math.abs(p.id.hashCode() / 7);
        String health = age > 60 && h % 3 == 0 ? "长期慢性病" : h % 30 == 1 ? "残疾" : h % 40 == 2 ? "患有大病"
                : h % 211 == 5 && year >= 2018 ? "患有大病" : "健康"; // a few fall seriously ill in the last year

        String labor = age < 16 || age > 70 ? "无劳动力" : health.equals("残疾") ? "丧失劳动力" : random.nextInt(5) == 0 ? "技能劳动力" : "普通劳动力";
        boolean works = labor.endsWith("劳动力") && !labor.startsWith("无") && !labor.startsWith("丧失") && random.nextBoolean();
        String migrant = works ? (random.nextBoolean() ? "省外务工" : "县外省内务工") : "无";
        String months = works ? String.valueOf(3 + random.nextInt(10)) : "0";
        boolean medical = exited || random.nextInt(100) < 96;
        String phone = p.relation.equals("户主") ? "1" + (3 + random.nextInt(6)) + String.format("%09d", Math.abs(p.id.hashCode()) % 1_000_000_000) : "";
        String[] cells = {no, village, p.name, p.id, p.relation, p.male() ? "男" : "女", p.birth.toString(),
                ETHNICITIES[Math.abs(p.id.hashCode()) % ETHNICITIES.length], education, student, health, labor, migrant, months,
                medical ? "是" : "否", age >= 16 ? "是" : "否", phone, attribute, cause, other.equals(cause) ? "" : other, "国家",
                status, wage.toPlainString(), business.toPlainString(), transfer.toPlainString(), property.toPlainString(),
                costs.toPlainString(), dangerous ? "是" : "否", water ? "是" : "否", cadre, "六盘水市帮扶单位", String.valueOf(year)};
        return String.join(",", cells) + "\r\n";
    }
}
