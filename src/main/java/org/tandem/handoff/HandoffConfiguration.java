package org.tandem.handoff;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the scheduled widening and escalation of waiting handoff requests ({@link HandoffTimer}). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HandoffConfiguration {
}
