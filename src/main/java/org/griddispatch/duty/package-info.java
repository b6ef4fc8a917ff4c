/**
 * Duty: each grid worker's weekly roster with its dated exceptions (kept in the database, so every
 * node routes alike), and the centre's board of who is on duty now in each grid, backups (AB岗)
 * included. Whether a worker is on duty at a moment is one SQL function, {@code on_duty_at}, which
 * routing ({@code pick_worker}) and the board share.
 */
package org.griddispatch.duty;
