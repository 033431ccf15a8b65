package org.tandem.demo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.tandem.practice.Practices;

/** A database that holds the demo practice and, since then, a real one is refused as well. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = { "tandem.demo.load=true",
        "tandem.demo.patients=3",
        "spring.datasource.url=jdbc:h2:mem:demo-beside-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" })
class DemoPracticeBesideAnotherPracticeTest {

    @Autowired DemoPractice demo;
    @Autowired Practices practices;

    @Test
    void refusesWhenAnotherPracticeJoinedTheDemoDatabase() {
        practices.createPractice("Lakeview Pediatrics", ZoneId.of("America/Chicago"));

        assertThatThrownBy(() -> demo.run(null)).isInstanceOf(DemoDataRefused.class)
                .hasMessageContaining("1 other practice(s) besides Riverside Family Medicine");
    }
}
