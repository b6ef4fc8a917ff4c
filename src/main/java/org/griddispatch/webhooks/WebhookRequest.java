package org.griddispatch.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Text;
import org.griddispatch.ticket.Vocabulary;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** A subscription as an admin asks for it, checked: every problem in one 400, nothing stored. */
record WebhookRequest(String url, List<String> events, String secret, String accountId) {
  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 256;
  static final int MAX_URL = 2000;
  static final String ALL = "*";

  static WebhookRequest parse(JsonObject body) {
    Fields f = new Fields(body);
    String url = url(f, f.string("url", true, MAX_URL));
    List<String> events = events(f, body.getValue("events"));
    String secret = secret(f, body.getValue("secret"));
    String accountId = f.string("accountId", false, 64);
    f.throwIfAny();
    return new WebhookRequest(url, events, secret, accountId);
  }

  /** An absolute http(s) URL with a host, no credentials in it (they would show in every listing). */
  private static String url(Fields f, String raw) {
    if (raw == null) return null;
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null
          && uri.getFragment() == null) {
        return raw;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    f.error("url", "an absolute http or https URL with a host, without credentials or fragment");
    return null;
  }

  /** Known timeline event types, or {@code ["*"]} alone for all of them. */
  private static List<String> events(Fields f, Object raw) {
    if (!(raw instanceof JsonArray array) || array.isEmpty() || array.size() > Vocabulary.EVENTS.size()) {
      f.error("events", raw == null ? "required" : "a non-empty array of event types, or [\"*\"]");
      return null;
    }
    LinkedHashSet<String> types = new LinkedHashSet<>();
    for (Object o : array) {
      if (!(o instanceof String s) || !(s.equals(ALL) || Vocabulary.EVENTS.contains(s))) {
        f.error("events", "unknown event type " + (o instanceof String s ? "'" + s + "'" : String.valueOf(o))
            + "; one of " + String.join(", ", Vocabulary.EVENTS.stream().sorted().toList()) + ", or \"*\"");
        return null;
      }
      types.add(s);
    }
    if (types.contains(ALL) && types.size() > 1) {
      f.error("events", "\"*\" stands alone");
      return null;
    }
    return new ArrayList<>(types);
  }

  /** The HMAC key exactly as given: spaces around it would be lost by one side or the other. */
  private static String secret(Fields f, Object raw) {
    if (raw == null) {
      f.error("secret", "required");
    } else if (!(raw instanceof String s) || s.length() < MIN_SECRET || s.length() > MAX_SECRET || !s.equals(s.strip())
        || Text.problem(s) != null) {
      f.error("secret", "a string of " + MIN_SECRET + " to " + MAX_SECRET + " characters, no spaces around it");
    } else {
      return s;
    }
    return null;
  }

  /** 400 for an account that does not exist, in the same format as the body's other problems. */
  static ApiError unknownAccount() {
    return ApiError.invalid(new JsonObject().put("accountId", "no such account"));
  }
}
