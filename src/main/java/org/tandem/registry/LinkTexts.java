package org.tandem.registry;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Locale;
import org.springframework.context.MessageSource;

/** The wording of link messages, from the messages files in the patient's language. */
final class LinkTexts {

    private LinkTexts() {
    }

    /** A date and time as people read it in their language, with the time zone (e.g. July 3, 2026, 2:00 PM CDT). */
    static String dateTime(ZonedDateTime at, Locale locale) {
        DateTimeFormatter format = new DateTimeFormatterBuilder().appendLocalized(FormatStyle.LONG, FormatStyle.SHORT)
                .appendLiteral(' ').appendZoneText(TextStyle.SHORT).toFormatter(locale);
        return format.format(at);
    }

    static String text(MessageSource messages, String key, LinkMessage message) {
        return messages.getMessage(key, new Object[] { message.link(), dateTime(message.expiresAt(), message.locale()) },
                message.locale());
    }
}
