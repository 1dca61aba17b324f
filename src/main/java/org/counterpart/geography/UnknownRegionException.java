package org.counterpart.geography;

import org.counterpart.shared.InvalidInputException;

/** A well-formed code that names no division in the tables. */
public class UnknownRegionException extends InvalidInputException {
    public UnknownRegionException(String code) {
        super("regionCode", "region.code.unknown", code);
    }
}
