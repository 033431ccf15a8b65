package org.tandem.platform;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Beans every module shares. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /** Instants are UTC; practice-local dates are derived with the practice's time zone. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Staff passwords and API client secrets are stored as BCrypt hashes ({bcrypt} prefix, upgradable). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
