-- Delivery health reads only what is not yet sent, per subscription: the sent rows grow forever.
CREATE INDEX webhook_deliveries_unsent ON webhook_deliveries (webhook_id, status, created_at) WHERE status <> 'sent';
