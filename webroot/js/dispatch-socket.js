// Grid Dispatch live connection: one WebSocket to /ws, topic subscriptions that survive
// reconnects, and resumption from the last cursor seen on each topic, so nothing is lost.
//
//   import { DispatchSocket } from '/js/dispatch-socket.js';
//   const socket = new DispatchSocket({ token: () => localStorage.token });
//   socket.onState = (state) => badge.textContent = state;      // connecting | open | closed
//   socket.subscribe('grid:jgm-01', (event) => render(event));   // event frames of that topic
//   socket.onAnnouncement = (notice) => showNotice(notice);
//   // a page that can reload its lists may say so: missing more than `replayLimit` events, it is told
//   // to reload instead of being sent them all, and follows from then on
//   socket.subscribe('center', (event) => render(event), null, { onReload: () => loadLists() });
//
// Cursors are kept per topic in memory and, when `storage` is given (e.g. sessionStorage), there
// too, so a page reload also resumes.

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
const PING_EVERY_MS = 25000;
const SCOPE_CHANGED = 4004;
// beyond this many missed events a page that can reload is current sooner from one listing
const REPLAY_LIMIT = 1000;

export class DispatchSocket {
  constructor({ token, url, storage = null, storageKey = 'dispatch.cursors' } = {}) {
    this.token = typeof token === 'function' ? token : () => token;
    this.url = url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.storage = storage;
    this.storageKey = storageKey;
    this.topics = new Map();          // topic -> { handler, cursor }
    this.state = 'closed';
    this.attempt = 0;
    this.stopped = false;
    this.onState = () => {};
    this.onAnnouncement = () => {};
    this.onError = () => {};
    this.onScopeChanged = null; // without one, a scope change reconnects like any other close
    this.restoreCursors();
    this.connect();
  }

  subscribe(topic, handler, after, { onReload = null, replayLimit = REPLAY_LIMIT } = {}) {
    const known = this.topics.get(topic);
    this.topics.set(topic, { handler, cursor: after ?? known?.cursor ?? null, onReload, replayLimit: onReload ? replayLimit : null });
    this.sendSubscribe(topic);
  }

  unsubscribe(topic) {
    this.topics.delete(topic);
    this.send({ op: 'unsubscribe', topic });
    this.saveCursors();
  }

  close() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    if (this.ws) this.ws.close(1000, 'bye');
    this.setState('closed');
  }

  connect() {
    if (this.stopped) return;
    this.setState('connecting');
    const ws = new WebSocket(`${this.url}?access_token=${encodeURIComponent(this.token())}`);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      for (const topic of this.topics.keys()) this.sendSubscribe(topic);
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ op: 'ping' }), PING_EVERY_MS);
    };
    ws.onmessage = (message) => this.receive(message.data);
    ws.onclose = (e) => {
      clearInterval(this.pingTimer);
      if (this.ws !== ws) return;
      this.setState('closed');
      // 4004: the user's grids or department changed; the page learns its new scope before it resubscribes
      if (e.code === SCOPE_CHANGED && this.onScopeChanged) { this.onScopeChanged(); return; }
      this.retry();
    };
    ws.onerror = () => ws.close();
  }

  // Exponential backoff with jitter, so a restarted server is not hit by every terminal at once.
  retry() {
    if (this.stopped) return;
    const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => this.connect(), ceiling / 2 + Math.random() * ceiling / 2);
  }

  receive(text) {
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    if (frame.op === 'event') {
      const sub = this.topics.get(frame.topic);
      if (!sub) return;
      if (sub.cursor && !cursorAfter(frame.cursor, sub.cursor)) return; // already seen
      sub.cursor = frame.cursor;
      this.saveCursors();
      sub.handler(frame);
    } else if (frame.op === 'subscribed') {
      const sub = this.topics.get(frame.topic);
      if (sub && frame.reload) {
        // too far behind to be sent what was missed: follow from now, and the page reloads what it shows
        // (never back: an answer to an earlier subscribe of the topic cannot undo what was seen since)
        if (!sub.cursor || cursorAfter(frame.cursor, sub.cursor)) { sub.cursor = frame.cursor; this.saveCursors(); }
        sub.onReload?.();
      } else if (sub && !sub.cursor) { sub.cursor = frame.cursor; this.saveCursors(); }
    } else if (frame.op === 'announcement') {
      this.onAnnouncement(frame);
    } else if (frame.op === 'error') {
      this.onError(frame);
    }
  }

  sendSubscribe(topic) {
    const sub = this.topics.get(topic);
    const msg = { op: 'subscribe', topic };
    if (sub?.cursor) msg.after = sub.cursor;
    if (sub?.cursor && sub.replayLimit) msg.replayLimit = sub.replayLimit;
    this.send(msg);
  }

  send(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }

  restoreCursors() {
    if (!this.storage) return;
    try {
      const saved = JSON.parse(this.storage.getItem(this.storageKey) || '{}');
      for (const [topic, cursor] of Object.entries(saved)) this.topics.set(topic, { handler: () => {}, cursor });
    } catch { /* a damaged entry only costs a full replay */ }
  }

  saveCursors() {
    if (!this.storage) return;
    const out = {};
    for (const [topic, sub] of this.topics) if (sub.cursor) out[topic] = sub.cursor;
    this.storage.setItem(this.storageKey, JSON.stringify(out));
  }
}

// Cursors are "<transaction>.<event>"; compare both parts as numbers (BigInt: ids can be large).
export function cursorAfter(a, b) {
  const [ta, ia] = a.split('.').map(BigInt);
  const [tb, ib] = b.split('.').map(BigInt);
  return ta > tb || (ta === tb && ia > ib);
}
