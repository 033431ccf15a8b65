package org.tandem.registry;

/** A home measurement link could not be delivered; the message says why, for the care team. */
public class LinkNotSent extends RuntimeException {

    public LinkNotSent(String reason) {
        super(reason);
    }

    public LinkNotSent(String reason, Throwable cause) {
        super(reason, cause);
    }
}
