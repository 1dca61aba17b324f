package org.counterpart.registry;

import org.counterpart.shared.Problem;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Money;
import org.counterpart.shared.Masking;
import org.counterpart.shared.ResidentId;
import org.counterpart.shared.TabularRow;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Checks one row of a registry import field by field. Every problem of the row is collected (not just
 * the first), so one round of corrections fixes the file. Values of personal data are masked in problems.
 */
final class RowParser {

    private final Regions regions;
    private final CodeTables codes;
    private final OptionalInt year;
    private final Predicate<RegionCode> inScope;

    RowParser(Regions regions, CodeTables codes, OptionalInt year, Predicate<RegionCode> inScope) {
        this.regions = regions;
        this.codes = codes;
        this.year = year;
        this.inScope = inScope;
    }

    /**
     * The checked row, or empty with the row's problems added to {@code problems}; the line goes to
     * {@code upgraded} when a 15-digit ID number was upgraded. A parser keeps no state of its own, so
     * several threads may check rows with one parser, each with its own lists.
     */
    Optional<ImportRow> parse(TabularRow row, List<Problem> problems, List<Integer> upgraded) {
        Check c = new Check(row, problems, upgraded);
        int line = row.lineNumber();

        String householdNo = c.required(RegistryColumns.HOUSEHOLD_NO, 40);
        RegionCode village = c.village();
        String name = c.required(RegistryColumns.NAME, 60);
        ResidentId id = c.residentId();
        String relation = c.code(RegistryColumns.RELATION, CodeTables.RELATION, true);
        c.sexMatches(id);
        c.birthDateMatches(id);
        String ethnicity = c.optional(RegistryColumns.ETHNICITY, 20);
        String education = c.code(RegistryColumns.EDUCATION, CodeTables.EDUCATION, false);
        String student = c.code(RegistryColumns.STUDENT, CodeTables.STUDENT, false);
        String health = c.code(RegistryColumns.HEALTH, CodeTables.HEALTH, false);
        String labor = c.code(RegistryColumns.LABOR, CodeTables.LABOR, false);
        String migrant = c.code(RegistryColumns.MIGRANT, CodeTables.MIGRANT, false);
        Integer months = c.integer(RegistryColumns.MIGRANT_MONTHS, 0, 12);
        Boolean medical = c.yesNo(RegistryColumns.MEDICAL);
        Boolean pension = c.yesNo(RegistryColumns.PENSION);
        String phone = c.phone();
        String attribute = c.code(RegistryColumns.ATTRIBUTE, CodeTables.ATTRIBUTE, false);
        String mainCause = c.code(RegistryColumns.MAIN_CAUSE, CodeTables.CAUSE, false);
        List<String> otherCauses = c.codes(RegistryColumns.OTHER_CAUSES, CodeTables.CAUSE);
        String standard = c.code(RegistryColumns.STANDARD, CodeTables.STANDARD, false);
        String status = c.code(RegistryColumns.STATUS, CodeTables.STATUS, false);
        Income income = new Income(c.money(RegistryColumns.WAGE, false), c.money(RegistryColumns.BUSINESS, true),
                c.money(RegistryColumns.TRANSFER, false), c.money(RegistryColumns.PROPERTY, true), c.money(RegistryColumns.COSTS, false));
        Boolean dangerous = c.yesNo(RegistryColumns.DANGEROUS);
        Boolean water = c.yesNo(RegistryColumns.WATER);
        String cadre = c.optional(RegistryColumns.CADRE, 60);
        String cadreUnit = c.optional(RegistryColumns.CADRE_UNIT, 200);
        int rowYear = c.year();

        if (c.failed) {
            return Optional.empty();
        }
        return Optional.of(new ImportRow(line, rowYear, householdNo, village, name, id, relation, ethnicity, education,
                student, health, labor, migrant, months, medical, pension, phone, attribute, mainCause, otherCauses,
                standard, status == null ? "未脱贫" : status, income, dangerous, water, cadre, cadreUnit));
    }

    /** The checks of one row; each records its own problem and lets the others run. */
    private final class Check {
        final TabularRow row;
        final List<Problem> problems;
        final List<Integer> upgraded;
        boolean failed;

        Check(TabularRow row, List<Problem> problems, List<Integer> upgraded) {
            this.row = row;
            this.problems = problems;
            this.upgraded = upgraded;
        }

        void problem(String column, String shown, String key, Object... args) {
            failed = true;
            problems.add(new Problem(row.lineNumber(), RegistryColumns.header(column), shown, key,
                    Arrays.stream(args).map(a -> (Object) String.valueOf(a)).toList()));
        }

        String value(String column) {
            String v = row.get(column);
            return v == null ? "" : v;
        }

        String required(String column, int max) {
            String v = value(column);
            if (v.isEmpty()) {
                problem(column, "", "import.required");
                return null;
            }
            if (v.length() > max) {
                problem(column, v, "import.tooLong", max);
                return null;
            }
            return v;
        }

        String optional(String column, int max) {
            String v = value(column);
            if (v.length() > max) {
                problem(column, v, "import.tooLong", max);
                return null;
            }
            return v.isEmpty() ? null : v;
        }

        RegionCode village() {
            String v = value(RegistryColumns.VILLAGE);
            if (v.isEmpty()) {
                problem(RegistryColumns.VILLAGE, "", "import.required");
                return null;
            }
            try {
                RegionCode code = regions.code(v);
                if (code.level() != RegionLevel.VILLAGE) {
                    problem(RegistryColumns.VILLAGE, v, "import.village.level");
                    return null;
                }
                if (!inScope.test(code)) {
                    problem(RegistryColumns.VILLAGE, v, "import.village.outOfScope");
                    return null;
                }
                return code;
            } catch (InvalidInputException e) {
                problem(RegistryColumns.VILLAGE, v, e.messageKey(), e.arguments());
                return null;
            }
        }

        ResidentId residentId() {
            String v = value(RegistryColumns.ID_NUMBER);
            if (row.wasNumber(RegistryColumns.ID_NUMBER)) {
                problem(RegistryColumns.ID_NUMBER, Masking.idNumber(v), "import.id.storedAsNumber");
                return null;
            }
            try {
                ResidentId.Parsed parsed = ResidentId.parse(v);
                if (parsed.upgradedFrom15()) {
                    // not a refusal: the upgrade is reported with the result
                    upgraded.add(row.lineNumber());
                }
                return parsed.id();
            } catch (InvalidInputException e) {
                problem(RegistryColumns.ID_NUMBER, Masking.idNumber(v), e.messageKey(), maskArguments(e.arguments()));
                return null;
            }
        }

        void sexMatches(ResidentId id) {
            String v = value(RegistryColumns.SEX);
            if (v.isEmpty() || id == null) {
                return;
            }
            ResidentId.Sex stated = switch (v) {
                case "男", "M", "male", "Male" -> ResidentId.Sex.MALE;
                case "女", "F", "female", "Female" -> ResidentId.Sex.FEMALE;
                default -> null;
            };
            if (stated == null) {
                problem(RegistryColumns.SEX, v, "import.sex.unknown");
            } else if (stated != id.sex()) {
                problem(RegistryColumns.SEX, v, "import.sex.mismatch");
            }
        }

        void birthDateMatches(ResidentId id) {
            String v = value(RegistryColumns.BIRTH_DATE);
            if (v.isEmpty() || id == null) {
                return;
            }
            Optional<LocalDate> date = date(v);
            if (date.isEmpty()) {
                problem(RegistryColumns.BIRTH_DATE, v, "import.date.invalid");
            } else if (!date.get().equals(id.birthDate())) {
                problem(RegistryColumns.BIRTH_DATE, v, "import.birthDate.mismatch");
            }
        }

        String code(String column, String table, boolean required) {
            String v = value(column);
            if (v.isEmpty()) {
                if (required) {
                    problem(column, "", "import.required");
                }
                return null;
            }
            Optional<CodeTables.Item> item = codes.resolve(table, v);
            if (item.isEmpty()) {
                problem(column, v, "import.code.unknown", String.join("、", codes.items(table).stream().map(CodeTables.Item::code).toList()));
                return null;
            }
            return item.get().code(); // the table's own string, so a million rows share a handful of codes

        }

        List<String> codes(String column, String table) {
            String v = value(column);
            if (v.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String part : CAUSE_SEPARATORS.split(v)) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                Optional<CodeTables.Item> item = codes.resolve(table, p);
                if (item.isEmpty()) {
                    problem(column, p, "import.code.unknown", String.join("、", codes.items(table).stream().map(CodeTables.Item::code).toList()));
                } else if (!out.contains(item.get().code())) {
                    out.add(item.get().code());
                }
            }
            return out;
        }

        Integer integer(String column, int min, int max) {
            String v = value(column);
            if (v.isEmpty()) {
                return null;
            }
            try {
                int n = new BigDecimal(v).intValueExact();
                if (n < min || n > max) {
                    problem(column, v, "import.range", min, max);
                    return null;
                }
                return n;
            } catch (ArithmeticException | NumberFormatException e) {
                problem(column, v, "import.number.invalid");
                return null;
            }
        }

        Boolean yesNo(String column) {
            String v = value(column);
            return switch (v) {
                case "" -> null;
                case "是", "Y", "y", "1", "yes", "Yes", "YES", "true", "TRUE" -> Boolean.TRUE;
                case "否", "N", "n", "0", "no", "No", "NO", "false", "FALSE" -> Boolean.FALSE;
                default -> {
                    problem(column, v, "import.yesNo");
                    yield null;
                }
            };
        }

        String phone() {
            String v = value(RegistryColumns.PHONE).replace(" ", "").replace("-", "");
            if (v.isEmpty()) {
                return null;
            }
            if (!PHONE.matcher(v).matches()) {
                problem(RegistryColumns.PHONE, Masking.phone(v), "import.phone.invalid");
                return null;
            }
            return v;
        }

        BigDecimal money(String column, boolean mayBeNegative) {
            try {
                // the national export leaves an income of 0 blank
                return (mayBeNegative ? Money.parseSigned(column, value(column)) : Money.parse(column, value(column)))
                        .orElse(Money.ZERO).yuan();
            } catch (InvalidInputException e) {
                problem(column, value(column), e.messageKey(), e.arguments());
                return BigDecimal.ZERO;
            }
        }

        int year() {
            String v = value(RegistryColumns.YEAR);
            if (v.isEmpty()) {
                if (year.isPresent()) {
                    return year.getAsInt();
                }
                problem(RegistryColumns.YEAR, "", "import.required");
                return 0;
            }
            try {
                int y = new BigDecimal(v).intValueExact();
                int last = Year.now().getValue();
                if (y < 2000 || y > last) {
                    problem(RegistryColumns.YEAR, v, "import.range", 2000, last);
                    return 0;
                }
                if (year.isPresent() && y != year.getAsInt()) {
                    problem(RegistryColumns.YEAR, v, "import.year.other", year.getAsInt());
                    return 0;
                }
                return y;
            } catch (ArithmeticException | NumberFormatException e) {
                problem(RegistryColumns.YEAR, v, "import.number.invalid");
                return 0;
            }
        }
    }

    /** The code columns of a file by the header it names them with, and the table each is checked against. */
    private static final java.util.Map<String, String> CODE_COLUMNS = codeColumns();

    private static java.util.Map<String, String> codeColumns() {
        java.util.Map<String, String> columns = new java.util.HashMap<>();
        for (String[] c : new String[][]{{RegistryColumns.RELATION, CodeTables.RELATION}, {RegistryColumns.EDUCATION, CodeTables.EDUCATION},
                {RegistryColumns.STUDENT, CodeTables.STUDENT}, {RegistryColumns.HEALTH, CodeTables.HEALTH},
                {RegistryColumns.LABOR, CodeTables.LABOR}, {RegistryColumns.MIGRANT, CodeTables.MIGRANT},
                {RegistryColumns.ATTRIBUTE, CodeTables.ATTRIBUTE}, {RegistryColumns.MAIN_CAUSE, CodeTables.CAUSE},
                {RegistryColumns.OTHER_CAUSES, CodeTables.CAUSE}, {RegistryColumns.STANDARD, CodeTables.STANDARD},
                {RegistryColumns.STATUS, CodeTables.STATUS}}) {
            columns.put(RegistryColumns.header(c[0]), c[1]);
        }
        return java.util.Map.copyOf(columns);
    }

    /** The code table a column of the file (by its header) is checked against, if it is a code column. */
    static Optional<String> codeTableOf(String header) {
        return Optional.ofNullable(CODE_COLUMNS.get(header));
    }

    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+?[0-9]{7,20}");
    private static final java.util.regex.Pattern CAUSE_SEPARATORS = java.util.regex.Pattern.compile("[、;；,，/]");

    private static Object[] maskArguments(Object[] arguments) {
        return Arrays.stream(arguments).map(a -> a instanceof String s && s.length() >= 15 ? Masking.idNumber(s) : a).toArray();
    }

    /** A date as offices write it, or an Excel serial day number. */
    static Optional<LocalDate> date(String v) {
        return org.counterpart.shared.CellDates.parse(v);
    }
}
