package org.tandem.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;

/**
 * Pages speak the browser's language (Accept-Language) unless the session asks for another one: a patient's
 * self-completion sitting on a tablet sets its language in the session
 * ({@link SessionLocaleResolver#LOCALE_SESSION_ATTRIBUTE_NAME}) and removes it when staff take the device back.
 */
@Configuration(proxyBeanMethods = false)
class WebLocaleConfiguration {

    @Bean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver() {
        // without a session locale and without a default, it falls back to the request's Accept-Language
        return new SessionLocaleResolver();
    }
}
