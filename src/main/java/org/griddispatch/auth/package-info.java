/**
 * Who is calling: staff logins with hashed passwords, residents' one-time codes, JWTs signed with
 * an asymmetric key shared by every node, integration API keys, and the signed-in {@link
 * org.griddispatch.auth.Actor} every route acts for.
 */
package org.griddispatch.auth;
