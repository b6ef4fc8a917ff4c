package org.griddispatch.auth;

/** Mainland mobile numbers: the shape we accept and the masked form shown to others. */
public final class Phones {
  public static final String PATTERN = "^1[3-9]\\d{9}$";

  private Phones() {}

  public static String mask(String phone) {
    if (phone == null) return null;
    if (phone.length() < 7) return "****";
    return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
  }
}
