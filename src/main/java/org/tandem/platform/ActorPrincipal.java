package org.tandem.platform;

/** Implemented by the principal of a signed-in staff member so that {@link CurrentActor} can read who they are. */
public interface ActorPrincipal {

    /** The actor, with channel and address still to be filled in from the request. */
    Actor actor();
}
