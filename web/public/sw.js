/* The field-visit form works without a network: this worker keeps the application's files (hashed, so safe to
   keep) and the last answer of the few reads the form needs; visits typed offline wait in the page's storage and
   are sent when the network returns (see src/views/visit). Registered by the visit page only. */
const CACHE = 'banshi-offline-v1';
const READS = ['/api/v1/public/config', '/api/v1/areas', '/api/v1/campaigns', '/api/v1/categories'];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key ?? request, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(key ?? request);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// The visit page tells the worker what it has loaded (its HTML, code and reads), so that a reload without a
// network finds all of it.
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'precache' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        data.urls
          .filter((u) => typeof u === 'string' && new URL(u, self.location.origin).origin === self.location.origin)
          .map((u) => cache.add(u).catch(() => undefined)),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate' && url.pathname.startsWith('/visit'))
    event.respondWith(networkFirst(request, '/visit'));
  else if (READS.some((p) => url.pathname === p)) event.respondWith(networkFirst(request));
});
