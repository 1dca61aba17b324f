package org.counterpart.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The largest upload the server takes, as configured for multipart requests: pages check a chosen
 * file against it before sending it, and the refusal of a larger one names it.
 */
@Component
public class UploadLimit {

    private final long bytes;
    private final String label;

    UploadLimit(@Value("${spring.servlet.multipart.max-request-size}") DataSize limit) {
        this.bytes = limit.toBytes();
        long mb = limit.toMegabytes();
        this.label = mb >= 1024 && mb % 1024 == 0 ? limit.toGigabytes() + " GB" : mb + " MB";
    }

    public long bytes() {
        return bytes;
    }

    /** For people: "1 GB", "200 MB". */
    public String label() {
        return label;
    }
}
