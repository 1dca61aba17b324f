package org.counterpart.cooperation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.counterpart.cooperation.LedgerField.Type.AGREEMENT_REF;
import static org.counterpart.cooperation.LedgerField.Type.ID_NUMBER;
import static org.counterpart.cooperation.LedgerField.Type.PARTY;
import static org.counterpart.cooperation.LedgerField.Type.PLACE;
import static org.counterpart.cooperation.LedgerField.Type.YEAR;
import static org.counterpart.cooperation.LedgerField.choice;
import static org.counterpart.cooperation.LedgerField.count;
import static org.counterpart.cooperation.LedgerField.date;
import static org.counterpart.cooperation.LedgerField.longText;
import static org.counterpart.cooperation.LedgerField.money;
import static org.counterpart.cooperation.LedgerField.of;
import static org.counterpart.cooperation.LedgerField.text;

/**
 * The work ledgers of the cooperation. Each has its own table whose head is shared (year, helped
 * place, recording side, title, note) and whose other columns are listed here; one engine lists,
 * checks, imports and exports them all from these definitions.
 */
public enum Ledger {

    AGREEMENT("agreements", "ledger_agreement", Reach.NONE, "signed_on", "amount", false,
            choice("kind", "STRATEGIC", "FRAMEWORK", "PROJECT", "PARK", "SALES", "EDUCATION", "MEDICAL"),
            date("signed_on", true), money("amount", false), text("domain", false, 200),
            of("partner", PARTY, true)),
    FUND("funds", "ledger_fund", Reach.PEOPLE_OR_HOUSEHOLDS, null, "disbursed", true,
            choice("source", "CITY", "DISTRICT", "ENTERPRISE", "SOCIAL"),
            choice("sector", "AGRICULTURE", "INDUSTRY", "INFRASTRUCTURE", "EDUCATION", "HEALTH", "HOUSING", "EMPLOYMENT", "OTHER"),
            choice("benefit_kind", "DIVIDEND", "WAGE", "ASSET", "SUBSIDY", "INFRASTRUCTURE"),
            money("allocated", true), money("disbursed", false), text("over_reason", false, 500),
            of("agreement_id", AGREEMENT_REF, false)),
    INDUSTRY("industry", "ledger_industry", Reach.PEOPLE_OR_HOUSEHOLDS, null, "invested", true,
            text("park", false, 200), money("invested", true), count("jobs", false)),
    LABOR("labor", "ledger_labor", Reach.ONE_WORKER, "started_on", null, false,
            choice("destination", "EAST", "LOCAL", "ELSEWHERE"),
            date("started_on", true), date("ended_on", false), money("monthly_wage", true)),
    TRAINING("training", "ledger_training", Reach.PEOPLE_OR_HOUSEHOLDS, "started_on", "cost", true,
            date("started_on", true), date("ended_on", false), money("cost", false), count("participants", false)),
    PERSONNEL("personnel", "ledger_personnel", Reach.NONE, "started_on", null, true,
            of("id_number", ID_NUMBER, true),
            choice("role", "CADRE", "TEACHER", "DOCTOR", "TECHNICIAN"),
            choice("direction", "EAST_TO_WEST", "WEST_TO_EAST"),
            text("field", false, 200), date("started_on", true), date("ended_on", true)),
    CONSUMPTION("consumption", "ledger_consumption", Reach.PEOPLE_OR_HOUSEHOLDS, null, "amount", true,
            text("buyer", true, 200), text("seller", true, 200),
            choice("channel", "COUNTER", "ONLINE", "CANTEEN", "WHOLESALE", "FAIR", "OTHER"),
            money("amount", true)),
    SOCIAL("social", "ledger_social", Reach.PEOPLE_OR_HOUSEHOLDS, null, "amount", true,
            text("donor", true, 200), choice("form", "CASH", "IN_KIND"), money("amount", true)),
    MEETING("meetings", "ledger_meeting", Reach.NONE, "held_on", null, true,
            choice("kind", "JOINT", "DISPATCH", "SEMINAR", "VISIT"), date("held_on", true),
            choice("leader_level", "PROVINCIAL", "CITY", "COUNTY", "DEPARTMENT"),
            text("venue", false, 200), longText("decisions", 4000)),
    PROBLEM("problems", "ledger_problem", Reach.NONE, "raised_on", null, true,
            date("raised_on", true), text("responsible", true, 200), date("due_on", false),
            longText("resolution", 4000), date("resolved_on", false));

    /** Whom a ledger's records reach: nobody directly, one placed worker, or named people and households. */
    public enum Reach { NONE, ONE_WORKER, PEOPLE_OR_HOUSEHOLDS }

    private final String slug;
    private final String table;
    private final Reach reach;
    private final String dateField;
    private final String moneyField;
    private final boolean placeEntered;
    private final List<LedgerField> fields;

    Ledger(String slug, String table, Reach reach, String dateField, String moneyField, boolean placeEntered, LedgerField... own) {
        this.slug = slug;
        this.table = table;
        this.reach = reach;
        this.dateField = dateField;
        this.moneyField = moneyField;
        this.placeEntered = placeEntered;
        this.fields = head(dateField == null, placeEntered, own);
    }

    /** The name in addresses and files, e.g. {@code funds}. */
    public String slug() {
        return slug;
    }

    /** The name in beneficiary links and audit entries, e.g. {@code FUND}. */
    public String code() {
        return name();
    }

    String table() {
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
        return reachesPeople() ? Optional.of("by_" + name().toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** The date that gives the record its year; without one, the year is entered. */
    public Optional<String> dateField() {
        return Optional.ofNullable(dateField);
    }

    /** The money the measure itself put in, which the reach figures divide by people reached. */
    public Optional<String> moneyField() {
        return Optional.ofNullable(moneyField);
    }

    /**
     * The fields a person enters, in form and file order: the head (title, year where no date gives
     * it, helped place where it is not derived, the recording side), the ledger's own, then the note.
     */
    public List<LedgerField> fields() {
        return fields;
    }

    private static List<LedgerField> head(boolean yearEntered, boolean placeEntered, LedgerField... own) {
        List<LedgerField> all = new ArrayList<>();
        all.add(text("title", true, 300));
        if (yearEntered) {
            all.add(of("reg_year", YEAR, true));
        }
        if (placeEntered) {
            all.add(of("place_code", PLACE, true));
        }
        all.add(of("owner", PARTY, true));
        all.addAll(List.of(own));
        all.add(longText("note", 1000));
        return List.copyOf(all);
    }

    public Optional<LedgerField> field(String name) {
        return fields().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public String messageKey() {
        return "ledger." + slug;
    }

    /** What the title means in this ledger (the project, the enterprise, the employer…). */
    public String titleKey() {
        return "ledger." + slug + ".titleField";
    }

    public static Optional<Ledger> bySlug(String slug) {
        for (Ledger l : values()) {
            if (l.slug.equals(slug)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    public static Optional<Ledger> byCode(String code) {
        for (Ledger l : values()) {
            if (l.code().equals(code)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
