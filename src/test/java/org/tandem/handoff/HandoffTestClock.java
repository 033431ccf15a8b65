package org.tandem.handoff;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A clock the schedule-dependent handoff tests set (presence, booking and slot status depend on "now"). */
final class HandoffTestClock extends Clock {

    private volatile Instant now;

    HandoffTestClock(Instant now) {
        this.now = now;
    }

    void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        HandoffTestClock outer = this;
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

    /** Replaces the application's clock: Monday 2 March 2026, 07:00 in Chicago (CST, UTC-6). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        static final Instant START = Instant.parse("2026-03-02T13:00:00Z");

        @Bean
        @Primary
        HandoffTestClock handoffTestClock() {
            return new HandoffTestClock(START);
        }
    }
}
