package org.tandem.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.VersionConflict;
import org.tandem.screening.InvalidQuestionnaire;
import org.tandem.screening.InvalidResponse;
import org.tandem.screening.SafetyAlerts;

/**
 * Turns the modules' exceptions into FHIR errors with an OperationOutcome: 403, 404, 409 (version or alert
 * conflict), 422 (invalid data; for screening responses and questionnaires one issue per problem).
 */
@Component
@Interceptor
class FhirErrors {

    private static final Logger log = LoggerFactory.getLogger(FhirErrors.class);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException translate(RequestDetails request, Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof InternalErrorException || cause instanceof java.lang.reflect.InvocationTargetException
                || cause instanceof java.lang.reflect.UndeclaredThrowableException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        BaseServerResponseException translated = translate(cause);
        if (translated instanceof InternalErrorException) {
            log.error("FHIR request failed", cause);
        }
        return translated;
    }

    static BaseServerResponseException translate(Throwable cause) {
        if (cause instanceof BaseServerResponseException known) {
            return known;
        }
        if (cause instanceof AccessDeniedException denied) {
            return new ForbiddenOperationException("Access denied: " + denied.getMessage());
        }
        if (cause instanceof PatientNotFound missing) {
            return new ResourceNotFoundException(missing.getMessage());
        }
        if (cause instanceof InvalidPatientData invalid) {
            return new UnprocessableEntityException(invalid.getMessage());
        }
        if (cause instanceof VersionConflict conflict) {
            return new ResourceVersionConflictException(conflict.getMessage());
        }
        if (cause instanceof InvalidResponse invalid) {
            return unprocessable(invalid.problems());
        }
        if (cause instanceof InvalidQuestionnaire invalid) {
            return unprocessable(invalid.problems());
        }
        if (cause instanceof SafetyAlerts.AlertConflict conflict) {
            return new ResourceVersionConflictException(conflict.getMessage());
        }
        if (cause instanceof org.tandem.measure.InvalidMeasureRequest invalid) {
            return new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(invalid.getMessage());
        }
        if (cause instanceof org.tandem.measure.InvalidKnowledgeArtifact invalid) {
            return new UnprocessableEntityException(invalid.getMessage());
        }
        if (cause instanceof DuplicateKeyException) {
            return new ResourceVersionConflictException("A resource with this id was stored at the same time by another request");
        }
        return new InternalErrorException("The server could not complete the request");
    }

    /** 422 with one OperationOutcome issue per problem, so a client can show every problem at once. */
    static UnprocessableEntityException unprocessable(List<String> problems) {
        OperationOutcome outcome = new OperationOutcome();
        for (String problem : problems) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(problem);
        }
        return new UnprocessableEntityException(String.join("; ", problems), outcome);
    }
}
