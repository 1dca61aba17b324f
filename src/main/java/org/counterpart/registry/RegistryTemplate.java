package org.counterpart.registry;

import org.counterpart.geography.Region;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Scope;
import org.counterpart.shared.ResidentId;
import org.counterpart.shared.SpreadsheetCells;
import org.counterpart.shared.TabularColumn;
import org.counterpart.shared.XlsxLists;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry import's template: an empty sheet in the national export's columns, as {@link RegistryColumns}
 * reads them (Chinese headers, required ones shaded), drop-down lists of the code values in the reader's
 * language (which the import reads as it reads the codes, {@link CodeTables#resolve}), and a second sheet
 * saying in words what each column takes, with an example row. The example stands on the second sheet only,
 * so the template uploaded as it is imports nothing.
 */
@Component
public class RegistryTemplate {

    /** The code table behind each code column that takes one value (other causes take several, so no list). */
    private static final Map<String, String> LISTED = listed();

    private static Map<String, String> listed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(RegistryColumns.RELATION, CodeTables.RELATION);
        m.put(RegistryColumns.EDUCATION, CodeTables.EDUCATION);
        m.put(RegistryColumns.STUDENT, CodeTables.STUDENT);
        m.put(RegistryColumns.HEALTH, CodeTables.HEALTH);
        m.put(RegistryColumns.LABOR, CodeTables.LABOR);
        m.put(RegistryColumns.MIGRANT, CodeTables.MIGRANT);
        m.put(RegistryColumns.ATTRIBUTE, CodeTables.ATTRIBUTE);
        m.put(RegistryColumns.MAIN_CAUSE, CodeTables.CAUSE);
        m.put(RegistryColumns.STANDARD, CodeTables.STANDARD);
        m.put(RegistryColumns.STATUS, CodeTables.STATUS);
        return Map.copyOf(m);
    }

    private static final List<String> YES_NO = List.of(RegistryColumns.MEDICAL, RegistryColumns.PENSION, RegistryColumns.DANGEROUS,
            RegistryColumns.WATER);

    private final CodeTables codes;
    private final Regions regions;
    private final MessageSource messages;

    RegistryTemplate(CodeTables codes, Regions regions, MessageSource messages) {
        this.codes = codes;
        this.regions = regions;
        this.messages = messages;
    }

    /** Writes the template in the reader's language; the example lies in the caller's own scope where it has one. */
    public void write(OutputStream out, Locale locale) {
        try (Workbook workbook = new Workbook(out, "Counterpart", "1.0")) {
            Worksheet sheet = workbook.newWorksheet(msg("registry.template.sheet", locale));
            Worksheet notes = workbook.newWorksheet(msg("registry.template.notes", locale));
            XlsxLists lists = new XlsxLists(workbook, msg("template.lists", locale));
            List<String> head = List.of(msg("ledger.template.column", locale), msg("ledger.template.required", locale),
                    msg("ledger.template.takes", locale), msg("registry.template.example", locale));
            for (int c = 0; c < head.size(); c++) {
                notes.value(0, c, head.get(c));
                notes.style(0, c).bold().fillColor("E8EEF5").set();
            }
            Map<String, String> example = example(locale);
            int c = 0;
            for (TabularColumn column : RegistryColumns.all(false)) {
                String header = column.chineseHeader();
                sheet.value(0, c, header);
                sheet.style(0, c).bold().fillColor(column.required() ? "FCE8D5" : "E8EEF5").set();
                sheet.width(c, Math.max(12, header.length() * 2.2));
                // the columns people type numbers into stay text, so a long number keeps its digits
                if (column.key().equals(RegistryColumns.ID_NUMBER) || column.key().equals(RegistryColumns.VILLAGE)
                        || column.key().equals(RegistryColumns.HOUSEHOLD_NO) || column.key().equals(RegistryColumns.PHONE)) {
                    sheet.range(1, c, XlsxLists.ROWS, c).style().format("@").set();
                }
                List<String> offered = offered(column.key(), locale);
                if (!offered.isEmpty()) {
                    lists.offer(sheet, c, header, offered, msg("template.choose", locale), msg("template.choose.error", locale));
                }
                int r = c + 1;
                notes.value(r, 0, header);
                notes.value(r, 1, msg(column.required() ? "common.yes" : "common.no", locale));
                String takes = msg("registry.template.takes." + column.key(), locale);
                if (!offered.isEmpty()) {
                    takes = takes + " " + msg("registry.template.choose", locale, String.join("; ", offered));
                }
                text(notes, r, 2, takes);
                text(notes, r, 3, example.getOrDefault(column.key(), ""));
                c++;
            }
            notes.width(0, 26);
            notes.width(1, 8);
            notes.width(2, 90);
            notes.width(3, 24);
            text(notes, c + 2, 0, msg("registry.template.howto", locale));
            sheet.freezePane(0, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values a column's drop-down offers in the reader's language; none for a free column. */
    List<String> offered(String column, Locale locale) {
        String table = LISTED.get(column);
        if (table != null) {
            return codes.items(table).stream().map(i -> i.label(locale)).distinct().toList();
        }
        if (YES_NO.contains(column)) {
            return List.of(msg("registry.template.yes", locale), msg("registry.template.no", locale));
        }
        if (column.equals(RegistryColumns.SEX)) {
            return List.of(msg("registry.template.male", locale), msg("registry.template.female", locale));
        }
        return List.of();
    }

    /** One household head as the import takes it, in a village of the caller's scope. */
    private Map<String, String> example(Locale locale) {
        Map<String, String> e = new LinkedHashMap<>();
        Optional<RegionCode> village = firstVillage();
        int year = Year.now().getValue() - 1;
        String county = village.map(v -> v.value().substring(0, 6)).orElse("520201");
        String first17 = county + "19800315" + "001";
        e.put(RegistryColumns.HOUSEHOLD_NO, village.map(RegionCode::value).orElse("520201001001") + "0001");
        e.put(RegistryColumns.VILLAGE, village.map(RegionCode::value).orElse(""));
        e.put(RegistryColumns.NAME, msg("registry.template.exampleName", locale));
        e.put(RegistryColumns.ID_NUMBER, first17 + ResidentId.checkCharacter(first17));
        e.put(RegistryColumns.RELATION, first(CodeTables.RELATION, locale));
        e.put(RegistryColumns.SEX, msg("registry.template.male", locale));
        e.put(RegistryColumns.BIRTH_DATE, "1980-03-15");
        e.put(RegistryColumns.ETHNICITY, msg("registry.template.exampleEthnicity", locale));
        e.put(RegistryColumns.EDUCATION, first(CodeTables.EDUCATION, locale));
        e.put(RegistryColumns.HEALTH, first(CodeTables.HEALTH, locale));
        e.put(RegistryColumns.LABOR, first(CodeTables.LABOR, locale));
        e.put(RegistryColumns.MIGRANT_MONTHS, "6");
        e.put(RegistryColumns.MEDICAL, msg("registry.template.yes", locale));
        e.put(RegistryColumns.PENSION, msg("registry.template.yes", locale));
        e.put(RegistryColumns.PHONE, "13800000000");
        e.put(RegistryColumns.ATTRIBUTE, first(CodeTables.ATTRIBUTE, locale));
        e.put(RegistryColumns.MAIN_CAUSE, first(CodeTables.CAUSE, locale));
        e.put(RegistryColumns.STATUS, first(CodeTables.STATUS, locale));
        e.put(RegistryColumns.WAGE, "12000.00");
        e.put(RegistryColumns.BUSINESS, "3000.00");
        e.put(RegistryColumns.TRANSFER, "1500.00");
        e.put(RegistryColumns.PROPERTY, "0");
        e.put(RegistryColumns.COSTS, "800.00");
        e.put(RegistryColumns.DANGEROUS, msg("registry.template.no", locale));
        e.put(RegistryColumns.WATER, msg("registry.template.yes", locale));
        e.put(RegistryColumns.YEAR, String.valueOf(year));
        return e;
    }

    private String first(String table, Locale locale) {
        return codes.items(table).stream().findFirst().map(i -> i.label(locale)).orElse("");
    }

    private Optional<RegionCode> firstVillage() {
        Optional<RegionCode> within = CurrentUser.scopeOfCaller().flatMap(Scope::region);
        Optional<Region> at = within.flatMap(regions::find);
        for (int depth = 0; at.isPresent() && at.get().level() != RegionLevel.VILLAGE && depth < 5; depth++) {
            List<Region> below = regions.children(at.get().code());
            at = below.isEmpty() ? Optional.empty() : Optional.of(below.get(0));
        }
        return at.map(Region::code);
    }

    private static void text(Worksheet sheet, int r, int c, String text) {
        sheet.value(r, c, text);
        if (SpreadsheetCells.looksLikeFormula(text)) {
            sheet.style(r, c).format("@").set();
        }
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
