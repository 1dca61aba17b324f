package org.counterpart.audit;

import org.counterpart.shared.Command;

import java.io.PrintStream;
import java.util.List;

/** {@code audit verify}: recomputes the hash chain and names the first broken entry. */
public final class AuditVerifyCommand implements Command {

    @Override
    public String name() {
        return "audit verify";
    }

    @Override
    public String usage() {
        return """
                  audit verify        check that no audit entry was changed or removed
                """;
    }

    @Override
    public int run(List<String> args, Context context, PrintStream out, PrintStream err) {
        AuditLog.Verification v = context.bean(AuditLog.class).verify();
        out.println("Keyed chain (HMAC-SHA256 under the audit key) from entry " + v.keyedFrom()
                + (v.keyedFrom() > 1 ? "; entries 1 to " + (v.keyedFrom() - 1) + " predate the key and are checked by their unkeyed SHA-256 links." : "."));
        out.println(v.checkpoint().map(c -> "Checkpoint outside the database: entry " + c.seq() + " (" + c.hash() + "), written " + c.writtenAt() + ".")
                .orElse("No checkpoint outside the database yet."));
        if (v.waiting() > 0) {
            out.println(v.waiting() + " entries of committed changes are waiting to be linked.");
        }
        if (v.intact()) {
            out.println("Audit log intact: " + v.entries() + " entries verified.");
            return OK;
        }
        long seq = v.firstBrokenSeq().orElseThrow();
        out.println("Audit log BROKEN at entry " + seq + " of " + v.entries() + ": " + switch (v.breach().orElseThrow()) {
            case CHANGED -> "it was changed after it was recorded, or the chain was recomputed without the key.";
            case REMOVED -> "it was removed (and perhaps the entries after it).";
            case BEHIND_CHECKPOINT -> "the checkpoint recorded the chain up to entry " + v.checkpoint().orElseThrow().seq()
                    + ", but the database ends before entry " + seq + "; the newest entries were removed and the head moved back.";
            case KEYED_START_MOVED -> "the checkpoint says the keyed chain starts there, the database says later.";
        });
        return FAILED;
    }
}
