/**
 * Who is calling: staff logins with hashed passwords, residents' one-time codes, JWTs signed with
 * keys kept in the database (or the operator's files) and named by kid, the token generation that
 * ends sign-ins on every node ({@code Revocations}), integration API keys, the signed-in {@link
 * org.griddispatch.auth.Actor} every route acts for, account changes (sign-out, an admin's change of
 * a user, key rotation), and the limits on signing in (lockout, attempts and codes per address).
 */
package org.griddispatch.auth;
