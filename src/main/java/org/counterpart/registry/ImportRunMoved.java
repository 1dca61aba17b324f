package org.counterpart.registry;

import org.counterpart.shared.ImportRunState;
import java.time.Instant;

/** An import run moved from one state to the next (published after the move is stored). */
public record ImportRunMoved(long runId, ImportRunState from, ImportRunState to, Instant at) {
}
