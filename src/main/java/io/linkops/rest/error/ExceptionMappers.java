package io.linkops.rest.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.linkops.messaging.KafkaFailures;
import io.linkops.service.DuplicateClientUserIdException;
import io.linkops.service.EnqueueFailedException;
import io.linkops.service.Failures;
import io.linkops.service.IdempotencyKeyInFlightException;
import io.linkops.service.ReencryptionConflictException;
import io.linkops.service.IdempotencyKeyMismatchException;
import io.linkops.service.InvalidWebhookUrlException;
import io.linkops.service.LinkMigrationDisabledException;
import io.linkops.service.MissingCustomCredentialException;
import io.linkops.service.OpAlreadyEndedException;
import io.linkops.service.RequestTooLargeException;
import io.linkops.service.ResourceNotFoundException;
import io.linkops.service.TooManyOpenOperationsException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to a JSON {@code detail} answer; a 500 names only a reference to find it in the logs. */
public class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);
    private static final int UNPROCESSABLE = 422;

    @ServerExceptionMapper
    public Response requestValidation(RequestValidationException e) {
        return ErrorBody.response(UNPROCESSABLE, e.problems());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<ValidationProblem> problems = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ExceptionMappers::problemOf)
                .toList();
        return ErrorBody.response(UNPROCESSABLE, problems);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException) {
            return unexpected(e);
        }
        return ErrorBody.response(UNPROCESSABLE, List.of(JsonProblems.describe(e)));
    }

    /** Declared apart so it outranks Quarkus' built-in 400 mapper for this exact type. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response linkMigrationDisabled(LinkMigrationDisabledException e) {
        return ErrorBody.response(403, e.getMessage());
    }

    @ServerExceptionMapper
    public Response missingCredential(MissingCustomCredentialException e) {
        return ErrorBody.response(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooLarge(RequestTooLargeException e) {
        return ErrorBody.response(413, e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooManyOpen(TooManyOpenOperationsException e) {
        return Response.fromResponse(ErrorBody.response(429, e.getMessage())).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response enqueueFailed(EnqueueFailedException e) {
        LOG.warnf("op %s not enqueued: %s", e.opId(), e.getCause() == null ? "" : KafkaFailures.describe(e.getCause()));
        return ErrorBody.response(503, "The bulk operation could not be enqueued and nothing of it was imported; "
                + "retry the request.");
    }

    @ServerExceptionMapper
    public Response notFound(ResourceNotFoundException e) {
        return ErrorBody.response(404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response idempotencyKeyMismatch(IdempotencyKeyMismatchException e) {
        return ErrorBody.response(UNPROCESSABLE, List.of(ValidationProblem.at(List.of("header", "idempotency-key"),
                e.getMessage(), "idempotency_key_mismatch")));
    }

    @ServerExceptionMapper
    public Response reencryptionConflict(ReencryptionConflictException e) {
        return ErrorBody.response(409, e.getMessage());
    }

    @ServerExceptionMapper
    public Response idempotencyKeyInFlight(IdempotencyKeyInFlightException e) {
        return Response.fromResponse(ErrorBody.response(409, e.getMessage())).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response invalidWebhookUrl(InvalidWebhookUrlException e) {
        return ErrorBody.response(UNPROCESSABLE, List.of(ValidationProblem.at(List.of("body", "url"),
                e.getMessage(), "value_error")));
    }

    @ServerExceptionMapper
    public Response alreadyEnded(OpAlreadyEndedException e) {
        return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OpAlreadyEndedBody(e.getMessage(), e.status().name())).build();
    }

    @ServerExceptionMapper
    public Response duplicateClientUserId(DuplicateClientUserIdException e) {
        return ErrorBody.response(400, new ClientUserIdConflict("INVALID_REQUEST", e.getMessage(),
                e.existingUserId(), e.existingCreatedOn().truncatedTo(ChronoUnit.SECONDS)));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // Quarkus REST wraps a body Jackson could not parse in a 400; the contract answers 422 for it.
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            return unexpected(e);
        }
        return ErrorBody.response(status.getStatusCode(), status.getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (Failures.isOutage(e)) {
            LOG.warnf("dependency unavailable: %s", e.getClass().getName());
            return ErrorBody.response(503, "Service temporarily unavailable, retry later.");
        }
        if (Failures.isConcurrentChange(e)) {
            return ErrorBody.response(409, "A concurrent request changed the same resource; retry.");
        }
        UUID reference = UUID.randomUUID();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return ErrorBody.response(500, "Internal server error (reference " + reference + ").");
    }

    private static ValidationProblem problemOf(ConstraintViolation<?> violation) {
        List<Object> loc = ConstraintViolationLocations.locOf(violation);
        if (violation.getInvalidValue() == null) {
            return ValidationProblem.at(loc, "Field required", "missing");
        }
        String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return ValidationProblem.at(loc, violation.getMessage(), ConstraintViolationLocations.snakeCase(
                Character.toLowerCase(constraint.charAt(0)) + constraint.substring(1)));
    }
}
