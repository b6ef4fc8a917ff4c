package org.griddispatch.catalog;

import org.griddispatch.common.Fields;

/**
 * The key of a catalogue entry and what it may look like. An admin puts an entry at an address that
 * carries its key (the body may repeat it, and must then agree); a subdistrict's file gives the key
 * in the entry itself. Keys appear in URLs, topics and Open311's {@code service_code}.
 */
record EntryKey(String field, String pattern, String rule) {
  /** Category and service item codes: no hyphen, as Open311 clients take them for identifiers. */
  static final EntryKey CATEGORY = new EntryKey("code", "^[a-z][a-z0-9_]{0,63}$",
      "lower-case letters, digits and '_', starting with a letter, at most 64");
  static final EntryKey SERVICE = new EntryKey("code", CATEGORY.pattern(), CATEGORY.rule());
  static final EntryKey DEPARTMENT = new EntryKey("id", "^[a-z][a-z0-9_-]{0,63}$",
      "lower-case letters, digits, '_' or '-', starting with a letter, at most 64");

  /** The key given in the address; a body that repeats it must agree. */
  String atAddress(Fields f, String address) {
    if (address == null || !address.matches(pattern)) f.error(field, rule);
    Object inBody = f.body().getValue(field);
    if (inBody != null && !inBody.equals(address)) f.error(field, "must match the address");
    return address;
  }

  /** The key the entry gives itself: required. */
  String inBody(Fields f) {
    return f.matching(field, true, pattern, rule);
  }
}
