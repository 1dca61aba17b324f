package org.counterpart.planning;

import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.TabularColumn;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A responsibility list as the office's spreadsheet ({@link ListImportColumns}): a title row, the plan, the
 * unit of money and the date under it, then one row per task and owner unit, and the number of tasks and
 * targets at the end. Owner units are written by name (with the code where the name alone would name another
 * place), so that the file imports back unchanged.
 */
@Service
public class ListExport {

    private final Plans plans;
    private final MessageSource messages;

    ListExport(Plans plans, MessageSource messages) {
        this.plans = plans;
        this.messages = messages;
    }

    public XlsxTable table(long listId, Locale locale) {
        ResponsibilityList list = plans.list(listId);
        Plan plan = plans.planOf(list);
        XlsxTable table = new XlsxTable(sheetName(list), headers(locale));
        table.title(list.title());
        table.note(msg("plan.export.plan", locale, plan.title()));
        table.note(msg("export.moneyUnit", locale, msg("unit.wan", locale)));
        table.note(msg("export.asOf", locale, LocalDate.now().toString()));
        table.format(6, XlsxTable.Format.MONEY);
        int tasks = 0;
        int targets = 0;
        for (Task task : plans.tasks(listId)) {
            tasks++;
            String partner = task.partner().map(p -> written(p, plan)).orElse("");
            for (Task.Target target : task.targets()) {
                targets++;
                table.row(task.seq(), task.text(), msg(task.category().messageKey(), locale), written(target.owner(), plan), partner,
                        task.indicator(), shown(target.value(), task.unit()), ListImportColumns.unitWord(task.unit(), locale),
                        task.deadline().toString(), task.metricId().orElse(""));
            }
        }
        table.totals(msg("plan.export.totals", locale, tasks, targets));
        return table;
    }

    /** An empty list in the office's columns, with one example row a person overwrites. */
    public XlsxTable template(Locale locale) {
        XlsxTable table = new XlsxTable(msg("plan.list.sheet", locale), headers(locale));
        table.title(msg("plan.template.title", locale));
        table.note(msg("plan.template.note", locale));
        return table;
    }

    private static List<String> headers(Locale locale) {
        List<String> headers = new ArrayList<>();
        for (TabularColumn c : ListImportColumns.COLUMNS) {
            headers.add(ListImportColumns.header(c, locale));
        }
        return headers;
    }

    /** Money keeps its two decimals, counts are whole. */
    /** Money in 万元 as the offices' lists write it (the unit column says so, and the import reads it back); the rest as it is. */
    private static Object shown(BigDecimal value, MetricUnit unit) {
        if (unit == MetricUnit.YUAN) {
            return value.movePointLeft(4); // exact, so that the file reads back to the yuan; the cell shows two decimals
        }
        return value.setScale(unit.scale(), java.math.RoundingMode.HALF_UP);
    }

    /** The unit's name, or name and code where the name read back would be another unit. */
    private String written(OwnerUnit unit, Plan plan) {
        String name = plans.nameOf(unit);
        try {
            if (plans.unit("owner", name, plan).equals(unit)) {
                return name;
            }
        } catch (InvalidInputException ambiguous) {
            // falls through to the written key
        }
        return unit.region().map(r -> name + " " + r.value()).orElse(unit.key());
    }

    private static String sheetName(ResponsibilityList list) {
        String s = list.title().replaceAll("[\\\\/?*\\[\\]:]", " ").strip();
        return s.isEmpty() ? String.valueOf(list.year()) : s.substring(0, Math.min(31, s.length()));
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
