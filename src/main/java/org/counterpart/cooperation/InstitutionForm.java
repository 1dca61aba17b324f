package org.counterpart.cooperation;

/** What a person types to create or change an institution. */
public record InstitutionForm(String nameZh, String nameEn, InstitutionKind kind, String region,
                              String creditCode, String note, int version) {

    public static InstitutionForm of(Institution i) {
        return new InstitutionForm(i.nameZh(), i.nameEn(), i.kind(), i.region().value(),
                i.creditCode().map(SocialCreditCode::value).orElse(""), i.note(), i.version());
    }

    public static InstitutionForm empty() {
        return new InstitutionForm("", "", null, "", "", "", 0);
    }
}
