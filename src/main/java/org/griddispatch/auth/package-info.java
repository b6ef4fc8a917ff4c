/**
 * Who is calling: staff logins with hashed passwords, residents' one-time codes, JWTs signed with
 * an asymmetric key shared by every node, integration API keys, the signed-in {@link
 * org.griddispatch.auth.Actor} every route acts for, and the limits on signing in (lockout, attempts
 * and codes per address).
 */
package org.griddispatch.auth;
