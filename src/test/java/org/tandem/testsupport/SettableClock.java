package org.tandem.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock tests set and move (slot generation, release times, booking, presence and handoff timers depend on "now");
 * {@link Config} makes it the application's clock in a test context.
 */
public final class SettableClock extends Clock {

    private volatile Instant now;

    public SettableClock(Instant now) {
        this.now = now;
    }

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        SettableClock outer = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return outer.withZone(other);
            }

            @Override
            public Instant instant() {
                return outer.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Replaces the application's clock in a test context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        /** Monday 2 March 2026, 08:00 in Chicago (CST, UTC-6); daylight saving time starts on Sunday 8 March. */
        public static final Instant START = Instant.parse("2026-03-02T14:00:00Z");

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(START);
        }
    }
}
