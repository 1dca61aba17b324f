package org.counterpart.planning;

import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.TabularColumn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a responsibility list as offices keep it in Excel: one row per task and owner unit, the
 * columns 序号, 任务内容, 类别, 责任单位, 配合单位, 指标, 目标值, 单位, 完成时限, and the metric's code where the
 * indicator is computed. The export writes it and the import reads it, so the words of the category and
 * unit columns live here once.
 */
public final class ListImportColumns {

    private ListImportColumns() {
    }

    public static final String SEQ = "seq";
    public static final String TEXT = "text";
    public static final String CATEGORY = "category";
    public static final String OWNER = "owner";
    public static final String PARTNER = "partner";
    public static final String INDICATOR = "indicator";
    public static final String TARGET = "target";
    public static final String UNIT = "unit";
    public static final String DEADLINE = "deadline";
    public static final String METRIC = "metric";

    /** The columns in the order the office writes them. */
    public static final List<TabularColumn> COLUMNS = List.of(
            TabularColumn.required(SEQ, "序号", "No."),
            TabularColumn.required(TEXT, "任务内容", "Task"),
            TabularColumn.required(CATEGORY, "类别", "Category"),
            TabularColumn.required(OWNER, "责任单位", "Owner unit"),
            TabularColumn.optional(PARTNER, "配合单位", "Partner unit"),
            TabularColumn.required(INDICATOR, "指标", "Indicator"),
            TabularColumn.required(TARGET, "目标值", "Target"),
            TabularColumn.required(UNIT, "单位", "Unit"),
            TabularColumn.required(DEADLINE, "完成时限", "Deadline"),
            TabularColumn.optional(METRIC, "指标代码", "Metric"));

    /** A column's heading in a language: the office's Chinese, or its English alias. */
    public static String header(TabularColumn column, Locale locale) {
        return english(locale) ? column.englishAlias() : column.chineseHeader();
    }

    public static String header(String key, Locale locale) {
        return COLUMNS.stream().filter(c -> c.key().equals(key)).findFirst().map(c -> header(c, locale)).orElse(key);
    }

    /** How the unit column writes a unit. */
    public static String unitWord(MetricUnit unit, Locale locale) {
        boolean en = english(locale);
        return switch (unit) {
            case YUAN -> en ? "10k yuan" : "万元";
            case PEOPLE -> en ? "people" : "人";
            case COUNT -> en ? "count" : "个";
            case PERCENT -> "%";
            case DAYS -> en ? "days" : "天";
        };
    }

    /** A unit as the unit column may write it, with the factor its values take (万元 is ten thousand yuan). */
    public record UnitRead(MetricUnit unit, java.math.BigDecimal factor) {
    }

    private static final Map<String, UnitRead> UNIT_WORDS = new LinkedHashMap<>();

    static {
        java.math.BigDecimal one = java.math.BigDecimal.ONE;
        for (String w : List.of("元", "yuan", "rmb")) {
            UNIT_WORDS.put(w, new UnitRead(MetricUnit.YUAN, one));
        }
        for (String w : List.of("万元", "万", "10k yuan")) {
            UNIT_WORDS.put(w, new UnitRead(MetricUnit.YUAN, new java.math.BigDecimal("10000")));
        }
        for (String w : List.of("人", "人次", "名", "people", "persons", "person")) {
            UNIT_WORDS.put(w, new UnitRead(MetricUnit.PEOPLE, one));
        }
        for (String w : List.of("个", "项", "次", "家", "场", "批", "count", "items")) {
            UNIT_WORDS.put(w, new UnitRead(MetricUnit.COUNT, one));
        }
        for (String w : List.of("%", "％", "percent")) {
            UNIT_WORDS.put(w, new UnitRead(MetricUnit.PERCENT, one));
        }
        for (String w : List.of("天", "日", "days", "day")) {
            UNIT_WORDS.put(w, new UnitRead(MetricUnit.DAYS, one));
        }
    }

    /** The unit a cell names, by one of the words offices use or the unit's own name. */
    public static Optional<UnitRead> unit(String cell) {
        String v = cell == null ? "" : cell.strip().toLowerCase(Locale.ROOT);
        UnitRead read = UNIT_WORDS.get(v);
        if (read != null) {
            return Optional.of(read);
        }
        for (MetricUnit u : MetricUnit.values()) {
            if (u.name().equalsIgnoreCase(v)) {
                return Optional.of(new UnitRead(u, java.math.BigDecimal.ONE));
            }
        }
        return Optional.empty();
    }

    /** The words the unit column takes, for a refusal to list. */
    public static String unitWords() {
        return String.join("、", UNIT_WORDS.keySet());
    }

    /**
     * A category as written: its Chinese or English name, the helping or the helped side's name for it
     * (人才支援 / 人才交流, 资金支持 / 资金使用), or the code.
     */
    public static Optional<TaskCategory> category(String cell, Map<TaskCategory, List<String>> names) {
        String v = cell == null ? "" : cell.strip();
        for (TaskCategory c : TaskCategory.values()) {
            if (c.name().equalsIgnoreCase(v) || names.getOrDefault(c, List.of()).stream().anyMatch(n -> n.equalsIgnoreCase(v))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The side-specific names every category is also known by. */
    static List<String> sideNames(TaskCategory c) {
        return switch (c) {
            case TALENT -> List.of("人才支援", "人才交流", "人才");
            case FUNDS -> List.of("资金支持", "资金使用", "资金");
            case LABOUR -> List.of("劳务协作", "劳务");
            case INDUSTRY -> List.of("产业合作", "产业");
            case PAIRING -> List.of("携手奔小康", "结对帮扶");
            case CONSUMPTION -> List.of("消费扶贫", "消费协作");
            case ORGANISATION -> List.of("组织领导");
        };
    }

    static List<String> allNames(TaskCategory c, String zh, String en) {
        List<String> out = new ArrayList<>(List.of(zh, en));
        out.addAll(sideNames(c));
        return out;
    }

    private static boolean english(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage());
    }
}
