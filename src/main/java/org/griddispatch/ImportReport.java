package org.griddispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.subdistrict.Problem;
import org.griddispatch.subdistrict.SubdistrictImport;
import org.griddispatch.subdistrict.SubdistrictWriter;

import java.nio.file.Path;

/** What {@code import} tells the operator: every problem, or what changed and the new accounts' secrets (shown this once). */
final class ImportReport {
  private ImportReport() {}

  static String of(Path dir, SubdistrictImport.Outcome outcome) {
    StringBuilder out = new StringBuilder();
    if (outcome.refused()) {
      out.append("The subdistrict in ").append(dir).append(" was refused; nothing was written. ")
          .append(outcome.problems().size()).append(outcome.problems().size() == 1 ? " problem:" : " problems:").append('\n');
      for (Problem p : outcome.problems()) out.append("  ").append(p).append('\n');
      return out.toString();
    }
    SubdistrictWriter.Written written = outcome.written();
    if (written.isEmpty()) return "Nothing changed: the database already holds the subdistrict in " + dir + ".\n";
    out.append("Imported the subdistrict in ").append(dir).append(":\n");
    for (String part : written.changed().fieldNames()) {
      Object value = written.changed().getValue(part);
      if (value instanceof JsonObject kinds) { // users {created, updated}, grids {added, changed, removed, restaffed}
        for (String kind : kinds.fieldNames()) {
          JsonArray ids = kinds.getJsonArray(kind);
          if (!ids.isEmpty()) out.append("  ").append(part).append(' ').append(kind).append(": ").append(join(ids)).append('\n');
        }
      } else {
        out.append("  ").append(part).append(": ").append(join((JsonArray) value)).append('\n');
      }
    }
    if (!written.accounts().isEmpty()) {
      out.append("New accounts. Passwords and API keys are shown this once and stored only as hashes: hand each to its user")
          .append(" (an admin sets a new password with PATCH /api/v1/admin/users/{id}).\n");
      for (SubdistrictWriter.Account a : written.accounts()) {
        out.append(String.format("  %-20s %-12s %s", a.username(), a.role(), a.name()));
        if (a.password() != null) out.append(a.passwordGiven() ? "   password: as in users.json" : "   password: " + a.password());
        if (a.apiKey() != null) out.append("   X-Api-Key: ").append(a.apiKey());
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String join(JsonArray ids) {
    return String.join(", ", ids.stream().map(String::valueOf).toList());
  }
}
