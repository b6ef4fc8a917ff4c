// The pages' service worker. For the worker terminal (scope /worker) it keeps the page and its assets
// on the device so the terminal opens without a network. For the terminal and the resident page alike
// it shows the Web Push messages the server sends (the notification outbox's push channel) and opens
// the ticket when one is tapped. Pages and assets: the network first (a new version shows at once), the
// device's copy when there is no network. The API is never cached here: the page keeps its own copy
// of the queue (IndexedDB) and knows how old it is.
const CACHE = 'worker-shell-v2';
const SHELL = [
  '/worker', '/js/worker.js', '/js/field-store.js', '/js/push.js', '/js/app.js', '/js/queue.js', '/js/dispatch-socket.js',
  '/css/app.css', '/favicon.svg', '/worker.webmanifest', '/icons/worker-192.png', '/icons/worker-512.png', '/config.json',
  '/webjars/leaflet/1.9.4/dist/leaflet.css', '/webjars/leaflet/1.9.4/dist/leaflet.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('worker-shell-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// only the terminal is kept offline; the resident page's registration is for notifications alone
const TERMINAL = new URL(self.registration.scope).pathname === '/worker';

self.addEventListener('fetch', (event) => {
  if (!TERMINAL) return;
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws') return;
  const key = url.pathname === '/worker.html' ? '/worker' : url.pathname;
  event.respondWith(fetch(event.request)
    .then((res) => {
      if (res.ok && SHELL.includes(key)) {
        const copy = res.clone();
        caches.open(CACHE).then((cache) => cache.put(key, copy));
      }
      return res;
    })
    .catch(() => caches.match(key).then((hit) => hit || Response.error())));
});

// A push message: {id, title, body, ticketId, url, urgent}, decrypted by the browser. A message that
// comes twice (sent again after a node's restart) replaces the first: the same tag.
self.addEventListener('push', (event) => {
  let m = {};
  try { m = event.data ? event.data.json() : {}; } catch { m = { body: event.data ? event.data.text() : '' }; }
  event.waitUntil(self.registration.showNotification(m.title || '网格服务', {
    body: m.body || '', tag: m.id || undefined, icon: '/icons/worker-192.png', badge: '/icons/worker-192.png',
    requireInteraction: Boolean(m.urgent), renotify: false, data: { url: m.url || '/' },
  }));
});

// A tap opens the ticket: in a window of this site already open when there is one, else a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  if (target.origin !== self.location.origin) return; // only this site's pages
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const same = windows.find((w) => new URL(w.url).pathname === target.pathname);
    if (same) return same.navigate(target.href).then((w) => (w || same).focus()).catch(() => same.focus());
    return self.clients.openWindow(target.href);
  }));
});
