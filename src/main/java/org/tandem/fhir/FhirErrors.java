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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.VersionConflict;

/** Turns the modules' exceptions into FHIR errors with an OperationOutcome: 403, 404, 409, 422. */
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
        return new InternalErrorException("The server could not complete the request");
    }
}
