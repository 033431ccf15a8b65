package org.tandem.platform;

/** Implemented by the principal of a signed-in staff member so that {@link CurrentActor} can read who they are. */
public interface ActorPrincipal {

    /** The actor, with channel and address still to be filled in from the request. */
    Actor actor();

    /** The name shown in the page header. */
    default String displayName() {
        return actor().name();
    }

    /** The practice the staff member works in, or the support organization of facilitators and leads. */
    default String organizationName() {
        return null;
    }
}
