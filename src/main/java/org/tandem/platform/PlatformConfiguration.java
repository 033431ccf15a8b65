package org.tandem.platform;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every module shares. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /** Instants are UTC; practice-local dates are derived with the practice's time zone. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
