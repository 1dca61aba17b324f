package org.counterpart.registry;

import org.counterpart.shared.TabularColumn;

import java.util.List;

/** The columns of the registry import, one row per member, as in the national system's export (formats.md). */
final class RegistryColumns {

    private RegistryColumns() {
    }

    static final String HOUSEHOLD_NO = "household_no";
    static final String VILLAGE = "village_code";
    static final String NAME = "name";
    static final String ID_NUMBER = "id_number";
    static final String RELATION = "relation";
    static final String SEX = "sex";
    static final String BIRTH_DATE = "birth_date";
    static final String ETHNICITY = "ethnicity";
    static final String EDUCATION = "education";
    static final String STUDENT = "student_status";
    static final String HEALTH = "health";
    static final String LABOR = "labor_ability";
    static final String MIGRANT = "migrant_work";
    static final String MIGRANT_MONTHS = "migrant_months";
    static final String MEDICAL = "medical_insurance";
    static final String PENSION = "pension_insurance";
    static final String PHONE = "phone";
    static final String ATTRIBUTE = "poverty_attribute";
    static final String MAIN_CAUSE = "main_cause";
    static final String OTHER_CAUSES = "other_causes";
    static final String STANDARD = "standard";
    static final String STATUS = "poverty_status";
    static final String WAGE = "income_wage";
    static final String BUSINESS = "income_business";
    static final String TRANSFER = "income_transfer";
    static final String PROPERTY = "income_property";
    static final String COSTS = "production_costs";
    static final String DANGEROUS = "dangerous_housing";
    static final String WATER = "safe_water";
    static final String CADRE = "cadre_name";
    static final String CADRE_UNIT = "cadre_unit";
    static final String YEAR = "year";

    /** All columns; the year column is optional when the import names the year itself. */
    static List<TabularColumn> all(boolean yearGiven) {
        return List.of(
                new TabularColumn(HOUSEHOLD_NO, "户编号", HOUSEHOLD_NO, true),
                new TabularColumn(VILLAGE, "行政村代码", VILLAGE, true),
                new TabularColumn(NAME, "姓名", NAME, true),
                new TabularColumn(ID_NUMBER, "证件号码", ID_NUMBER, true),
                new TabularColumn(RELATION, "与户主关系", RELATION, true),
                new TabularColumn(SEX, "性别", SEX, false),
                new TabularColumn(BIRTH_DATE, "出生日期", BIRTH_DATE, false),
                new TabularColumn(ETHNICITY, "民族", ETHNICITY, false),
                new TabularColumn(EDUCATION, "文化程度", EDUCATION, false),
                new TabularColumn(STUDENT, "在校生状况", STUDENT, false),
                new TabularColumn(HEALTH, "健康状况", HEALTH, false),
                new TabularColumn(LABOR, "劳动技能", LABOR, false),
                new TabularColumn(MIGRANT, "务工状况", MIGRANT, false),
                new TabularColumn(MIGRANT_MONTHS, "务工时间", MIGRANT_MONTHS, false),
                new TabularColumn(MEDICAL, "是否参加城乡居民基本医疗保险", MEDICAL, false),
                new TabularColumn(PENSION, "是否参加城乡居民基本养老保险", PENSION, false),
                new TabularColumn(PHONE, "联系电话", PHONE, false),
                new TabularColumn(ATTRIBUTE, "贫困户属性", ATTRIBUTE, false),
                new TabularColumn(MAIN_CAUSE, "主要致贫原因", MAIN_CAUSE, false),
                new TabularColumn(OTHER_CAUSES, "其他致贫原因", OTHER_CAUSES, false),
                new TabularColumn(STANDARD, "识别标准", STANDARD, false),
                new TabularColumn(STATUS, "脱贫属性", STATUS, false),
                new TabularColumn(WAGE, "工资性收入", WAGE, false),
                new TabularColumn(BUSINESS, "生产经营性收入", BUSINESS, false),
                new TabularColumn(TRANSFER, "转移性收入", TRANSFER, false),
                new TabularColumn(PROPERTY, "财产性收入", PROPERTY, false),
                new TabularColumn(COSTS, "生产经营性支出", COSTS, false),
                new TabularColumn(DANGEROUS, "是否危房", DANGEROUS, false),
                new TabularColumn(WATER, "饮水是否安全", WATER, false),
                new TabularColumn(CADRE, "帮扶责任人", CADRE, false),
                new TabularColumn(CADRE_UNIT, "帮扶责任人单位", CADRE_UNIT, false),
                new TabularColumn(YEAR, "年度", YEAR, !yearGiven));
    }

    /** The Chinese header of a column key, for messages that name the column as the file does. */
    static String header(String key) {
        return all(false).stream().filter(c -> c.key().equals(key)).map(TabularColumn::chineseHeader).findFirst().orElse(key);
    }
}
