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
        } else {
            properties.put("spring.datasource.username", "sa");
            properties.put("spring.datasource.password", "");
        }
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        environment.getPropertySources().addFirst(new MapPropertySource("tandemTestDatabase", properties));
    }
}
