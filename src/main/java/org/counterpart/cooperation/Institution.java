package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A body that takes part in the cooperation, located in one division. */
public record Institution(long id, String nameZh, String nameEn, InstitutionKind kind, RegionCode region,
                          Optional<SocialCreditCode> creditCode, String note, int version) {

    /** The name in the reader's language, falling back to the Chinese name. */
    public String name(java.util.Locale locale) {
        return "en".equals(locale.getLanguage()) && nameEn != null && !nameEn.isBlank() ? nameEn : nameZh;
    }

    Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nameZh", nameZh);
        m.put("nameEn", nameEn == null ? "" : nameEn);
        m.put("kind", kind.name());
        m.put("region", region.value());
        m.put("creditCode", creditCode.map(SocialCreditCode::value).orElse(""));
        m.put("note", note == null ? "" : note);
        return m;
    }
}
