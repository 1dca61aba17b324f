package org.counterpart.planning;

import java.util.Locale;

/**
 * The areas of the East–West cooperation assessment a task counts towards (domain: the trial method of
 * 2017; consumption from 2019). The helping side calls talent "人才支援" and funds "资金支持", the helped
 * side "人才交流" and "资金使用": one category each, named for the side reading it.
 */
public enum TaskCategory {
    ORGANISATION, TALENT, FUNDS, INDUSTRY, LABOUR, PAIRING, CONSUMPTION;

    public String messageKey() {
        return "task.category." + name().toLowerCase(Locale.ROOT);
    }
}
