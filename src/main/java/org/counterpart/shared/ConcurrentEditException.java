package org.counterpart.shared;

/** Someone else saved the record after this editor opened it; their work is not overwritten. */
public class ConcurrentEditException extends RuntimeException {
    public ConcurrentEditException(String what) {
        super(what);
    }
}
