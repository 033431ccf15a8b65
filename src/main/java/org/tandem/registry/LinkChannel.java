package org.tandem.registry;

/** How a home measurement link reaches the patient. */
public enum LinkChannel {
    EMAIL, SMS;

    public String code() {
        return Codes.of(this);
    }

    public static LinkChannel of(String code) {
        return Codes.parse(LinkChannel.class, code, "Channel");
    }
}
