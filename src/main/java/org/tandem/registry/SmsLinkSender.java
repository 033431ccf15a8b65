package org.tandem.registry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Sends home measurement links by text message through the deployment's {@link SmsGateway}, when there is one. */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class SmsLinkSender implements LinkSender {

    private final ObjectProvider<SmsGateway> gateway;
    private final MessageSource messages;

    SmsLinkSender(ObjectProvider<SmsGateway> gateway, MessageSource messages) {
        this.gateway = gateway;
        this.messages = messages;
    }

    @Override
    public LinkChannel channel() {
        return LinkChannel.SMS;
    }

    @Override
    public void send(LinkMessage message) {
        SmsGateway sms = gateway.getIfUnique();
        if (sms == null) {
            throw new LinkNotSent("No SMS gateway is connected to Tandem, so the text message was not sent; "
                    + "add the patient's e-mail address to the plan, or ask the administrator to connect an SMS gateway");
        }
        try {
            sms.send(message.to(), LinkTexts.text(messages, "registry.homelinks.message.sms", message));
        } catch (RuntimeException e) {
            throw new LinkNotSent("The text message could not be sent: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }
}
