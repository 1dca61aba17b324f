package org.counterpart;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The embedded database is a file that one process at a time may open: a second server, or a command
 * started beside a running server, is told so in words instead of a stack trace. Several processes can
 * share PostgreSQL, which is the way to run commands beside a server.
 */
class DatabaseInUse extends AbstractFailureAnalyzer<SQLException> {

    /** H2's "database may be already in use" (its error code 90020). */
    private static final int ALREADY_OPEN = 90020;

    static final String DESCRIPTION = "The embedded database is open in another Counterpart process (a running server or command) "
            + "using the same data directory.";
    static final String ACTION = "Stop that process first and run this again, or use PostgreSQL (COUNTERPART_DB_URL), "
            + "which a server and commands can use at the same time.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        return isInUse(cause) ? new FailureAnalysis(DESCRIPTION, ACTION, cause) : null;
    }

    static boolean isInUse(SQLException e) {
        return e.getErrorCode() == ALREADY_OPEN || "90020".equals(e.getSQLState());
    }

    /** The one line a command prints when the application could not start. */
    static String explain(Throwable failure) {
        Optional<SQLException> inUse = Optional.empty();
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isInUse(sql)) {
                inUse = Optional.of(sql);
            }
            root = t;
        }
        if (inUse.isPresent()) {
            return DESCRIPTION + " " + ACTION;
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return "Counterpart could not start: " + (newline < 0 ? message : message.substring(0, newline));
    }
}
