package org.tandem.registry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Sends home measurement links by e-mail through the SMTP server of {@code spring.mail.*}. */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class EmailLinkSender implements LinkSender {

    private final ObjectProvider<JavaMailSender> mail;
    private final MessageSource messages;
    private final String from;

    EmailLinkSender(ObjectProvider<JavaMailSender> mail, MessageSource messages,
            @Value("${tandem.home-links.from:no-reply@tandem.invalid}") String from) {
        this.mail = mail;
        this.messages = messages;
        this.from = from;
    }

    @Override
    public LinkChannel channel() {
        return LinkChannel.EMAIL;
    }

    @Override
    public void send(LinkMessage message) {
        JavaMailSender sender = mail.getIfUnique();
        if (sender == null) {
            throw new LinkNotSent("No mail server is configured (spring.mail.host), so the e-mail was not sent");
        }
        SimpleMailMessage mailMessage = new SimpleMailMessage();
        mailMessage.setFrom(from);
        mailMessage.setTo(message.to());
        mailMessage.setSubject(messages.getMessage("registry.homelinks.message.subject", null, message.locale()));
        mailMessage.setText(LinkTexts.text(messages, "registry.homelinks.message.email", message));
        try {
            sender.send(mailMessage);
        } catch (MailException e) {
            Throwable cause = e.getMostSpecificCause();
            throw new LinkNotSent("The e-mail could not be sent: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), e);
        }
    }
}
