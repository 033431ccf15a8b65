package org.tandem.registry;

import org.tandem.platform.PracticeId;

/**
 * A practice's registry data that population features read (episodes opened or moved on, time logged) was written,
 * published in the writer's transaction. Caches of population data (the measures dashboard) drop the practice's
 * entry on it. Carries the practice only.
 */
public record RegistryDataChanged(PracticeId practice) {
}
