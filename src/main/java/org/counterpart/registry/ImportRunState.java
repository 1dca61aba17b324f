package org.counterpart.registry;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an import run is. A run is queued, checks every row, writes (or, for a dry run, compares) the
 * households year by year, and ends checked (a dry run), applied, refused (the file as a whole) or
 * failed (an error, or a process that died mid-way: nothing was written). A run only moves forward,
 * along the arrows below; any other move is a bug and is refused rather than recorded.
 */
public enum ImportRunState {
    QUEUED, CHECKING, WRITING, CHECKED, APPLIED, REFUSED, FAILED;

    private Set<ImportRunState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(CHECKING, FAILED);
            case CHECKING -> EnumSet.of(WRITING, REFUSED, FAILED);
            case WRITING -> EnumSet.of(CHECKED, APPLIED, FAILED);
            case CHECKED, APPLIED, REFUSED, FAILED -> EnumSet.noneOf(ImportRunState.class);
        };
    }

    public boolean canMoveTo(ImportRunState next) {
        return next().contains(next);
    }

    /** The state after a move to {@code next}; an illegal move is refused. */
    public ImportRunState moveTo(ImportRunState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("an import run cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** Whether the run has ended (nothing moves it any more). */
    public boolean ended() {
        return next().isEmpty();
    }

    /** The word stored in {@code import_run.status} and used in message keys ({@code import.status.checked}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportRunState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
