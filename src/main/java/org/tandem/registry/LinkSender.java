package org.tandem.registry;

/**
 * Delivers home measurement links to patients, one implementation per channel. Tandem brings an e-mail sender (SMTP)
 * and an SMS sender that needs an {@link SmsGateway}; a bean of this type for a channel, ordered before the built-in
 * one, replaces it.
 */
public interface LinkSender {

    LinkChannel channel();

    /**
     * Sends the message. It must hold no patient data: only that the care team asks for a short questionnaire, the
     * link and when it expires.
     *
     * @throws LinkNotSent with a reason the care team can act on
     */
    void send(LinkMessage message);
}
