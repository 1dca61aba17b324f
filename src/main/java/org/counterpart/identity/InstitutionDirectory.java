package org.counterpart.identity;

import org.counterpart.geography.RegionCode;

import java.util.List;
import java.util.Optional;

/**
 * What identity needs to know about institutions to scope users to one: implemented by the module
 * that owns institutions, which lies above identity and so may not be called from here directly.
 */
public interface InstitutionDirectory {

    record Entry(long id, String name, RegionCode region) {
    }

    Optional<Entry> find(long id);

    List<Entry> all();
}
