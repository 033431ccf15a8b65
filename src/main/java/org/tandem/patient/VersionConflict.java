package org.tandem.patient;

/** The record changed since the caller read it; nothing was written. */
public class VersionConflict extends RuntimeException {

    public VersionConflict(String what, int expected, int actual) {
        super(what + " was changed by someone else (version " + actual + ", you had version " + expected + ")");
    }
}
