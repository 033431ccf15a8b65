package org.tandem.registry;

/**
 * Adapter to a text-message provider. Tandem ships none: a deployment that sends home measurement links by SMS
 * provides one bean of this type; without it, links to patients with only a mobile number are recorded as failed.
 */
public interface SmsGateway {

    /**
     * Sends one text message.
     *
     * @param phoneNumber the patient's mobile number as entered in the episode's plan
     * @throws RuntimeException when the provider refuses or cannot be reached
     */
    void send(String phoneNumber, String text);
}
