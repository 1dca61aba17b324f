package org.counterpart.registry;

import org.counterpart.shared.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one household in one year, checked together: one head, household fields that agree
 * on every row (a disagreement names both rows; no row silently wins), no member twice.
 */
final class HouseholdGroup {

    final String countyCode;
    final String householdNo;
    final int year;
    /** County and household number, as the writer looks the household up. */
    final String householdKey;
    final List<ImportRow> rows = new ArrayList<>();
    /** The keyed hash of each row's ID number, in the order of the rows. */
    final List<String> idHashes = new ArrayList<>();
    /** The household's id once the writer knows it. */
    long householdId;

    HouseholdGroup(String countyCode, String householdNo, int year) {
        this.countyCode = countyCode;
        this.householdNo = householdNo;
        this.year = year;
        this.householdKey = countyCode + "/" + householdNo;
    }

    void add(ImportRow row, String idHash) {
        rows.add(row);
        idHashes.add(idHash);
    }

    String key() {
        return countyCode + "/" + householdNo + "/" + year;
    }

    /** The relation of the household's one head, as the code table and the exports write it. */
    static final String HEAD = "户主";

    ImportRow first() {
        return rows.get(0);
    }

    /** Problems of the household as a whole; empty when it may be written. */
    List<Problem> check() {
        List<Problem> problems = new ArrayList<>();
        List<ImportRow> heads = rows.stream().filter(r -> HEAD.equals(r.relation())).toList();
        if (heads.isEmpty()) {
            problems.add(new Problem(first().line(), RegistryColumns.header(RegistryColumns.RELATION), householdNo,
                    "import.household.noHead", List.of(householdNo)));
        } else if (heads.size() > 1) {
            problems.add(new Problem(heads.get(1).line(), RegistryColumns.header(RegistryColumns.RELATION), "户主",
                    "import.household.twoHeads", List.of(householdNo, String.valueOf(heads.get(0).line()))));
        }
        List<Object> reference = first().householdFields();
        for (ImportRow row : rows.subList(1, rows.size())) {
            List<Object> fields = row.householdFields();
            for (int i = 0; i < fields.size(); i++) {
                if (!same(reference.get(i), fields.get(i))) {
                    String column = ImportRow.HOUSEHOLD_COLUMNS.get(i);
                    problems.add(new Problem(row.line(), RegistryColumns.header(column), shown(fields.get(i)),
                            "import.household.disagrees", List.of(String.valueOf(first().line()), shown(reference.get(i)))));
                }
            }
        }
        Map<String, ImportRow> seen = new LinkedHashMap<>();
        for (ImportRow row : rows) {
            ImportRow earlier = seen.putIfAbsent(row.id().value(), row);
            if (earlier != null) {
                problems.add(new Problem(row.line(), RegistryColumns.header(RegistryColumns.ID_NUMBER), row.id().masked(),
                        "import.id.twiceInHousehold", List.of(String.valueOf(earlier.line()))));
            }
        }
        return problems;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return java.util.Objects.equals(a, b);
    }

    private static String shown(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Boolean b) {
            return b ? "是" : "否";
        }
        return v.toString();
    }
}
