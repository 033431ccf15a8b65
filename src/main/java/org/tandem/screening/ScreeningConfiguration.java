package org.tandem.screening;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the scheduled jobs of screening (alert escalation, keep-alives for live alert streams). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ScreeningConfiguration {
}
