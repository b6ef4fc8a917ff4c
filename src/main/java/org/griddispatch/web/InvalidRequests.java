package org.griddispatch.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import org.griddispatch.common.ApiError;

/**
 * Requests the HTTP decoder could not read (a request line or headers over the server's limits),
 * answered in the contract's error format instead of Vert.x's empty 414/431, then the connection
 * closes: what follows on it cannot be trusted to start a request.
 */
public final class InvalidRequests {
  private InvalidRequests() {}

  public static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error;
    if (cause instanceof TooLongHttpLineException) {
      error = new ApiError(414, "uri_too_long", "The request line (the address with its query) is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new ApiError(431, "headers_too_large", "The request headers are too large");
    } else {
      error = ApiError.badRequest("bad_request", "The request could not be read");
    }
    request.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close").end(error.toJson(org.griddispatch.common.Translations.language(request.getHeader("Accept-Language"))).encode());
  }
}
