package org.counterpart.cooperation;

import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSource;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.Period;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The cooperation's figures as metrics, read from the ledgers, the pairings and the agreements'
 * milestones, and from nothing else.
 *
 * <p><b>When a record counts.</b> Every period lies inside one calendar year, and so does every record:
 * a record counts in a period when its year is the period's year and its month lies in the period's
 * months. A ledger with a date of its own (signed on, started on, held on) takes its month from that
 * date. A ledger without one (funds, industry, consumption, donations) has an optional date of its own
 * ({@link Ledger#asOfField()}: disbursed on, invested on, bought on, donated on), always inside the record's
 * year; where it is empty, the month is the month the record was last recorded in ({@code recorded_at})
 * when that lies in its year. A record
 * entered after its year (a 2018 fund typed in in 2019) counts in December of its year, one entered
 * ahead of its year in January, so that the months of a year always add up to the year the ledger shows.
 *
 * <p><b>Subjects.</b> A helped place answers for the records placed there or below it
 * ({@code place_code} starting with its code); a recording side for the records its government or any
 * government below it recorded ({@code owner_region}); an institution for the records it recorded. For
 * pairings the helped place is the helped region, or the region of the helped institution; the
 * recording side is the helping region.
 *
 * <p><b>Rules worth knowing.</b>
 * <ul>
 *     <li>{@code projects.started} counts fund records; {@code projects.completed} counts those whose
 *     disbursed money has reached the allocation. The fund ledger has no completion date or status:
 *     the money having gone out in full is the one thing it records that says a project is done (what
 *     offices report as 完工 follows the final payment after acceptance), so that is the rule, dated
 *     like the record itself.</li>
 *     <li>{@code labour.placed} counts labour records, each one worker placed (a worker placed twice in
 *     a period counts twice, as the offices' job tables do).</li>
 *     <li>{@code training.people} counts the distinct people linked to the training records of the
 *     period, plus the {@code participants} entered on records that name nobody (a course for people
 *     not in the registry). A person in two courses counts once; records() gives each course with its
 *     own people, so the records can add up to more than the value.</li>
 *     <li>{@code personnel.days} is the days of every stay (either direction) that lie in the period:
 *     a stay from 15 March to 14 April gives 17 days to March and 14 to April.</li>
 *     <li>{@code pairings.in_force} counts the pairings begun in the period's year or before; a
 *     pairing has no end date, so it is in force from its first year on.</li>
 *     <li>{@code agreements.milestones_on_time} is the share of the milestones due in the period that
 *     were done on or before their due date; a period with no milestone due answers 0, as does
 *     {@code funds.disbursement_rate} with nothing allocated. For the rates, records() gives the
 *     records of the denominator with what each adds to the numerator.</li>
 * </ul>
 *
 * <p><b>Speed.</b> A value is one grouped query per metric and period, grouped by place, recording
 * region and recording institution (and month), folded in Java into every subject asked; {@link #monthly}
 * is the same query once for the twelve months of a year.
 */
@Component
public class LedgerMetrics implements MetricSource {

    /**
     * The month of a record whose ledger has no date: when it was last recorded, held inside the record's year.
     */
    static final String RECORDED_MONTH = "case when extract(year from t.recorded_at) = t.reg_year then extract(month from t.recorded_at)"
            + " when extract(year from t.recorded_at) > t.reg_year then 12 else 1 end";

    private final JdbcClient jdbc;
    private final Map<String, Figure> figures = new LinkedHashMap<>();

    LedgerMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
        Ledger fund = Ledger.FUND;
        add(summed(metric("funds.allocated", "财政帮扶资金安排", "Funds allocated", MetricUnit.YUAN, true), fund, "t.allocated", null));
        add(summed(metric("funds.disbursed", "财政帮扶资金拨付", "Funds disbursed", MetricUnit.YUAN, true), fund, "t.disbursed", null));
        add(ratio(metric("funds.disbursement_rate", "资金拨付率", "Disbursement rate", MetricUnit.PERCENT, false), fund,
                "t.disbursed", "t.allocated", null));
        add(summed(metric("projects.started", "实施项目数", "Projects started", MetricUnit.COUNT, true), fund, "1", null));
        add(summed(metric("projects.completed", "完成项目数", "Projects completed", MetricUnit.COUNT, true), fund, "1",
                "t.disbursed >= t.allocated"));
        add(summed(metric("industry.enterprises", "引导落地企业数", "Enterprises brought in", MetricUnit.COUNT, true), Ledger.INDUSTRY, "1", null));
        add(summed(metric("industry.invested", "企业实际投资额", "Investment made", MetricUnit.YUAN, true), Ledger.INDUSTRY, "t.invested", null));
        add(summed(metric("labour.placed", "帮助贫困人口就业", "Registered poor placed in jobs", MetricUnit.PEOPLE, true), Ledger.LABOR, "1", null));
        add(summed(metric("labour.placed.east", "到东部地区就业", "Placed in jobs in the east", MetricUnit.PEOPLE, true), Ledger.LABOR, "1",
                "t.destination = 'EAST'"));
        add(summed(metric("labour.placed.local", "就地就近就业", "Placed in jobs near home", MetricUnit.PEOPLE, true), Ledger.LABOR, "1",
                "t.destination = 'LOCAL'"));
        add(summed(metric("labour.placed.elsewhere", "到其他地区就业", "Placed in jobs elsewhere", MetricUnit.PEOPLE, true), Ledger.LABOR, "1",
                "t.destination = 'ELSEWHERE'"));
        add(new Trained(metric("training.people", "培训人数", "People trained", MetricUnit.PEOPLE, false)));
        String[][] roles = {{"CADRE", "选派挂职干部", "Cadres sent"}, {"TEACHER", "选派支教教师", "Teachers sent"},
                {"DOCTOR", "选派支医医生", "Doctors sent"}, {"TECHNICIAN", "选派专业技术人员", "Technicians sent"}};
        for (String[] r : roles) {
            add(summed(metric("personnel.sent." + r[0].toLowerCase(Locale.ROOT), r[1], r[2], MetricUnit.COUNT, true), Ledger.PERSONNEL, "1",
                    "t.direction = 'EAST_TO_WEST' and t.role = '" + r[0] + "'"));
        }
        add(summed(metric("personnel.received", "接收西部挂职和培训人员", "Personnel received from the west", MetricUnit.COUNT, true),
                Ledger.PERSONNEL, "1", "t.direction = 'WEST_TO_EAST'"));
        add(new Served(metric("personnel.days", "挂职服务天数", "Days served", MetricUnit.DAYS, true)));
        add(summed(metric("consumption.amount", "消费扶贫金额", "Products purchased", MetricUnit.YUAN, true), Ledger.CONSUMPTION, "t.amount", null));
        add(summed(metric("social.donations", "社会帮扶捐赠", "Donations", MetricUnit.YUAN, true), Ledger.SOCIAL, "t.amount", null));
        add(new InForce(metric("pairings.in_force", "结对关系", "Pairings in force", MetricUnit.COUNT, false), null));
        String[][] kinds = {{"CITY_CITY", "市与市结对", "City–city pairings in force"},
                {"DISTRICT_COUNTY", "区县结对", "District–county pairings in force"},
                {"TOWN_VILLAGE", "乡镇与村结对", "Town–village pairings in force"},
                {"ENTERPRISE_VILLAGE", "企业与村结对", "Enterprise–village pairings in force"},
                {"SCHOOL_SCHOOL", "学校结对", "School pairings in force"},
                {"HOSPITAL_HOSPITAL", "医院结对", "Hospital pairings in force"},
                {"INSTITUTION_INSTITUTION", "单位结对", "Institution pairings in force"}};
        for (String[] k : kinds) {
            PairingKind kind = PairingKind.valueOf(k[0]);
            add(new InForce(metric("pairings.in_force." + k[0].toLowerCase(Locale.ROOT), k[1], k[2], MetricUnit.COUNT, false), kind));
        }
        add(summed(metric("meetings.joint", "召开联席会议", "Joint meetings held", MetricUnit.COUNT, true), Ledger.MEETING, "1", "t.kind = 'JOINT'"));
        add(summed(metric("meetings.visits", "领导互访", "Leaders' visits", MetricUnit.COUNT, true), Ledger.MEETING, "1", "t.kind = 'VISIT'"));
        add(new Summed(metric("agreements.milestones_on_time", "协议节点按期完成率", "Agreement milestones done on time", MetricUnit.PERCENT, false),
                "agreement_milestone ms join ledger_agreement t on t.id = ms.agreement_id", "ms.due_on between :yearStart and :yearEnd",
                "extract(month from ms.due_on)", null,
                List.of("case when ms.status = 'DONE' and ms.done_on <= ms.due_on then 1 else 0 end", "1"), LedgerMetrics::percent,
                "MILESTONE", "ms.id", "ms.version", "ms.title", "/ledgers/" + Ledger.AGREEMENT.slug() + "/"));
    }

    private static Metric metric(String id, String zh, String en, MetricUnit unit, boolean additive) {
        return new Metric(id, zh, en, unit, additive);
    }

    private void add(Figure f) {
        figures.put(f.metric.id(), f);
    }

    @Override
    public List<Metric> metrics() {
        return figures.values().stream().map(f -> f.metric).toList();
    }

    @Override
    public Map<MetricSubject, BigDecimal> values(String metricId, Period period, Collection<MetricSubject> subjects) {
        Figure f = figure(metricId);
        Map<MetricSubject, BigDecimal> out = new LinkedHashMap<>();
        Map<MetricSubject, BigDecimal> found = f.values(period, List.copyOf(new java.util.LinkedHashSet<>(subjects)));
        for (MetricSubject s : subjects) {
            out.put(s, scaled(f.metric, found.getOrDefault(s, BigDecimal.ZERO)));
        }
        return out;
    }

    @Override
    public Map<MetricSubject, List<BigDecimal>> monthly(String metricId, int year, Collection<MetricSubject> subjects) {
        Figure f = figure(metricId);
        Period.year(year);
        Map<MetricSubject, List<BigDecimal>> found = f.monthly(year, List.copyOf(new java.util.LinkedHashSet<>(subjects)));
        Map<MetricSubject, List<BigDecimal>> out = new LinkedHashMap<>();
        for (MetricSubject s : subjects) {
            List<BigDecimal> months = found.get(s);
            List<BigDecimal> values = new ArrayList<>(12);
            for (int m = 0; m < 12; m++) {
                values.add(scaled(f.metric, months == null ? BigDecimal.ZERO : months.get(m)));
            }
            out.put(s, List.copyOf(values));
        }
        return out;
    }

    @Override
    public List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return figure(metricId).records(subject, period, limit);
    }

    private Figure figure(String metricId) {
        Figure f = metricId == null ? null : figures.get(metricId);
        if (f == null) {
            throw new InvalidInputException("metric", "metric.unknown");
        }
        return f;
    }

    private static BigDecimal scaled(Metric m, BigDecimal v) {
        return v.setScale(m.unit().scale(), RoundingMode.HALF_UP);
    }

    static BigDecimal percent(BigDecimal[] parts) {
        if (parts[1].signum() == 0) {
            return BigDecimal.ZERO;
        }
        return parts[0].multiply(BigDecimal.valueOf(100)).divide(parts[1], 1, RoundingMode.HALF_UP);
    }

    // --- what the groups of a query are, and which subjects they belong to ---

    /** The side of a group of records: where they lie, which region recorded them, which institution. */
    record Side(String place, String ownerRegion, Long ownerInstitution) {

        boolean belongsTo(MetricSubject s) {
            if (s instanceof MetricSubject.Place p) {
                return place != null && place.startsWith(p.region());
            }
            if (s instanceof MetricSubject.RecordedBy r) {
                return ownerRegion != null && ownerRegion.startsWith(r.region());
            }
            MetricSubject.Institution i = (MetricSubject.Institution) s;
            return ownerInstitution != null && ownerInstitution == i.id();
        }

        static Side read(ResultSet rs, int first) throws SQLException {
            long inst = rs.getLong(first + 2);
            Long institution = rs.wasNull() ? null : inst;
            return new Side(rs.getString(first), rs.getString(first + 1), institution);
        }
    }

    /** The condition on a ledger's rows for one subject, its parameters put into {@code p}. */
    static String subjectCondition(MetricSubject s, Map<String, Object> p) {
        if (s instanceof MetricSubject.Place place) {
            p.put("prefix", place.region() + "%");
            return "t.place_code like :prefix";
        }
        if (s instanceof MetricSubject.RecordedBy by) {
            p.put("prefix", by.region() + "%");
            return "t.owner_region like :prefix";
        }
        p.put("inst", ((MetricSubject.Institution) s).id());
        return "t.owner_institution_id = :inst";
    }

    /** The parameters every query takes: the year, its first and last day, and the period's first and last month. */
    static Map<String, Object> params(int year, int firstMonth, int lastMonth) {
        Map<String, Object> p = new HashMap<>();
        p.put("year", year);
        p.put("yearStart", Date.valueOf(LocalDate.of(year, 1, 1)));
        p.put("yearEnd", Date.valueOf(LocalDate.of(year, 12, 31)));
        p.put("m1", firstMonth);
        p.put("m2", lastMonth);
        return p;
    }

    static Map<String, Object> params(Period period) {
        return params(period.year(), period.start().getMonthValue(), period.end().getMonthValue());
    }

    private abstract static class Figure {
        final Metric metric;

        Figure(Metric metric) {
            this.metric = metric;
        }

        abstract Map<MetricSubject, BigDecimal> values(Period period, List<MetricSubject> subjects);

        abstract Map<MetricSubject, List<BigDecimal>> monthly(int year, List<MetricSubject> subjects);

        abstract List<MetricRecord> records(MetricSubject subject, Period period, int limit);
    }

    private Summed summed(Metric metric, Ledger ledger, String amount, String filter) {
        return new Summed(metric, ledger.table() + " t", "t.reg_year = :year", month(ledger), filter, List.of(amount), a -> a[0],
                ledger.code(), "t.id", "t.version", title(ledger), "/ledgers/" + ledger.slug() + "/");
    }

    private Summed ratio(Metric metric, Ledger ledger, String numerator, String denominator, String filter) {
        return new Summed(metric, ledger.table() + " t", "t.reg_year = :year", month(ledger), filter, List.of(numerator, denominator),
                LedgerMetrics::percent, ledger.code(), "t.id", "t.version", title(ledger), "/ledgers/" + ledger.slug() + "/");
    }

    static String month(Ledger ledger) {
        if (ledger.dateField().isPresent()) {
            return "extract(month from t." + ledger.dateField().get().name() + ")";
        }
        // a money ledger's optional date (disbursed on, bought on) where it is given, else when it was recorded
        return ledger.asOfField().map(f -> "coalesce(extract(month from t." + f.name() + "), " + RECORDED_MONTH + ")").orElse(RECORDED_MONTH);
    }

    /** The title a record is shown with: its own, except where the title is a person's name. */
    static String title(Ledger ledger) {
        return ledger == Ledger.PERSONNEL ? "t.role || ' ' || t.direction || coalesce(' ' || t.field, '')" : "t.title";
    }

    /**
     * A figure summed over rows: the rows ({@code from}, the year's condition, the metric's filter),
     * their month, the parts summed per group and month, and the value made of the summed parts. The
     * records behind a value are the same rows, each with its first part.
     */
    private final class Summed extends Figure {
        final String from;
        final String yearCondition;
        final String month;
        final String filter;
        final List<String> parts;
        final Function<BigDecimal[], BigDecimal> value;
        final String kind;
        final String id;
        final String version;
        final String title;
        final String link;

        Summed(Metric metric, String from, String yearCondition, String month, String filter, List<String> parts,
               Function<BigDecimal[], BigDecimal> value, String kind, String id, String version, String title, String link) {
            super(metric);
            this.from = from;
            this.yearCondition = yearCondition;
            this.month = month;
            this.filter = filter;
            this.parts = parts;
            this.value = value;
            this.kind = kind;
            this.id = id;
            this.version = version;
            this.title = title;
            this.link = link;
        }

        private String where() {
            return " where " + yearCondition + " and " + month + " between :m1 and :m2" + (filter == null ? "" : " and " + filter);
        }

        record Group(Side side, int month, BigDecimal[] sums) {
        }

        List<Group> groups(Map<String, Object> p) {
            StringBuilder inner = new StringBuilder("select t.place_code as g_place, t.owner_region as g_region, t.owner_institution_id as g_inst, ")
                    .append(month).append(" as g_month");
            StringBuilder outer = new StringBuilder("select g_place, g_region, g_inst, g_month");
            for (int i = 0; i < parts.size(); i++) {
                inner.append(", ").append(parts.get(i)).append(" as p").append(i);
                outer.append(", coalesce(sum(p").append(i).append("), 0)");
            }
            inner.append(" from ").append(from).append(where());
            outer.append(" from (").append(inner).append(") x group by g_place, g_region, g_inst, g_month");
            return jdbc.sql(outer.toString()).params(p).query((rs, n) -> {
                BigDecimal[] sums = new BigDecimal[parts.size()];
                for (int i = 0; i < sums.length; i++) {
                    sums[i] = rs.getBigDecimal(5 + i);
                }
                return new Group(Side.read(rs, 1), rs.getInt(4), sums);
            }).list();
        }

        private BigDecimal[] zero() {
            BigDecimal[] z = new BigDecimal[parts.size()];
            Arrays.fill(z, BigDecimal.ZERO);
            return z;
        }

        @Override
        Map<MetricSubject, BigDecimal> values(Period period, List<MetricSubject> subjects) {
            Map<MetricSubject, BigDecimal[]> sums = new HashMap<>();
            for (Group g : groups(params(period))) {
                for (MetricSubject s : subjects) {
                    if (g.side.belongsTo(s)) {
                        BigDecimal[] acc = sums.computeIfAbsent(s, k -> zero());
                        for (int i = 0; i < acc.length; i++) {
                            acc[i] = acc[i].add(g.sums[i]);
                        }
                    }
                }
            }
            Map<MetricSubject, BigDecimal> out = new HashMap<>();
            for (MetricSubject s : subjects) {
                out.put(s, value.apply(sums.getOrDefault(s, zero())));
            }
            return out;
        }

        @Override
        Map<MetricSubject, List<BigDecimal>> monthly(int year, List<MetricSubject> subjects) {
            Map<MetricSubject, BigDecimal[][]> sums = new HashMap<>();
            for (Group g : groups(params(year, 1, 12))) {
                for (MetricSubject s : subjects) {
                    if (g.side.belongsTo(s)) {
                        BigDecimal[] acc = sums.computeIfAbsent(s, k -> {
                            BigDecimal[][] months = new BigDecimal[12][];
                            for (int m = 0; m < 12; m++) {
                                months[m] = zero();
                            }
                            return months;
                        })[g.month - 1];
                        for (int i = 0; i < acc.length; i++) {
                            acc[i] = acc[i].add(g.sums[i]);
                        }
                    }
                }
            }
            Map<MetricSubject, List<BigDecimal>> out = new HashMap<>();
            for (MetricSubject s : subjects) {
                BigDecimal[][] months = sums.get(s);
                List<BigDecimal> values = new ArrayList<>(12);
                for (int m = 0; m < 12; m++) {
                    values.add(value.apply(months == null ? zero() : months[m]));
                }
                out.put(s, values);
            }
            return out;
        }

        @Override
        List<MetricRecord> records(MetricSubject subject, Period period, int limit) {
            Map<String, Object> p = params(period);
            p.put("limit", limit);
            String sql = "select " + id + " as r_id, " + version + " as r_version, " + title + " as r_title, t.id as r_link, "
                    + parts.get(0) + " as r_amount from " + from + where() + " and " + subjectCondition(subject, p)
                    + " order by r_amount desc, r_id limit :limit";
            return jdbc.sql(sql).params(p).query((rs, n) -> new MetricRecord(kind, rs.getLong(1), rs.getInt(2), rs.getString(3),
                    rs.getBigDecimal(5), link + rs.getLong(4))).list();
        }
    }

    /**
     * People trained: the distinct people linked to the training records of the period, and the
     * participants entered on the records that name nobody, in one query.
     */
    private final class Trained extends Figure {
        static final String LINKED = "from ledger_training t join beneficiary_link b on b.ledger = 'TRAINING' and b.record_id = t.id";
        static final String UNLINKED = "not exists (select 1 from beneficiary_link b where b.ledger = 'TRAINING' and b.record_id = t.id)";

        Trained(Metric metric) {
            super(metric);
        }

        record Row(Side side, int month, Long person, long participants) {
        }

        List<Row> rows(Map<String, Object> p) {
            String month = month(Ledger.TRAINING);
            String where = " where t.reg_year = :year and " + month + " between :m1 and :m2";
            String sql = "select distinct t.place_code, t.owner_region, t.owner_institution_id, " + month + ", b.person_id, 0 " + LINKED + where
                    + " union all select t.place_code, t.owner_region, t.owner_institution_id, " + month + ", null, coalesce(t.participants, 0)"
                    + " from ledger_training t" + where + " and " + UNLINKED;
            return jdbc.sql(sql).params(p).query((rs, n) -> {
                long person = rs.getLong(5);
                Long id = rs.wasNull() ? null : person;
                return new Row(Side.read(rs, 1), rs.getInt(4), id, rs.getLong(6));
            }).list();
        }

        /** Distinct people and anonymous participants of one subject (and month). */
        static final class Count {
            final Set<Long> people = new HashSet<>();
            long participants;

            void add(Row r) {
                if (r.person != null) {
                    people.add(r.person);
                } else {
                    participants += r.participants;
                }
            }

            BigDecimal value() {
                return BigDecimal.valueOf(people.size() + participants);
            }
        }

        @Override
        Map<MetricSubject, BigDecimal> values(Period period, List<MetricSubject> subjects) {
            Map<MetricSubject, Count> counts = new HashMap<>();
            for (Row r : rows(params(period))) {
                for (MetricSubject s : subjects) {
                    if (r.side.belongsTo(s)) {
                        counts.computeIfAbsent(s, k -> new Count()).add(r);
                    }
                }
            }
            Map<MetricSubject, BigDecimal> out = new HashMap<>();
            counts.forEach((s, c) -> out.put(s, c.value()));
            return out;
        }

        @Override
        Map<MetricSubject, List<BigDecimal>> monthly(int year, List<MetricSubject> subjects) {
            Map<MetricSubject, Count[]> counts = new HashMap<>();
            for (Row r : rows(params(year, 1, 12))) {
                for (MetricSubject s : subjects) {
                    if (r.side.belongsTo(s)) {
                        Count[] months = counts.computeIfAbsent(s, k -> {
                            Count[] c = new Count[12];
                            for (int m = 0; m < 12; m++) {
                                c[m] = new Count();
                            }
                            return c;
                        });
                        months[r.month - 1].add(r);
                    }
                }
            }
            Map<MetricSubject, List<BigDecimal>> out = new HashMap<>();
            counts.forEach((s, c) -> out.put(s, Arrays.stream(c).map(Count::value).toList()));
            return out;
        }

        @Override
        List<MetricRecord> records(MetricSubject subject, Period period, int limit) {
            Map<String, Object> p = params(period);
            p.put("limit", limit);
            String linked = "(select count(*) from beneficiary_link b where b.ledger = 'TRAINING' and b.record_id = t.id)";
            String sql = "select t.id, t.version, t.title, case when " + linked + " > 0 then " + linked + " else coalesce(t.participants, 0) end as r_amount"
                    + " from ledger_training t where t.reg_year = :year and " + month(Ledger.TRAINING) + " between :m1 and :m2 and "
                    + subjectCondition(subject, p) + " order by r_amount desc, t.id limit :limit";
            return jdbc.sql(sql).params(p).query((rs, n) -> new MetricRecord(Ledger.TRAINING.code(), rs.getLong(1), rs.getInt(2), rs.getString(3),
                    rs.getBigDecimal(4), "/ledgers/" + Ledger.TRAINING.slug() + "/" + rs.getLong(1))).list();
        }
    }

    /** Days served: the part of every stay that lies in the period, counted in Java from the stays overlapping it. */
    private final class Served extends Figure {
        Served(Metric metric) {
            super(metric);
        }

        record Stay(Side side, long id, int version, String title, LocalDate from, LocalDate to) {
            long daysIn(LocalDate start, LocalDate end) {
                LocalDate a = from.isAfter(start) ? from : start;
                LocalDate b = to.isBefore(end) ? to : end;
                return b.isBefore(a) ? 0 : ChronoUnit.DAYS.between(a, b) + 1;
            }
        }

        List<Stay> stays(LocalDate start, LocalDate end, String condition, Map<String, Object> p) {
            p.put("from", Date.valueOf(start));
            p.put("to", Date.valueOf(end));
            String sql = "select t.place_code, t.owner_region, t.owner_institution_id, t.id, t.version, " + title(Ledger.PERSONNEL)
                    + ", t.started_on, t.ended_on from ledger_personnel t where t.started_on <= :to and t.ended_on >= :from"
                    + (condition == null ? "" : " and " + condition);
            return jdbc.sql(sql).params(p).query((rs, n) -> new Stay(Side.read(rs, 1), rs.getLong(4), rs.getInt(5), rs.getString(6),
                    rs.getDate(7).toLocalDate(), rs.getDate(8).toLocalDate())).list();
        }

        @Override
        Map<MetricSubject, BigDecimal> values(Period period, List<MetricSubject> subjects) {
            Map<MetricSubject, Long> days = new HashMap<>();
            for (Stay s : stays(period.start(), period.end(), null, new HashMap<>())) {
                long d = s.daysIn(period.start(), period.end());
                for (MetricSubject subject : subjects) {
                    if (s.side.belongsTo(subject)) {
                        days.merge(subject, d, Long::sum);
                    }
                }
            }
            Map<MetricSubject, BigDecimal> out = new HashMap<>();
            days.forEach((s, d) -> out.put(s, BigDecimal.valueOf(d)));
            return out;
        }

        @Override
        Map<MetricSubject, List<BigDecimal>> monthly(int year, List<MetricSubject> subjects) {
            Map<MetricSubject, long[]> days = new HashMap<>();
            for (Stay s : stays(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), null, new HashMap<>())) {
                long[] byMonth = new long[12];
                for (int m = 1; m <= 12; m++) {
                    YearMonth ym = YearMonth.of(year, m);
                    byMonth[m - 1] = s.daysIn(ym.atDay(1), ym.atEndOfMonth());
                }
                for (MetricSubject subject : subjects) {
                    if (s.side.belongsTo(subject)) {
                        long[] acc = days.computeIfAbsent(subject, k -> new long[12]);
                        for (int m = 0; m < 12; m++) {
                            acc[m] += byMonth[m];
                        }
                    }
                }
            }
            Map<MetricSubject, List<BigDecimal>> out = new HashMap<>();
            days.forEach((s, d) -> out.put(s, Arrays.stream(d).mapToObj(BigDecimal::valueOf).toList()));
            return out;
        }

        @Override
        List<MetricRecord> records(MetricSubject subject, Period period, int limit) {
            Map<String, Object> p = new HashMap<>();
            String condition = subjectCondition(subject, p);
            return stays(period.start(), period.end(), condition, p).stream()
                    .map(s -> new MetricRecord(Ledger.PERSONNEL.code(), s.id, s.version, s.title,
                            BigDecimal.valueOf(s.daysIn(period.start(), period.end())), "/ledgers/" + Ledger.PERSONNEL.slug() + "/" + s.id))
                    .sorted(Comparator.comparing(MetricRecord::amount).reversed().thenComparing(MetricRecord::id))
                    .limit(limit).toList();
        }
    }

    /**
     * Pairings in force: begun in the period's year or before. The helped place of a pairing with an
     * institution on the helped side is the institution's region.
     */
    private final class InForce extends Figure {
        static final String HELPED_PLACE = "coalesce(p.helped_region, (select i.region_code from institution i where i.id = p.helped_institution_id))";
        final PairingKind kind;

        InForce(Metric metric, PairingKind kind) {
            super(metric);
            this.kind = kind;
        }

        record Group(String helperRegion, Long helperInstitution, String helpedPlace, Long helpedInstitution, long count) {
            boolean belongsTo(MetricSubject s) {
                if (s instanceof MetricSubject.Place p) {
                    return helpedPlace != null && helpedPlace.startsWith(p.region());
                }
                if (s instanceof MetricSubject.RecordedBy r) {
                    return helperRegion != null && helperRegion.startsWith(r.region());
                }
                long id = ((MetricSubject.Institution) s).id();
                return (helperInstitution != null && helperInstitution == id) || (helpedInstitution != null && helpedInstitution == id);
            }
        }

        private String where(Map<String, Object> p, int year) {
            p.put("year", year);
            if (kind != null) {
                p.put("kind", kind.name());
            }
            return " where p.since_year <= :year" + (kind == null ? "" : " and p.kind = :kind");
        }

        Map<MetricSubject, BigDecimal> inForce(int year, List<MetricSubject> subjects) {
            Map<String, Object> p = new HashMap<>();
            String sql = "select g_helper, g_helper_inst, g_helped, g_helped_inst, count(*) from (select p.helper_region as g_helper,"
                    + " p.helper_institution_id as g_helper_inst, " + HELPED_PLACE + " as g_helped, p.helped_institution_id as g_helped_inst"
                    + " from pairing p" + where(p, year) + ") x group by g_helper, g_helper_inst, g_helped, g_helped_inst";
            List<Group> groups = jdbc.sql(sql).params(p).query((rs, n) -> {
                long a = rs.getLong(2);
                Long helperInst = rs.wasNull() ? null : a;
                long b = rs.getLong(4);
                Long helpedInst = rs.wasNull() ? null : b;
                return new Group(rs.getString(1), helperInst, rs.getString(3), helpedInst, rs.getLong(5));
            }).list();
            Map<MetricSubject, BigDecimal> out = new HashMap<>();
            for (Group g : groups) {
                for (MetricSubject s : subjects) {
                    if (g.belongsTo(s)) {
                        out.merge(s, BigDecimal.valueOf(g.count), BigDecimal::add);
                    }
                }
            }
            return out;
        }

        @Override
        Map<MetricSubject, BigDecimal> values(Period period, List<MetricSubject> subjects) {
            return inForce(period.year(), subjects);
        }

        @Override
        Map<MetricSubject, List<BigDecimal>> monthly(int year, List<MetricSubject> subjects) {
            Map<MetricSubject, List<BigDecimal>> out = new HashMap<>();
            inForce(year, subjects).forEach((s, v) -> out.put(s, java.util.Collections.nCopies(12, v)));
            return out;
        }

        @Override
        List<MetricRecord> records(MetricSubject subject, Period period, int limit) {
            Map<String, Object> p = new HashMap<>();
            String condition;
            if (subject instanceof MetricSubject.Place place) {
                p.put("prefix", place.region() + "%");
                condition = HELPED_PLACE + " like :prefix";
            } else if (subject instanceof MetricSubject.RecordedBy by) {
                p.put("prefix", by.region() + "%");
                condition = "p.helper_region like :prefix";
            } else {
                p.put("inst", ((MetricSubject.Institution) subject).id());
                condition = "(p.helper_institution_id = :inst or p.helped_institution_id = :inst)";
            }
            p.put("limit", limit);
            String sql = "select p.id, p.version, p.kind, p.helper_region, p.helper_institution_id, p.helped_region, p.helped_institution_id"
                    + " from pairing p" + where(p, period.year()) + " and " + condition + " order by p.id limit :limit";
            return jdbc.sql(sql).params(p).query((rs, n) -> {
                String helper = side(rs.getString(4), rs.getLong(5));
                String helped = side(rs.getString(6), rs.getLong(7));
                return new MetricRecord("PAIRING", rs.getLong(1), rs.getInt(2), rs.getString(3) + " " + helper + " → " + helped,
                        BigDecimal.ONE, "/pairings/" + rs.getLong(1) + "/edit");
            }).list();
        }

        private static String side(String region, long institution) {
            return region != null ? region : "institution:" + institution;
        }
    }
}
