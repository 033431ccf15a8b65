package org.tandem.measure;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tandem.platform.TenantJdbc;

/**
 * The stored ValueSets as the measures read them, held in memory (a few thousand codes) and rebuilt from the
 * database the first time they are read after a ValueSet is saved.
 */
@Component
class StoredValueSets implements ValueSetIndex {

    private final TenantJdbc jdbc;
    private volatile ExpansionIndex byUrl;
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    StoredValueSets(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean contains(String valueSetUrl, MeasureCode code) {
        return index().contains(valueSetUrl, code);
    }

    /** Whether a value set with this canonical url is stored. */
    boolean has(String valueSetUrl) {
        return index().has(valueSetUrl);
    }

    /** Forgets the index now and again when the caller's transaction ends, so the next read sees the saved codes. */
    void refreshAfterCommit() {
        byUrl = null;
        version.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    byUrl = null;
                    version.incrementAndGet();
                }
            });
        }
    }

    /** Raised whenever a ValueSet is saved (and again when that transaction ends): results computed before are stale. */
    long version() {
        return version.get();
    }

    /**
     * The index of every stored ValueSet, built with {@link ExpansionIndex} (code-system aliases normalized, versions
     * of one url merged) from the stored JSON: a few dozen value sets, parsed only after a ValueSet was saved.
     */
    private ExpansionIndex index() {
        ExpansionIndex index = byUrl;
        if (index == null) {
            List<String> json = jdbc.global().query("SELECT raw_json FROM knowledge_artifact WHERE resource_type = 'ValueSet'",
                    Map.of(), (rs, n) -> rs.getString(1));
            index = ExpansionIndex.fromJson(json);
            byUrl = index;
        }
        return index;
    }
}
