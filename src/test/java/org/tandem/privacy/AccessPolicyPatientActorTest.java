package org.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/** The access policy's rule for a patient answering through a home measurement link. */
class AccessPolicyPatientActorTest {

    final PracticeId practice = new PracticeId(UUID.randomUUID());
    final UUID self = UUID.randomUUID();
    final Actor patient = Actor.patient(self, practice, "link-1");

    @Test
    void aPatientMayAddAnswersToAndReadTheDemographicsOfTheirOwnRecord() {
        assertThat(AccessPolicy.decide(patient, practice, self, DataCategory.CLINICAL, Operation.CREATE)).isNull();
        assertThat(AccessPolicy.decide(patient, practice, self, DataCategory.DEMOGRAPHICS, Operation.READ)).isNull();
    }

    @Test
    void aPatientMayDoNothingElse() {
        for (DataCategory category : DataCategory.values()) {
            for (Operation operation : Operation.values()) {
                boolean allowed = (category == DataCategory.CLINICAL && operation == Operation.CREATE)
                        || (category == DataCategory.DEMOGRAPHICS && operation == Operation.READ);
                if (!allowed) {
                    assertThat(AccessPolicy.decide(patient, practice, self, category, operation)).as(category + " " + operation)
                            .isNotNull();
                }
                assertThat(AccessPolicy.decide(patient, practice, UUID.randomUUID(), category, operation)).as("other patient")
                        .isNotNull();
                assertThat(AccessPolicy.decide(patient, practice, null, category, operation)).as("search").isNotNull();
                assertThat(AccessPolicy.decide(patient, new PracticeId(UUID.randomUUID()), self, category, operation))
                        .as("other practice").isNotNull();
            }
        }
    }

    @Test
    void thePatientActorIsNoStaffMember() {
        assertThat(patient.kind()).isEqualTo(Actor.Kind.PATIENT);
        assertThat(patient.roles()).isEmpty();
        assertThat(patient.patient()).contains(self);
        assertThat(patient.name()).isEqualTo("patient via home link link-1");
        assertThat(patient.via(Channel.WEB, "10.0.0.1").patient()).contains(self);
        Actor system = Actor.system("x", practice, Set.of(Role.CARE_MANAGER), Channel.SYSTEM);
        assertThat(system.patient()).isEmpty();
        assertThat(AccessPolicy.decide(system, practice, self, DataCategory.CLINICAL, Operation.READ)).isNull();
    }
}
