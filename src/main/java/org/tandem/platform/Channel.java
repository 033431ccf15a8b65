package org.tandem.platform;

/** The interface through which an action reached Tandem. */
public enum Channel {
    WEB, FHIR, REST, CLI, SYSTEM
}
