// What the worker terminal keeps on the device (IndexedDB): the last queue it had (and what it needs
// to show it: the vocabulary, the catalogue, the departments, the sign-in), and the actions and photos
// taken while offline, in order, each with the Idempotency-Key it is sent with until the server has it.
const DB = 'grid-dispatch-field';

let opened;
function db() {
  opened ||= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('kv');
      req.result.createObjectStore('outbox', { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opened;
}

async function run(store, mode, work) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(store, mode);
    const req = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** A value kept under a name (the queue, the vocabulary…), or undefined. */
export const load = (name) => run('kv', 'readonly', (s) => s.get(name));
export const save = (name, value) => run('kv', 'readwrite', (s) => s.put(value, name));
export const forget = (name) => run('kv', 'readwrite', (s) => s.delete(name));

/** The actions waiting to be sent, oldest first. */
export async function pending() {
  const all = await run('outbox', 'readonly', (s) => s.getAll());
  return (all || []).sort((a, b) => a.order - b.order);
}

let counter = 0;
/** Keeps an action (with its photo, a Blob) until the server has it. */
export function enqueue(item) {
  return run('outbox', 'readwrite', (s) => s.put({ ...item, order: Date.now() * 1000 + (counter++ % 1000) }));
}

export const update = (item) => run('outbox', 'readwrite', (s) => s.put(item));
export const remove = (key) => run('outbox', 'readwrite', (s) => s.delete(key));

/** A fresh Idempotency-Key. */
export function newKey() {
  if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
