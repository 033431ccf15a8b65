package org.tandem.measure;

/** Membership in the stored ValueSets' expansions, by canonical URL (as the CQL declares them). */
public interface ValueSetIndex {

    /** True when the value set (canonical URL, any stored version) contains the code. */
    boolean contains(String valueSetUrl, MeasureCode code);

    /** True when any of the codes is in the value set. */
    default boolean containsAny(String valueSetUrl, java.util.Collection<MeasureCode> codes) {
        for (MeasureCode c : codes) {
            if (contains(valueSetUrl, c)) {
                return true;
            }
        }
        return false;
    }
}
