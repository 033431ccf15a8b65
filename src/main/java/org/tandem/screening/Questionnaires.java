package org.tandem.screening;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Questionnaire;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;

/**
 * The questionnaires a practice can use: the shipped ones (free wording) and, for licensed instruments (PHQ-A,
 * EPDS, DAST-10, C-SSRS screener), the wording the practice imported, checked against the scoring rules.
 */
@Component
public class Questionnaires {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final Clock clock;

    Questionnaires(TenantJdbc jdbc, CurrentActor actors, Clock clock) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.clock = clock;
    }

    /** The instrument's scoring rules bound to the practice's wording; fails when licensed wording is not imported. */
    @Transactional(readOnly = true)
    public Instrument instrument(String id) {
        Instrument rules = rules(id);
        return rules.wordingShipped() ? rules : QuestionnaireCatalog.bind(rules, requireImported(rules));
    }

    private static Instrument rules(String id) {
        return Instruments.find(id).orElseThrow(() -> new InvalidResponse("Unknown questionnaire '" + id
                + "'. Known: " + String.join(", ", Instruments.all().stream().map(Instrument::id).toList())));
    }

    private Questionnaire requireImported(Instrument rules) {
        return imported(rules.id()).orElseThrow(() -> new InvalidResponse("The " + rules.title()
                + " is licensed: this practice has not imported its wording yet"));
    }

    /** The questionnaire resource the practice uses for this instrument, if available. */
    @Transactional(readOnly = true)
    public Optional<Questionnaire> questionnaire(String id) {
        Optional<Instrument> rules = Instruments.find(id);
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        return rules.get().wordingShipped() ? QuestionnaireCatalog.shipped(id) : imported(id);
    }

    /** Every questionnaire the practice can use (shipped and imported), in catalog order. */
    @Transactional(readOnly = true)
    public List<Questionnaire> available() {
        List<Questionnaire> all = new ArrayList<>();
        for (Instrument instrument : Instruments.all()) {
            questionnaire(instrument.id()).ifPresent(all::add);
        }
        return all;
    }

    /** Whether the practice can administer this instrument now. */
    @Transactional(readOnly = true)
    public boolean usable(String id) {
        return questionnaire(id).isPresent();
    }

    /** The form to show for an instrument, in the given language where a translation exists. */
    @Transactional(readOnly = true)
    public ScreeningForm form(String id, Locale locale) {
        Instrument rules = rules(id);
        if (rules.wordingShipped()) {
            return QuestionnaireCatalog.form(rules, QuestionnaireCatalog.shipped(id).orElseThrow(), locale);
        }
        Questionnaire imported = requireImported(rules);
        return QuestionnaireCatalog.form(QuestionnaireCatalog.bind(rules, imported), imported, locale);
    }

    /**
     * Imports (or replaces) the practice's licensed wording for PHQ-A, EPDS, DAST-10 or the C-SSRS screener after
     * checking every item and answer against the scoring rules. Practice admins and API clients acting as admin.
     *
     * @throws InvalidQuestionnaire with every problem found; nothing is stored then
     */
    @Transactional
    public Questionnaire importLicensed(String json) {
        Actor actor = actors.require();
        if (!actor.hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only a practice admin may import questionnaire wording");
        }
        return importLicensed(QuestionnaireCatalog.parse(json));
    }

    @Transactional
    public Questionnaire importLicensed(Questionnaire questionnaire) {
        Actor actor = actors.require();
        if (!actor.hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only a practice admin may import questionnaire wording");
        }
        String id = questionnaire.getIdElement().getIdPart();
        Instrument rules = Instruments.find(id).orElseThrow(() -> new InvalidQuestionnaire(List.of(
                "The questionnaire id must be one of phq-a, epds, dast-10, cssrs-screener, not '" + id + "'")));
        if (rules.wordingShipped()) {
            throw new InvalidQuestionnaire(List.of("The " + rules.title() + " ships with Tandem; only licensed wording "
                    + "(phq-a, epds, dast-10, cssrs-screener) is imported"));
        }
        QuestionnaireCatalog.bind(rules, questionnaire);
        TenantJdbc.Scoped sql = jdbc.current();
        int version = sql.queryOne("SELECT version FROM screening_questionnaire WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", id), (rs, n) -> rs.getInt(1)).orElse(0) + 1;
        questionnaire.setId(id);
        questionnaire.getMeta().setVersionId(String.valueOf(version));
        questionnaire.setUrl("urn:tandem:questionnaire:" + id);
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("version", version);
        params.put("json", FHIR.newJsonParser().encodeResourceToString(questionnaire));
        params.put("by", actor.name());
        params.put("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (version == 1) {
            sql.update("INSERT INTO screening_questionnaire (practice_id, id, version, raw_json, imported_by, imported_at) "
                    + "VALUES (:practiceId, :id, :version, :json, :by, :at)", params);
        } else {
            sql.update("UPDATE screening_questionnaire SET version = :version, raw_json = :json, imported_by = :by, "
                    + "imported_at = :at WHERE practice_id = :practiceId AND id = :id", params);
        }
        return questionnaire;
    }

    private Optional<Questionnaire> imported(String id) {
        return jdbc.current().queryOne("SELECT raw_json FROM screening_questionnaire WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", id), (rs, n) -> FHIR.newJsonParser().parseResource(Questionnaire.class, rs.getString(1)));
    }

    /** Language code for a locale: {@code es} for Spanish, otherwise {@code en}. */
    static String language(Locale locale) {
        return locale != null && "es".equals(locale.getLanguage()) ? "es" : "en";
    }
}
