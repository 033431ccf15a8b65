package org.tandem.demo;

/** The database already holds data other than the demo practice, so the demo loader would mix fake and real records. */
class DemoDataRefused extends RuntimeException {

    DemoDataRefused(String message) {
        super(message);
    }
}
