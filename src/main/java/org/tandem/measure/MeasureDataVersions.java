package org.tandem.measure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tandem.handoff.HandoffChanged;
import org.tandem.handoff.HandoffRequested;
import org.tandem.patient.PatientDataChanged;
import org.tandem.platform.PracticeId;
import org.tandem.registry.RegistryDataChanged;
import org.tandem.screening.ScreeningCompleted;

/**
 * A version number per practice for each kind of data the measures read, raised by the writing modules' events, so
 * that the dashboard's caches ({@link Measures}, {@link ProgramMetrics}) are dropped on a write instead of after a
 * time-to-live: a figure served from a cache is never older than the last committed write.
 *
 * <p>A version is raised twice: when the event is published (in the writer's transaction) and again when that
 * transaction ends. A reader that read between the two (and so may have seen the data before the commit) cached its
 * result under the first raised version, which the second raise makes stale.
 *
 * <ul>
 * <li>{@link #patientData}: patients, visits, clinical facts and documented screening follow-ups
 * ({@link PatientDataChanged}) — what the eCQMs read.</li>
 * <li>{@link #programData}: all of that plus screening responses ({@link ScreeningCompleted}), warm handoffs
 * ({@link HandoffRequested}, {@link HandoffChanged}) and registry episodes and time ({@link RegistryDataChanged}) —
 * what the program metrics read.</li>
 * </ul>
 */
@Component
class MeasureDataVersions {

    private final Map<PracticeId, AtomicLong> patientData = new ConcurrentHashMap<>();
    private final Map<PracticeId, AtomicLong> programData = new ConcurrentHashMap<>();

    /** The version of the practice's patient data (what the eCQMs read). */
    long patientData(PracticeId practice) {
        return counter(patientData, practice).get();
    }

    /** The version of everything the program metrics read for the practice. */
    long programData(PracticeId practice) {
        return counter(programData, practice).get();
    }

    @EventListener
    void on(PatientDataChanged changed) {
        raise(changed.practice(), true);
    }

    @EventListener
    void on(ScreeningCompleted completed) {
        raise(completed.practice(), false);
    }

    @EventListener
    void on(HandoffRequested requested) {
        raise(requested.practice(), false);
    }

    @EventListener
    void on(HandoffChanged changed) {
        raise(changed.practice(), false);
    }

    @EventListener
    void on(RegistryDataChanged changed) {
        raise(changed.practice(), false);
    }

    private void raise(PracticeId practice, boolean patient) {
        bump(practice, patient);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    bump(practice, patient);
                }
            });
        }
    }

    private void bump(PracticeId practice, boolean patient) {
        if (patient) {
            counter(patientData, practice).incrementAndGet();
        }
        counter(programData, practice).incrementAndGet();
    }

    private static AtomicLong counter(Map<PracticeId, AtomicLong> counters, PracticeId practice) {
        return counters.computeIfAbsent(practice, p -> new AtomicLong());
    }
}
