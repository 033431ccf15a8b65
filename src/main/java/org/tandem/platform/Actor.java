package org.tandem.platform;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is acting, for which practice, in which roles, through which interface and from which address.
 * Built from the signed-in session, a bearer token, or explicitly by the command line.
 *
 * @param id stable identifier of the account, API client or system process
 * @param name e-mail of a staff member, client id of an API client, name of a system process
 * @param kind user, API client, system, or a patient answering through a single-use link
 * @param practiceId the practice the actor works in; empty for support-organization staff
 * @param roles the actor's roles in that practice
 * @param channel the interface in use
 * @param address the remote address, if any
 */
public record Actor(String id, String name, Kind kind, PracticeId practiceId, Set<Role> roles, Channel channel,
        String address) implements java.io.Serializable {

    public enum Kind { USER, CLIENT, SYSTEM, PATIENT }

    private static final String PATIENT_PREFIX = "patient:";

    public Actor {
        roles = Set.copyOf(roles);
    }

    public Optional<PracticeId> practice() {
        return Optional.ofNullable(practiceId);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(Set<Role> wanted) {
        return roles.stream().anyMatch(wanted::contains);
    }

    /** The patient this actor is (a patient answering through a link); empty for staff, API clients and processes. */
    public Optional<UUID> patient() {
        if (kind != Kind.PATIENT || id == null || !id.startsWith(PATIENT_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(id.substring(PATIENT_PREFIX.length())));
    }

    /** The first role, used where one role must be recorded (audit). */
    public String primaryRole() {
        return roles.stream().map(Enum::name).sorted().findFirst().orElse(null);
    }

    public Actor via(Channel newChannel, String newAddress) {
        return new Actor(id, name, kind, practiceId, roles, newChannel, newAddress);
    }

    /** A system process acting for one practice, e.g. the demo loader or an import run from the command line. */
    public static Actor system(String name, PracticeId practice, Set<Role> roles, Channel channel) {
        return new Actor("system:" + name, name, Kind.SYSTEM, practice, roles, channel, null);
    }

    /**
     * A patient answering questionnaires at home through a single-use link. Not staff: no roles, and the access
     * policy lets them only add clinical data to, and read the demographics of, their own record.
     *
     * @param linkId the link they came through, recorded in the audit trail as part of the actor's name
     */
    public static Actor patient(UUID patientId, PracticeId practice, String linkId) {
        return new Actor(PATIENT_PREFIX + patientId, "patient via home link " + linkId, Kind.PATIENT, practice, Set.of(),
                Channel.WEB, null);
    }
}
