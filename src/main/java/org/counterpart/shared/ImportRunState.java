package org.counterpart.shared;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an import run is, for every import (the registry's, the ledgers'). A run is queued, checks
 * every row, writes (or, for a dry run, compares) what passed, and ends checked (a dry run), applied,
 * refused (the file as a whole), failed (an error: nothing was written) or interrupted (the process
 * running it stopped mid-way, found at the next start: nothing was written, and the run's kept file
 * can be run again). A run only moves forward, along the arrows below; any other move is a bug and
 * is refused rather than recorded.
 */
public enum ImportRunState {
    QUEUED, CHECKING, WRITING, CHECKED, APPLIED, REFUSED, FAILED, INTERRUPTED;

    private Set<ImportRunState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(CHECKING, FAILED, INTERRUPTED);
            case CHECKING -> EnumSet.of(WRITING, REFUSED, FAILED, INTERRUPTED);
            case WRITING -> EnumSet.of(CHECKED, APPLIED, FAILED, INTERRUPTED);
            case CHECKED, APPLIED, REFUSED, FAILED, INTERRUPTED -> EnumSet.noneOf(ImportRunState.class);
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

    /** The states of a run that is still going: found so at start-up, its process is gone. */
    public static Set<ImportRunState> running() {
        return EnumSet.of(QUEUED, CHECKING, WRITING);
    }

    /** Whether the run's kept file may be run again as a new run: it stopped before it was done. */
    public boolean mayRunAgain() {
        return this == INTERRUPTED || this == FAILED;
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
