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
        if (v.intact()) {
            out.println("Audit log intact: " + v.entries() + " entries verified.");
            return OK;
        }
        out.println("Audit log BROKEN at entry " + v.firstBrokenSeq().orElseThrow() + " of " + v.entries()
                + ": that entry or one before it was changed or removed.");
        return FAILED;
    }
}
