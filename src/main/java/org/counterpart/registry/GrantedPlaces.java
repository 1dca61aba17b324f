package org.counterpart.registry;

import org.counterpart.geography.RegionCode;

import java.util.List;

/**
 * The places outside the caller's own scope whose aggregate figures it may read: the far sides of its
 * pairings (Dalian's office reads Liupanshui's monitoring counts). The registry knows no pairings, so the
 * cooperation module answers this; the registry uses it for counts only, never to list households or
 * people there. No answer (no implementation, no pairing) grants nothing.
 */
public interface GrantedPlaces {

    List<RegionCode> ofCaller();
}
