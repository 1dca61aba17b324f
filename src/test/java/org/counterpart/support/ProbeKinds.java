package org.counterpart.support;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.stereotype.Component;

import java.util.List;

/** The kind of the entries tests append to the audit log directly, contributed as a module contributes its kinds. */
@Component
public class ProbeKinds implements AuditVocabulary {

    public static final AuditKind PROBE = AuditKind.of("support.probe");

    @Override
    public List<AuditKind> kinds() {
        return List.of(PROBE);
    }
}
