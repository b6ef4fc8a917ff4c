package org.griddispatch.subdistrict;

import org.griddispatch.auth.Passwords;
import org.griddispatch.auth.Role;
import org.griddispatch.auth.StaffFields;

import java.util.function.UnaryOperator;

/**
 * The first secrets of an account a load creates: its password and, for an integration, its API key.
 * An account that already exists keeps its own: a second import never resets them.
 */
public interface NewAccounts {
  /** The password to give the new account; null for none (an integration signs in with its API key). */
  String password(StaffFields account);

  /** The API key to give a new integration account. */
  String apiKey(StaffFields account);

  /** Whether the password came from the file (then it is not shown again) rather than being made up here. */
  default boolean given(StaffFields account) { return account.password() != null; }

  /**
   * An import's: the password in the users file when there is one, else a random one (shown once; an
   * integration gets none); a random API key.
   */
  static NewAccounts generated() {
    return new NewAccounts() {
      public String password(StaffFields a) {
        if (a.password() != null) return a.password();
        return hasApiKey(a) ? null : Passwords.randomToken(12);
      }
      public String apiKey(StaffFields a) { return Passwords.randomToken(32); }
    };
  }

  /** The demo's: one known password for every account, and known API keys. */
  static NewAccounts demo(String password, UnaryOperator<String> apiKeyOfUsername) {
    return new NewAccounts() {
      public String password(StaffFields a) { return password; }
      public String apiKey(StaffFields a) { return apiKeyOfUsername.apply(a.username()); }
      public boolean given(StaffFields a) { return true; }
    };
  }

  /** Whether the account gets an API key. */
  static boolean hasApiKey(StaffFields account) { return account.role() == Role.INTEGRATION; }
}
