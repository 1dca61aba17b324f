package org.counterpart.cooperation;

import org.counterpart.identity.InstitutionDirectory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Lets identity scope a user to an institution without depending on this module. */
@Component
class InstitutionEntries implements InstitutionDirectory {

    private final Institutions institutions;

    InstitutionEntries(Institutions institutions) {
        this.institutions = institutions;
    }

    @Override
    public Optional<Entry> find(long id) {
        return institutions.find(id).map(InstitutionEntries::entry);
    }

    @Override
    public List<Entry> all() {
        return institutions.all().stream().map(InstitutionEntries::entry).toList();
    }

    private static Entry entry(Institution i) {
        return new Entry(i.id(), i.nameZh(), i.region());
    }
}
