package org.counterpart.registry;

import java.util.Locale;

/** The government lists a registry is checked against (数据比对); anything else is a named other list. */
public enum CrossCheckKind {
    VEHICLE, URBAN_PROPERTY, BUSINESS, PUBLIC_PAYROLL, OTHER;

    public String messageKey() {
        return "crosscheck.kind." + name().toLowerCase(Locale.ROOT);
    }
}
