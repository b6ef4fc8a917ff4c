-- The deliverer claims, per subscription, its oldest due pending rows in order and stops when it has
-- enough; and counts what each subscription has in flight from the few rows that hold a lease.
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, due_at, created_at, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_leased ON webhook_deliveries (webhook_id, leased_until)
  WHERE status = 'pending' AND leased_until IS NOT NULL;
