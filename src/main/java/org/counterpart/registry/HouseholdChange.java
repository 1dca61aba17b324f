package org.counterpart.registry;

/**
 * One thing a registry import changes of a household's year, as its dry run lists it before anything is applied:
 * a new household, a changed fact (field, old → new), a member in or out (masked ID number and relation), or a new
 * head (the former head's and the new head's masked ID numbers). Values are codes, amounts and masked numbers only.
 */
public record HouseholdChange(String householdNo, String countyCode, int year, Kind kind, String field, String before, String after) {

    public enum Kind {
        NEW, FACT, MEMBER_IN, MEMBER_OUT, NEW_HEAD;

        public String messageKey() {
            return "import.change." + name();
        }
    }
}
