package org.counterpart.registry;

import java.util.List;

/**
 * Why a row or a household of an import was refused: the line as Excel numbers it, the column as the
 * file names it, the value as it may be shown (personal data masked), and a message key with arguments.
 */
public record ImportProblem(int line, String column, String shownValue, String messageKey, List<String> arguments)
        implements org.counterpart.shared.Problem {
}
