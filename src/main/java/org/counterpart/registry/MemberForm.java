package org.counterpart.registry;

/**
 * A member added to a household's year or corrected in it, as an officer types it in the correction form:
 * the member's fields of the registry import, as text, checked as the import checks its rows. {@code personId}
 * is the member corrected, or null for a member added; an empty ID number keeps the corrected member's number.
 * A member whose relation becomes head (户主) becomes the household's head, and the former head takes
 * {@code formerHeadRelation}. {@code version} is the year's version as the form was read.
 */
public record MemberForm(Long personId, String name, String idNumber, String relation, String ethnicity, String education,
                         String studentStatus, String health, String laborAbility, String migrantWork, String migrantMonths,
                         String medicalInsurance, String pensionInsurance, String phone, String formerHeadRelation, int version) {

    /** The form of a member as the registry holds them (the ID number and phone left empty: they stay unless retyped). */
    public static MemberForm of(Member m, int version) {
        return new MemberForm(m.personId(), m.name(), "", m.relation(), m.ethnicity(), m.education(), m.studentStatus(), m.health(),
                m.laborAbility(), m.migrantWork(), m.migrantMonths() == null ? "" : String.valueOf(m.migrantMonths()),
                yesNo(m.medicalInsurance()), yesNo(m.pensionInsurance()), "", "", version);
    }

    /** An empty form for a new member. */
    public static MemberForm empty(int version) {
        return new MemberForm(null, "", "", "", "", "", "", "", "", "", "", "", "", "", "", version);
    }

    private static String yesNo(Boolean b) {
        return b == null ? "" : b ? "是" : "否";
    }
}
