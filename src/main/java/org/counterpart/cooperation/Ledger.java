package org.counterpart.cooperation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.counterpart.cooperation.LedgerField.choice;
import static org.counterpart.cooperation.LedgerField.count;
import static org.counterpart.cooperation.LedgerField.date;
import static org.counterpart.cooperation.LedgerField.longText;
import static org.counterpart.cooperation.LedgerField.money;
import static org.counterpart.cooperation.LedgerField.text;
import static org.counterpart.cooperation.LedgerRules.entered;
import static org.counterpart.cooperation.LedgerRules.inOrder;

/**
 * A work ledger of the cooperation, whole in one definition: its table (whose head is shared: year,
 * helped place, recording side, title, note), its own fields, whom its records reach, where a record
 * lies, what is checked beyond each field, which fields are summed and listed, when a record is
 * overdue and which panels its record page shows. One engine ({@link Ledgers}, {@link LedgerImport},
 * the pages) lists, checks, imports and exports every ledger from these definitions and asks them
 * rather than asking which ledger it has.
 *
 * <p>The ten shipped ledgers are the constants below; another module adds one by declaring a
 * {@code Ledger} bean with its own table, and {@link LedgerCatalog} serves it like the ten.
 */
public final class Ledger {

    /** Whom a ledger's records reach: nobody directly, one placed worker, or named people and households. */
    public enum Reach { NONE, ONE_WORKER, PEOPLE_OR_HOUSEHOLDS }

    /** What a record's page shows besides its fields, documents and beneficiaries. */
    public enum Panel {
        /** an agreement's milestones and their progress */
        MILESTONES,
        /** the records of other ledgers that name this record as their agreement */
        PROJECTS,
        /** problems raised from the record, and the button to raise one */
        PROBLEMS_RAISED,
        /** the record a problem was raised from */
        SOURCE
    }

    // fields the engine or the pages name, typed once here

    public static final LedgerField<LocalDate> SIGNED_ON = date("signed_on", true);
    public static final LedgerField<BigDecimal> AGREEMENT_AMOUNT = money("amount", false);
    public static final LedgerField<Party> PARTNER = LedgerField.party("partner", true);
    public static final LedgerField<BigDecimal> ALLOCATED = money("allocated", true);
    public static final LedgerField<BigDecimal> DISBURSED = money("disbursed", false);
    public static final LedgerField<String> OVER_REASON = text("over_reason", false, 500);
    public static final LedgerField<Long> AGREEMENT_ID = LedgerField.agreement("agreement_id", false);
    public static final LedgerField<BigDecimal> INVESTED = money("invested", true);
    public static final LedgerField<LocalDate> STARTED_ON = date("started_on", true);
    public static final LedgerField<LocalDate> ENDED_ON = date("ended_on", false);
    public static final LedgerField<BigDecimal> MONTHLY_WAGE = money("monthly_wage", true);
    public static final LedgerField<BigDecimal> COST = money("cost", false);
    public static final LedgerField<String> ID_NUMBER = LedgerField.idNumber("id_number");
    public static final LedgerField<BigDecimal> AMOUNT = money("amount", true);
    public static final LedgerField<LocalDate> HELD_ON = date("held_on", true);
    public static final LedgerField<LocalDate> RAISED_ON = date("raised_on", true);
    public static final LedgerField<String> RESPONSIBLE = text("responsible", true, 200);
    public static final LedgerField<LocalDate> DUE_ON = date("due_on", false);
    public static final LedgerField<String> RESOLUTION = longText("resolution", 4000);
    public static final LedgerField<LocalDate> RESOLVED_ON = date("resolved_on", false);
    public static final LedgerField<LocalDate> DISBURSED_ON = date("disbursed_on", false);
    public static final LedgerField<LocalDate> INVESTED_ON = date("invested_on", false);
    public static final LedgerField<LocalDate> PURCHASED_ON = date("purchased_on", false);
    public static final LedgerField<LocalDate> DONATED_ON = date("donated_on", false);

    public static final Ledger AGREEMENT = define("AGREEMENT", "agreements", "ledger_agreement")
            .dated(SIGNED_ON).money(AGREEMENT_AMOUNT).place(LedgerRules.placeOf(PARTNER))
            .fields(choice("kind", "STRATEGIC", "FRAMEWORK", "PROJECT", "PARK", "SALES", "EDUCATION", "MEDICAL"),
                    SIGNED_ON, AGREEMENT_AMOUNT, text("domain", false, 200), PARTNER)
            .notListed("domain").panels(Panel.MILESTONES, Panel.PROJECTS, Panel.PROBLEMS_RAISED).build();

    public static final Ledger FUND = define("FUND", "funds", "ledger_fund").reach(Reach.PEOPLE_OR_HOUSEHOLDS).money(DISBURSED)
            .fields(choice("source", "CITY", "DISTRICT", "ENTERPRISE", "SOCIAL"),
                    choice("sector", "AGRICULTURE", "INDUSTRY", "INFRASTRUCTURE", "EDUCATION", "HEALTH", "HOUSING", "EMPLOYMENT", "OTHER"),
                    choice("benefit_kind", "DIVIDEND", "WAGE", "ASSET", "SUBSIDY", "INFRASTRUCTURE"),
                    ALLOCATED, DISBURSED, DISBURSED_ON, OVER_REASON, AGREEMENT_ID)
            .asOf(DISBURSED_ON).check(LedgerRules.within(DISBURSED, ALLOCATED, OVER_REASON))
            .notListed(OVER_REASON.name()).panels(Panel.PROBLEMS_RAISED).build();

    public static final Ledger INDUSTRY = define("INDUSTRY", "industry", "ledger_industry").reach(Reach.PEOPLE_OR_HOUSEHOLDS).money(INVESTED)
            .fields(text("park", false, 200), INVESTED, INVESTED_ON, count("jobs", false)).asOf(INVESTED_ON).build();

    public static final Ledger LABOR = define("LABOR", "labor", "ledger_labor").reach(Reach.ONE_WORKER)
            .dated(STARTED_ON).place(LedgerRules.whereReachedLives())
            .fields(choice("destination", "EAST", "LOCAL", "ELSEWHERE"), STARTED_ON, ENDED_ON, MONTHLY_WAGE)
            .check(inOrder(STARTED_ON, ENDED_ON))
            // a wage is a rate: summing it would mean nothing
            .notSummed(MONTHLY_WAGE.name()).build();

    public static final Ledger TRAINING = define("TRAINING", "training", "ledger_training").reach(Reach.PEOPLE_OR_HOUSEHOLDS)
            .dated(STARTED_ON).money(COST)
            .fields(STARTED_ON, ENDED_ON, COST, count("participants", false))
            .check(inOrder(STARTED_ON, ENDED_ON)).build();

    public static final Ledger PERSONNEL = define("PERSONNEL", "personnel", "ledger_personnel").dated(STARTED_ON)
            .fields(ID_NUMBER, choice("role", "CADRE", "TEACHER", "DOCTOR", "TECHNICIAN"), choice("direction", "EAST_TO_WEST", "WEST_TO_EAST"),
                    text("field", false, 200), STARTED_ON, ENDED_ON.required(true))
            .check(inOrder(STARTED_ON, ENDED_ON)).check(LedgerRules.noOverlappingStays(STARTED_ON, ENDED_ON))
            .notListed("field").build();

    public static final Ledger CONSUMPTION = define("CONSUMPTION", "consumption", "ledger_consumption").reach(Reach.PEOPLE_OR_HOUSEHOLDS)
            .money(AMOUNT)
            .fields(text("buyer", true, 200), text("seller", true, 200),
                    choice("channel", "COUNTER", "ONLINE", "CANTEEN", "WHOLESALE", "FAIR", "OTHER"), AMOUNT, PURCHASED_ON)
            .asOf(PURCHASED_ON).build();

    public static final Ledger SOCIAL = define("SOCIAL", "social", "ledger_social").reach(Reach.PEOPLE_OR_HOUSEHOLDS).money(AMOUNT)
            .fields(text("donor", true, 200), choice("form", "CASH", "IN_KIND"), AMOUNT, DONATED_ON).asOf(DONATED_ON).build();

    public static final Ledger MEETING = define("MEETING", "meetings", "ledger_meeting").dated(HELD_ON)
            .fields(choice("kind", "JOINT", "DISPATCH", "SEMINAR", "VISIT"), HELD_ON,
                    choice("leader_level", "PROVINCIAL", "CITY", "COUNTY", "DEPARTMENT"),
                    text("venue", false, 200), longText("decisions", 4000))
            .notListed("venue").panels(Panel.PROBLEMS_RAISED).build();

    public static final Ledger PROBLEM = define("PROBLEM", "problems", "ledger_problem").dated(RAISED_ON)
            .fields(RAISED_ON, RESPONSIBLE, DUE_ON, RESOLUTION, RESOLVED_ON)
            .check(inOrder(RAISED_ON, DUE_ON)).check(inOrder(RAISED_ON, RESOLVED_ON))
            .check(LedgerRules.requiredWith(RESOLUTION, RESOLVED_ON, "ledger.problem.resolutionMissing"))
            .overdue(new LedgerRules.Overdue(DUE_ON, RESOLVED_ON)).panels(Panel.SOURCE).build();

    private static final Ledger[] SHIPPED = {AGREEMENT, FUND, INDUSTRY, LABOR, TRAINING, PERSONNEL, CONSUMPTION, SOCIAL, MEETING, PROBLEM};

    private final String code;
    private final String slug;
    private final String table;
    private final Reach reach;
    private final LedgerField<LocalDate> dateField;
    private final LedgerField<LocalDate> asOf;
    private final LedgerField<BigDecimal> moneyField;
    private final LedgerRules.PlaceRule placeRule;
    private final List<LedgerField<?>> fields;
    private final List<LedgerRules.Check> checks;
    private final Set<String> notSummed;
    private final Set<String> notListed;
    private final LedgerRules.Overdue overdue;
    private final Set<Panel> panels;

    private Ledger(Builder b) {
        this.code = b.code;
        this.slug = b.slug;
        this.table = b.table;
        this.reach = b.reach;
        this.dateField = b.dateField;
        this.asOf = b.asOf;
        this.moneyField = b.moneyField;
        this.placeRule = b.placeRule;
        this.fields = head(b);
        this.checks = List.copyOf(b.checks);
        this.notSummed = Set.copyOf(b.notSummed);
        this.notListed = Set.copyOf(b.notListed);
        this.overdue = b.overdue;
        this.panels = b.panels.isEmpty() ? Set.of() : Set.copyOf(b.panels);
    }

    /**
     * Begins a definition: its code (in beneficiary links and audit entries, e.g. {@code FUND}), its
     * slug (in addresses and files, e.g. {@code funds}) and its table.
     */
    public static Builder define(String code, String slug, String table) {
        return new Builder(code, slug, table);
    }

    /** The ten shipped ledgers, in the order the pages list them; {@link LedgerCatalog} also holds contributed ones. */
    public static Ledger[] values() {
        return SHIPPED.clone();
    }

    /** A shipped ledger by its code. */
    public static Optional<Ledger> byCode(String code) {
        for (Ledger l : SHIPPED) {
            if (l.code.equals(code)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The name in addresses and files, e.g. {@code funds}. */
    public String slug() {
        return slug;
    }

    /** The name in beneficiary links and audit entries, e.g. {@code FUND}. */
    public String code() {
        return code;
    }

    public String table() {
        return table;
    }

    public Reach reach() {
        return reach;
    }

    public boolean reachesPeople() {
        return reach != Reach.NONE;
    }

    /** The column of insight's per-person reach rows that marks this ledger, if its records reach people. */
    public Optional<String> reachColumn() {
        return reachesPeople() ? Optional.of("by_" + code.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** The date that gives the record its year; without one, the year is entered. */
    public Optional<LedgerField<LocalDate>> dateField() {
        return Optional.ofNullable(dateField);
    }

    /**
     * The date a record counts on in monthly figures: the ledger's own date where it has one, else its
     * optional as-of date (when money was disbursed, goods bought). A record with neither counts on the
     * day it was recorded; the date always lies in the record's year.
     */
    public Optional<LedgerField<LocalDate>> asOfField() {
        return dateField().or(() -> Optional.ofNullable(asOf));
    }

    /** The money the measure itself put in, which the reach figures divide by people reached. */
    public Optional<LedgerField<BigDecimal>> moneyField() {
        return Optional.ofNullable(moneyField);
    }

    public LedgerRules.PlaceRule placeRule() {
        return placeRule;
    }

    /** The checks across fields, in the order they run. */
    public List<LedgerRules.Check> checks() {
        return checks;
    }

    /**
     * The fields a person enters, in form and file order: the head (title, year where no date gives
     * it, helped place where it is not derived, the recording side), the ledger's own, then the note.
     */
    public List<LedgerField<?>> fields() {
        return fields;
    }

    public Optional<LedgerField<?>> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The fields of one type, e.g. the codes a list filters by. */
    public List<LedgerField<?>> fields(LedgerField.Type type) {
        return fields.stream().filter(f -> f.type() == type).toList();
    }

    /** Money and counts summed under the list. */
    public List<LedgerField<?>> summed() {
        return fields.stream().filter(f -> (f.isMoney() || f.isCount()) && !notSummed.contains(f.name())).toList();
    }

    /** The list's columns: not the title (the row's link), long text, the year and place (shown apart), nor what the ledger leaves out. */
    public List<LedgerField<?>> listed() {
        return fields.stream().filter(f -> f != LedgerField.TITLE && !notListed.contains(f.name()) && f.type() != LedgerField.Type.LONG_TEXT
                && f.type() != LedgerField.Type.YEAR && f.type() != LedgerField.Type.PLACE).toList();
    }

    /** When a record of this ledger is overdue, if ever. */
    public Optional<LedgerRules.Overdue> overdue() {
        return Optional.ofNullable(overdue);
    }

    public boolean shows(Panel panel) {
        return panels.contains(panel);
    }

    /** For templates: whether the record page follows milestones. */
    public boolean hasMilestones() {
        return shows(Panel.MILESTONES);
    }

    /** For templates: whether problems are raised from this ledger's records. */
    public boolean raisesProblems() {
        return shows(Panel.PROBLEMS_RAISED);
    }

    /** For templates: whether the record page lists the projects under it. */
    public boolean listsProjects() {
        return shows(Panel.PROJECTS);
    }

    public String messageKey() {
        return "ledger." + slug;
    }

    /** What the title means in this ledger (the project, the enterprise, the employer…). */
    public String titleKey() {
        return "ledger." + slug + ".titleField";
    }

    @Override
    public String toString() {
        return code;
    }

    private static List<LedgerField<?>> head(Builder b) {
        List<LedgerField<?>> all = new ArrayList<>();
        all.add(LedgerField.TITLE);
        if (b.dateField == null) {
            all.add(LedgerField.YEAR);
        }
        if (b.placeRule.entered()) {
            all.add(LedgerField.PLACE);
        }
        all.add(LedgerField.OWNER);
        all.addAll(b.fields);
        all.add(LedgerField.NOTE);
        return List.copyOf(all);
    }

    /** A definition in the making; what it does not say takes the common case (reaches nobody, place entered, year entered). */
    public static final class Builder {
        private final String code;
        private final String slug;
        private final String table;
        private Reach reach = Reach.NONE;
        private LedgerField<LocalDate> dateField;
        private LedgerField<LocalDate> asOf;
        private LedgerField<BigDecimal> moneyField;
        private LedgerRules.PlaceRule placeRule = entered();
        private final List<LedgerField<?>> fields = new ArrayList<>();
        private final List<LedgerRules.Check> checks = new ArrayList<>();
        private final List<String> notSummed = new ArrayList<>();
        private final List<String> notListed = new ArrayList<>();
        private LedgerRules.Overdue overdue;
        private final Set<Panel> panels = EnumSet.noneOf(Panel.class);

        private Builder(String code, String slug, String table) {
            if (!code.matches("[A-Z][A-Z0-9_]{1,19}") || !slug.matches("[a-z][a-z0-9-]{1,39}") || !table.matches("[a-z][a-z0-9_]{1,62}")) {
                // these go into addresses and, as the table, into SQL: a definition cannot carry anything else
                throw new IllegalArgumentException("code, slug or table of ledger " + code + " not of the allowed shape");
            }
            this.code = code;
            this.slug = slug;
            this.table = table;
        }

        public Builder reach(Reach reach) {
            this.reach = reach;
            return this;
        }

        /** The date that gives a record its year (instead of an entered year). */
        /** An optional date of an undated ledger's record that monthly figures count it on; it must lie in the record's year. */
        public Builder asOf(LedgerField<LocalDate> date) {
            this.asOf = date;
            this.checks.add(LedgerRules.inYear(date));
            return this;
        }

        public Builder dated(LedgerField<LocalDate> date) {
            this.dateField = date;
            return this;
        }

        public Builder money(LedgerField<BigDecimal> money) {
            this.moneyField = money;
            return this;
        }

        public Builder place(LedgerRules.PlaceRule rule) {
            this.placeRule = rule;
            return this;
        }

        /** The ledger's own fields, between the head and the note, in form and file order. */
        public Builder fields(LedgerField<?>... own) {
            for (LedgerField<?> f : own) {
                if (!f.name().matches("[a-z][a-z0-9_]{0,40}")) {
                    throw new IllegalArgumentException("field " + f.name() + " of ledger " + code + " not of the allowed shape");
                }
                fields.add(f);
            }
            return this;
        }

        public Builder check(LedgerRules.Check check) {
            checks.add(check);
            return this;
        }

        public Builder notSummed(String... names) {
            notSummed.addAll(List.of(names));
            return this;
        }

        public Builder notListed(String... names) {
            notListed.addAll(List.of(names));
            return this;
        }

        public Builder overdue(LedgerRules.Overdue rule) {
            this.overdue = rule;
            return this;
        }

        public Builder panels(Panel... shown) {
            panels.addAll(List.of(shown));
            return this;
        }

        public Ledger build() {
            return new Ledger(this);
        }
    }
}
