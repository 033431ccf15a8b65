package org.tandem.measure;

/** A measure request that cannot be evaluated as asked (unknown measure, bad period); changes nothing. */
public class InvalidMeasureRequest extends RuntimeException {

    public InvalidMeasureRequest(String message) {
        super(message);
    }
}
