package org.tandem.measure;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tandem.platform.TenantJdbc;

/**
 * The stored ValueSets' codes as the measures read them, held in memory (a few thousand codes) and rebuilt from the
 * database the first time they are read after a ValueSet is saved.
 */
@Component
class StoredValueSets implements ValueSetIndex {

    private final TenantJdbc jdbc;
    private volatile Map<String, Set<MeasureCode>> byUrl;

    StoredValueSets(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean contains(String valueSetUrl, MeasureCode code) {
        Set<MeasureCode> codes = index().get(valueSetUrl);
        return codes != null && codes.contains(code);
    }

    /** Whether a value set with this canonical url is stored. */
    boolean has(String valueSetUrl) {
        return index().containsKey(valueSetUrl);
    }

    /** The codes of one value set (any stored version), empty when none is stored. */
    Set<MeasureCode> codes(String valueSetUrl) {
        return index().getOrDefault(valueSetUrl, Set.of());
    }

    /** Forgets the index now and again when the caller's transaction ends, so the next read sees the saved codes. */
    void refreshAfterCommit() {
        byUrl = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    byUrl = null;
                }
            });
        }
    }

    private Map<String, Set<MeasureCode>> index() {
        Map<String, Set<MeasureCode>> index = byUrl;
        if (index == null) {
            Map<String, Set<MeasureCode>> built = new HashMap<>();
            jdbc.global().query("SELECT a.url, c.system, c.code FROM knowledge_artifact a JOIN value_set_code c "
                    + "ON c.value_set_id = a.id WHERE a.resource_type = 'ValueSet'", Map.of(), (rs, n) -> {
                        built.computeIfAbsent(rs.getString(1), u -> new HashSet<>())
                                .add(new MeasureCode(rs.getString(2), rs.getString(3)));
                        return null;
                    });
            // Value sets without codes are still known (a url with no stored codes contains nothing).
            jdbc.global().query("SELECT url FROM knowledge_artifact WHERE resource_type = 'ValueSet'", Map.of(),
                    (rs, n) -> built.computeIfAbsent(rs.getString(1), u -> new HashSet<>()));
            index = Map.copyOf(built);
            byUrl = index;
        }
        return index;
    }
}
