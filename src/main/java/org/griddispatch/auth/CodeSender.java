package org.griddispatch.auth;

import io.vertx.core.Future;

/** Delivers a resident's one-time code; production plugs in an SMS gateway here. */
public interface CodeSender {
  Future<Void> send(String phone, String code);

  /** Writes only that a code went out (never the code) to the log; demo mode shows the code in the answer. */
  static CodeSender logging() {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CodeSender.class);
    return (phone, code) -> {
      log.info("Sign-in code issued to {}", Phones.mask(phone));
      return Future.succeededFuture();
    };
  }
}
