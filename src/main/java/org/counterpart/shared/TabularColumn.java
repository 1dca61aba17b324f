package org.counterpart.shared;

import java.util.Objects;

/**
 * A column an import expects: the key the code asks for, the Chinese header offices write, the
 * English alias other systems export, and whether a file without it is refused at once.
 */
public record TabularColumn(String key, String chineseHeader, String englishAlias, boolean required) {

    public TabularColumn {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chineseHeader, "chineseHeader");
        Objects.requireNonNull(englishAlias, "englishAlias");
        if (key.isBlank() || chineseHeader.isBlank() || englishAlias.isBlank()) {
            throw new IllegalArgumentException("a column needs a key, a Chinese header and an English alias");
        }
    }

    public static TabularColumn required(String key, String chineseHeader, String englishAlias) {
        return new TabularColumn(key, chineseHeader, englishAlias, true);
    }

    public static TabularColumn optional(String key, String chineseHeader, String englishAlias) {
        return new TabularColumn(key, chineseHeader, englishAlias, false);
    }

    /** How the column is named in a refusal: both names, so a reader of either language finds it. */
    String displayName() {
        return chineseHeader + " (" + englishAlias + ")";
    }
}
