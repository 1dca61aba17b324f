package org.counterpart.shared;

import java.util.List;

/**
 * One refused line of an imported file as people read it back: the line as Excel numbers it, the
 * column as the file names it, the value as it may be shown (personal data already masked), and the
 * reason as a message key with its arguments. Every import's problem record is one of these, so one
 * writer ({@link ProblemsXlsx}) serves them all.
 */
public interface Problem {

    int line();

    String column();

    String shownValue();

    String messageKey();

    List<String> arguments();
}
