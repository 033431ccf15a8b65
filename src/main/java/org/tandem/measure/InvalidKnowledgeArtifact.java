package org.tandem.measure;

/** A ValueSet, Measure or Library that cannot be stored as given (no id, no url, unknown type); nothing is changed. */
public class InvalidKnowledgeArtifact extends RuntimeException {

    public InvalidKnowledgeArtifact(String message) {
        super(message);
    }
}
