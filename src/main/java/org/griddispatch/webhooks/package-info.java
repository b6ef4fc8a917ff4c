/**
 * Webhooks through the transactional outbox: the admin's subscriptions ({@code /admin/webhooks}), the
 * deliveries written with each ticket event ({@code store.WebhookOutbox}, called by the ticket's
 * writer and by intake), and the verticle on every node that claims due deliveries for a lease, posts
 * them signed, in seq order per ticket and subscription, retries with backoff and dead-letters them.
 */
package org.griddispatch.webhooks;
