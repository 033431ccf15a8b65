package org.tandem.registry;

import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * What a {@link LinkSender} sends: no patient data, only where to, the link and its expiry.
 *
 * @param to the e-mail address or mobile number
 * @param expiresAt the expiry in the practice's time zone
 * @param locale the patient's language for the message text
 */
public record LinkMessage(String to, String link, ZonedDateTime expiresAt, Locale locale) {
}
