package org.tandem.screening;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A patient's self-completion sitting on a tablet or phone, kept in the staff member's HTTP session while the session
 * is in kiosk mode. Holds only what the next screen needs: the instruments still to ask, the answers of the current
 * instrument (not yet stored) and where the patient is. Answers of finished instruments are stored at once and
 * dropped from here, so the hand-back screen has nothing to show.
 */
final class KioskSitting implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Session attribute holding the sitting; its presence puts the session in kiosk mode. */
    static final String SESSION_KEY = "org.tandem.screening.KioskSitting";

    enum Stage { WELCOME, QUESTIONS, HANDBACK }

    private final UUID patient;
    private final String patientName;
    private final UUID encounter;
    private final UUID sitting;
    private final String language;
    private final String staffName;
    private final List<String> queue;
    private int current;
    /** Answers of the current instrument (encoded, see {@link FormAnswers#encode}), carried ones included. */
    private final LinkedHashMap<String, String> answers = new LinkedHashMap<>();
    /** LinkIds answered in the previous step of a stepped screening, not asked again. */
    private final Set<String> carried = new LinkedHashSet<>();
    private String cursor;
    private Stage stage = Stage.WELCOME;
    private final List<UUID> responses = new ArrayList<>();
    private String problemKey;
    private List<Object> problemArgs = List.of();
    private int failedUnlocks;

    KioskSitting(UUID patient, String patientName, UUID encounter, String language, String staffName, List<String> instruments) {
        this.patient = patient;
        this.patientName = patientName;
        this.encounter = encounter;
        this.sitting = UUID.randomUUID();
        this.language = language;
        this.staffName = staffName;
        this.queue = new ArrayList<>(instruments);
    }

    UUID patient() {
        return patient;
    }

    String patientName() {
        return patientName;
    }

    UUID encounter() {
        return encounter;
    }

    UUID sitting() {
        return sitting;
    }

    String language() {
        return language;
    }

    String staffName() {
        return staffName;
    }

    List<String> queue() {
        return queue;
    }

    int current() {
        return current;
    }

    void current(int index) {
        this.current = index;
    }

    /** The instrument being asked, or null after the last one. */
    String instrument() {
        return current < queue.size() ? queue.get(current) : null;
    }

    Map<String, Answer> answers() {
        Map<String, Answer> decoded = new LinkedHashMap<>();
        answers.forEach((linkId, text) -> decoded.put(linkId, FormAnswers.decode(text)));
        return decoded;
    }

    void answers(Map<String, Answer> newAnswers) {
        answers.clear();
        newAnswers.forEach((linkId, answer) -> answers.put(linkId, FormAnswers.encode(answer)));
    }

    Set<String> carried() {
        return carried;
    }

    /** Whether the patient answered anything in the current instrument (carried answers do not count). */
    boolean answeredHere() {
        return answers.keySet().stream().anyMatch(linkId -> !carried.contains(linkId));
    }

    String cursor() {
        return cursor;
    }

    void cursor(String linkId) {
        this.cursor = linkId;
    }

    Stage stage() {
        return stage;
    }

    void stage(Stage newStage) {
        this.stage = newStage;
    }

    List<UUID> responses() {
        return responses;
    }

    String problemKey() {
        return problemKey;
    }

    List<Object> problemArgs() {
        return problemArgs;
    }

    void problem(String key, List<Object> args) {
        this.problemKey = key;
        this.problemArgs = args == null ? List.of() : List.copyOf(args);
    }

    int failedUnlocks() {
        return failedUnlocks;
    }

    void failedUnlock() {
        failedUnlocks++;
    }
}
