package org.counterpart.audit;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.stereotype.Component;

import java.util.List;

/** The audit log's own part of the vocabulary: the record of a refused waiting entry. */
@Component
class OwnKinds implements AuditVocabulary {

    @Override
    public List<AuditKind> kinds() {
        return List.of(AuditKinds.PENDING_ENTRY);
    }
}
