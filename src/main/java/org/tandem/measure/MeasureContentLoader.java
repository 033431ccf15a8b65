package org.tandem.measure;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MetadataResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;

/**
 * At start-up, stores the measures Tandem evaluates (their Measure, Library and every ValueSet, from the official
 * content in classpath {@code ecqm/<MeasureId>/}) when they are absent: an artifact already stored with the same id
 * and version is left as it is, so restarting changes nothing and an administrator's newer upload is kept.
 */
@Component
class MeasureContentLoader {

    private static final Logger log = LoggerFactory.getLogger(MeasureContentLoader.class);

    private final KnowledgeArtifacts artifacts;
    private final CurrentActor actors;
    private final FhirContext fhir = FhirContext.forR4Cached();

    MeasureContentLoader(KnowledgeArtifacts artifacts, CurrentActor actors) {
        this.artifacts = artifacts;
        this.actors = actors;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void loadAtStartUp() {
        int stored = load();
        if (stored > 0) {
            log.info("Stored {} measure artifacts (Measures, Libraries, ValueSets) from the official eCQM content", stored);
        }
    }

    /** Stores every absent artifact of the shipped measures; returns how many were stored. */
    int load() {
        Actor loader = Actor.system("ecqm-loader", null, EnumSet.noneOf(Role.class), Channel.SYSTEM);
        return actors.runAs(loader, () -> {
            int stored = 0;
            for (String measureId : EcqmCatalog.MEASURE_IDS) {
                String folder = "ecqm/" + measureId + "/";
                Bundle valueSets = read(folder + "valuesets-" + measureId + "-bundle.json", Bundle.class);
                for (Bundle.BundleEntryComponent entry : valueSets.getEntry()) {
                    if (entry.getResource() instanceof MetadataResource valueSet) {
                        stored += storeIfAbsent(valueSet);
                    }
                }
                stored += storeIfAbsent(read(folder + "Library-" + measureId + ".json", Library.class));
                stored += storeIfAbsent(read(folder + "Measure-" + measureId + ".json", Measure.class));
            }
            return stored;
        });
    }

    private int storeIfAbsent(MetadataResource resource) {
        if (artifacts.has(resource.fhirType(), resource.getIdElement().getIdPart(), resource.getVersion())) {
            return 0;
        }
        artifacts.save(resource);
        return 1;
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> T read(String path, Class<T> type) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return fhir.newJsonParser().parseResource(type, in);
        } catch (IOException e) {
            throw new IllegalStateException("The shipped measure content " + path + " cannot be read", e);
        }
    }
}
