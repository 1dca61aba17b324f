package org.counterpart.shared;

/**
 * Stored personal data that cannot be decrypted: not in a known format, altered after it was
 * written, or encrypted under another key. The message says which, and never carries the stored
 * text or anything decrypted from it, so it is safe to log.
 */
public class UnreadablePersonalDataException extends RuntimeException {

    public UnreadablePersonalDataException(String reason) {
        super(reason);
    }

    public UnreadablePersonalDataException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
