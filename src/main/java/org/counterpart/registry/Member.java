package org.counterpart.registry;

import org.counterpart.shared.ResidentId;

import java.time.LocalDate;

/**
 * A member of a household in one year. The ID number is only ever held masked here: the full number
 * stays encrypted in the database and is decrypted only for someone allowed to see it.
 */
public record Member(long personId, String name, String idMasked, ResidentId.Sex sex, LocalDate birthDate, String relation,
                     String ethnicity, String education, String studentStatus, String health, String laborAbility,
                     String migrantWork, Integer migrantMonths, Boolean medicalInsurance, Boolean pensionInsurance,
                     String phoneMasked) {

    /** Age at the end of a registry year, as the registry's tables show it. */
    public int ageAtEndOf(int year) {
        return ageOn(LocalDate.of(year, 12, 31));
    }

    /** Age on a day, in whole years. */
    public int ageOn(LocalDate day) {
        return java.time.Period.between(birthDate, day).getYears();
    }
}
