package org.tandem.handoff;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * A practice for handoff tests: the fixture's staff plus named clinicians (real staff accounts) who act as themselves.
 * The fixture's own BHC ("Test BHC") is part of the practice too and is off unless a test sets it.
 */
final class HandoffTestPractice {

    final PracticeFixture fixture;
    private final Practices practices;
    private final Patients patients;
    private final CurrentActor actors;
    private final Map<UUID, Actor> users = new LinkedHashMap<>();
    private final Map<UUID, String> names = new LinkedHashMap<>();

    HandoffTestPractice(Practices practices, Patients patients, CurrentActor actors, String name) {
        this.practices = practices;
        this.patients = patients;
        this.actors = actors;
        this.fixture = PracticeFixture.create(practices, name);
    }

    /** A new staff account with one role and a display name, signed in as itself. */
    UUID staff(String displayName, Role role) {
        String email = displayName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".") + "@" + fixture.prefix() + ".example";
        UUID id = practices.createStaff(fixture.id(), email, displayName, PracticeFixture.PASSWORD, Set.of(role));
        users.put(id, new Actor(id.toString(), email, Actor.Kind.USER, fixture.id(), Set.of(role), Channel.WEB, null));
        names.put(id, displayName);
        return id;
    }

    UUID bhc(String displayName) {
        return staff(displayName, Role.BHC);
    }

    String name(UUID account) {
        return names.get(account);
    }

    Actor user(UUID account) {
        return users.get(account);
    }

    <T> T as(UUID account, Supplier<T> work) {
        return actors.runAs(users.get(account), work);
    }

    /** The fixture's own staff member in a role (display name "Test ROLE"). */
    <T> T as(Role role, Supplier<T> work) {
        return actors.runAs(fixture.user(role), work);
    }

    UUID account(Role role) {
        return fixture.accounts().get(role);
    }

    PatientRecord patient(String family) {
        return actors.runAs(fixture.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null, family, "Test",
                LocalDate.of(1984, 5, 17), AdministrativeSex.FEMALE, "en", null, null)));
    }
}
