package org.tandem.practice;

import java.time.ZoneId;
import org.tandem.platform.PracticeId;

/** A practice's name and the time zone its clinical dates are kept in. */
public record PracticeInfo(PracticeId id, String name, ZoneId timeZone) {
}
