package org.tandem.registry;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which open episodes a caseload shows.
 *
 * @param statuses only these statuses (null or empty: every open status: referred, enrolled, active, relapse prevention)
 * @param focus only this focus, or null for all
 * @param flag only rows with this flag, or null for all
 */
public record CaseloadFilter(Set<EpisodeStatus> statuses, EpisodeFocus focus, Flag flag) {

    public static final CaseloadFilter ALL = new CaseloadFilter(null, null, null);

    public CaseloadFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
    }

    /** The statuses to load: the chosen open ones, or every open status. */
    Set<EpisodeStatus> openStatuses() {
        Set<EpisodeStatus> open = EnumSet.noneOf(EpisodeStatus.class);
        for (EpisodeStatus s : EpisodeStatus.values()) {
            if (s.open() && (statuses.isEmpty() || statuses.contains(s))) {
                open.add(s);
            }
        }
        return open;
    }

    public static CaseloadFilter flagged(Flag flag) {
        return new CaseloadFilter(null, null, flag);
    }
}
