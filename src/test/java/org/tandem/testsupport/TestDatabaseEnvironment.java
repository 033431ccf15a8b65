package org.tandem.testsupport;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** Points every test application context at a database of its own (see {@link TestDatabase}). */
public class TestDatabaseEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", TestDatabase.newDatabaseUrl());
        if (TestDatabase.postgres()) {
            properties.put("spring.datasource.username", TestDatabase.postgresUser());
            properties.put("spring.datasource.password", TestDatabase.postgresPassword());
            // cached test contexts stay open; idle ones keep one connection so that PostgreSQL's 100 connections are
            // not used up by pools nobody is using (busy ones still grow to 8)
            properties.put("spring.datasource.hikari.minimum-idle", "1");
            properties.put("spring.datasource.hikari.idle-timeout", "10000");
        } else {
            properties.put("spring.datasource.username", "sa");
            properties.put("spring.datasource.password", "");
        }
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        // bulk export files of tests go under target/, not into the working copy's ./data
        properties.put("tandem.export.dir", "target/test-exports");
        environment.getPropertySources().addFirst(new MapPropertySource("tandemTestDatabase", properties));
    }
}
