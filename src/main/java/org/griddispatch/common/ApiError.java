package org.griddispatch.common;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * A refusal the client can act on: an HTTP status, a snake_case code, a human message and, for
 * invalid input, the offending fields. It crosses the event bus as a {@link ReplyException} whose
 * failure code is the status and whose message is the error JSON, so any verticle can refuse.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final JsonObject fields;
  private final Integer retryAfterSeconds;

  public ApiError(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  public ApiError(int status, String code, String message, JsonObject fields, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.fields = fields == null || fields.isEmpty() ? null : fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError badRequest(String code, String message) { return new ApiError(400, code, message); }
  public static ApiError invalid(JsonObject fields) {
    return new ApiError(400, "validation_failed", "Some fields are missing or invalid", fields, null);
  }
  public static ApiError notFound(String what) { return new ApiError(404, "not_found", what + " not found"); }
  public static ApiError forbidden(String message) { return new ApiError(403, "forbidden", message); }
  public static ApiError unauthorized(String message) { return new ApiError(401, "unauthorized", message); }
  /** The node is stopping: the request goes to another node, or here again once it is back. */
  public static ApiError shuttingDown() {
    return new ApiError(503, "shutting_down", "This server is restarting; try again shortly", null, 2);
  }
  public static ApiError conflict(String code, String message) { return new ApiError(409, code, message); }

  public int status() { return status; }
  public String code() { return code; }
  public JsonObject fields() { return fields; }
  public Integer retryAfterSeconds() { return retryAfterSeconds; }

  public JsonObject toJson() {
    JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
    if (fields != null) error.put("fields", fields);
    return new JsonObject().put("error", error);
  }

  /** The error document with its message and field texts in the language ({@link Translations}). */
  public JsonObject toJson(String language) {
    return Translations.localize(toJson(), language);
  }

  /** The form in which a consumer fails a request-reply message. */
  public ReplyException toReply() {
    JsonObject wire = toJson();
    if (retryAfterSeconds != null) wire.put("retryAfter", retryAfterSeconds);
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, wire.encode());
  }

  /** Turns whatever failed a future into an ApiError: ours passes through, the rest is a 500 or 503. */
  public static ApiError from(Throwable failure) {
    if (failure instanceof ApiError apiError) return apiError;
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() >= 400 && reply.getMessage() != null
          && reply.getMessage().startsWith("{")) {
        JsonObject wire = new JsonObject(reply.getMessage());
        JsonObject error = wire.getJsonObject("error");
        return new ApiError(reply.failureCode(), error.getString("code"), error.getString("message"),
            error.getJsonObject("fields"), wire.getInteger("retryAfter"));
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS) return notAnswering();
    }
    if (failure instanceof java.util.concurrent.TimeoutException) return notAnswering();
    if (Errors.isFormTooLarge(failure)) {
      return badRequest("too_many_fields", "The form has too many fields, or too long ones");
    }
    if (Errors.isShuttingDown(failure)) return shuttingDown();
    if (Errors.isDatabaseUnavailable(failure)) {
      return new ApiError(503, "database_unavailable", "The database is not reachable; try again shortly", null, 5);
    }
    return new ApiError(500, "internal_error", "Something went wrong on our side");
  }

  private static ApiError notAnswering() {
    return new ApiError(503, "unavailable", "A service is not answering; try again shortly", null, 2);
  }
}
