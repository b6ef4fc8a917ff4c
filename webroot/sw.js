// The worker terminal's service worker: keeps the page and its assets on the device so the terminal
// opens without a network. Pages and assets: the network first (a new version shows at once), the
// device's copy when there is no network. The API is never cached here: the page keeps its own copy
// of the queue (IndexedDB) and knows how old it is.
const CACHE = 'worker-shell-v1';
const SHELL = [
  '/worker', '/js/worker.js', '/js/field-store.js', '/js/app.js', '/js/queue.js', '/js/dispatch-socket.js',
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

self.addEventListener('fetch', (event) => {
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
