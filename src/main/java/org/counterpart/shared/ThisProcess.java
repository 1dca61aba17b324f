package org.counterpart.shared;

import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * This running process, named afresh at every start. An import stores the name with its run and
 * puts it in the names of its temporary files, so that the next start tells what an earlier process
 * left behind (a run still "checking" when it was killed, files it never removed) from the work of
 * its own, which may be going on in the background at the same moment.
 */
@Component
public class ThisProcess {

    private final String id = UUID.randomUUID().toString();

    /** The name of this process: 36 characters, letters, digits and dashes. */
    public String id() {
        return id;
    }
}
