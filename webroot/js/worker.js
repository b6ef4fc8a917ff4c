// The grid-worker terminal, made for a phone in one hand: the queue as cards (category, place, distance,
// countdown, one obvious next action; details, timeline, photos and the other actions one tap away),
// patrol reports (巡查上报, 当场办结), and the map. It works in a basement: the last queue is kept on the
// device and shown (marked as possibly stale) without a network, and actions and photos taken offline
// wait on the device and are sent once, with their Idempotency-Key, when the network returns; what the
// server refuses meanwhile (someone else acted) is shown. It tells the server when a card was shown ("seen").
import {
  api, ApiError, can, el, t, lang, translate, languageButton, connect, staffLogin, gridMap, playAlert, vocabulary,
  catalogueEntries, nameOf, countdown, timelineView, addText, session, keyed, statusLabel, locale, nameSpan, userText, templatePicker, plural,
} from './app.js';
import { inlineForm } from './queue.js';
import * as store from './field-store.js';
import { pushButton } from './push.js';

addText({
  zh: {
    workerTitle: '网格员终端', tabQueue: '待办', tabPatrol: '巡查上报', tabMap: '地图', navigate: '导航', details: '详情',
    hideDetails: '收起', away: '距你', offline: '离线', staleSince: '离线 · 显示的是 {time} 的工单，可能已有变化',
    staleNoCopy: '离线，本机还没有保存工单', waiting: '待发送', waitingCount: '{n} 项待发送，联网后自动发送',
    kept: '已存于本机，联网后发送', refused: '未能提交', refusedHelp: '他人已处理此工单，或工单已变化', alsoDropped: '随之未发送',
    dismiss: '知道了', patrolTitle: '巡查上报', resolveNow: '当场办结', resolveNote: '处理情况', report: '上报',
    takePhoto: '拍照（可选）', locating: '正在取得位置…', located: '位置已取得', noLocation: '取不到位置：请允许定位后重试',
    retryLocation: '重新定位', patrolFiled: '已上报', contact: '联系人', photos: '照片', timeline: '进展', loadFailed: '离线，暂时无法加载',
    backupAlert: '备岗提醒：此紧急工单超时未被查看', unseenAlerted: '已超时未查看', priority_urgent: '紧急', priority_high: '较急',
    priority_normal: '一般', priority_low: '不急', mapOffline: '离线时不显示地图', chooseCategory: '选择类别', afterPhoto: '处理后照片（可选）',
    sendNow: '立即发送', showDistance: '显示距离',
  },
  en: {
    workerTitle: 'Grid worker', tabQueue: 'Queue', tabPatrol: 'Patrol report', tabMap: 'Map', navigate: 'Navigate', details: 'Details',
    hideDetails: 'Less', away: 'away', offline: 'offline', staleSince: 'Offline · showing the queue as of {time}; it may have changed',
    staleNoCopy: 'Offline, and no queue is kept on this device yet', waiting: 'waiting to send',
    waitingCount: '{n} waiting to be sent; they go when the network returns', waitingCount_one: '{n} waiting to be sent; it goes when the network returns', kept: 'Kept on this device; sent when online',
    refused: 'Not accepted', refusedHelp: 'Someone else acted on this ticket, or it changed', alsoDropped: 'not sent because of it',
    dismiss: 'OK', patrolTitle: 'Patrol report', resolveNow: 'Settled on the spot', resolveNote: 'What was done', report: 'Report',
    takePhoto: 'Photo (optional)', locating: 'Finding your position…', located: 'Position found',
    noLocation: 'No position: allow location and try again', retryLocation: 'Locate again', patrolFiled: 'Reported',
    contact: 'Contact', photos: 'Photos', timeline: 'Progress', loadFailed: 'Offline: cannot load this now',
    backupAlert: 'Backup alert: this urgent ticket was not seen in time', unseenAlerted: 'not seen in time', priority_urgent: 'Urgent',
    priority_high: 'High', priority_normal: 'Normal', priority_low: 'Low', mapOffline: 'No map while offline',
    chooseCategory: 'Choose a category', afterPhoto: 'Photo after (optional)', sendNow: 'Send now', showDistance: 'Show distances',
  },
});

const main = document.getElementById('main');
const fill = (key, values) => Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, v), t(key));
const wide = window.matchMedia('(min-width: 900px)');
const isOffline = (e) => !(e instanceof ApiError) || e.status >= 500;

// ---- state ---------------------------------------------------------------------------------------

const tickets = new Map(); // the queue, by id
const events = new Map(); // timelines of opened cards
const photos = new Map(); // attachment id -> object URL
const expanded = new Set();
const collapsed = new Set(); // on a wide screen, cards the worker closed
const seenSent = new Set();
const seenWaiting = new Set();
let me;
let vocab;
let entries;
let departments;
let position = null; // the worker's own, when the browser gives it
let socket;
let pending = []; // the device's outbox
let refusals = []; // what the server refused when the outbox was sent
let staleAt = null; // the queue shown is the device's copy of that time
let els;

// ---- start ---------------------------------------------------------------------------------------

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/worker' }).catch(() => { /* the page works without it, online */ });
}

async function start() {
  const title = document.getElementById('title');
  title.dataset.t = 'workerTitle';
  title.textContent = t('workerTitle');
  document.title = t('workerTitle');
  document.getElementById('tools').replaceChildren(languageButton(() => {
    document.title = t('workerTitle');
    translate(); if (els) patrolForm(); render();
  }));
  // an installed terminal reopened in a basement still knows who signed in on it
  // (once per tab: a sign-in the server has since refused is not brought back again)
  if (!session.get()) {
    const copy = await store.load('session').catch(() => undefined);
    if (copy && new Date(copy.expiresAt) > new Date() && !sessionStorage.getItem('field.restored')) {
      sessionStorage.setItem('field.restored', '1');
      session.set(copy);
    } else {
      store.forget('session').catch(() => {});
    }
  }
  const s = await staffLogin(main, ['grid_worker']);
  me = s.user;
  store.save('session', s).catch(() => {});
  document.getElementById('tools').append(pushButton('/worker'));
  layout();
  [vocab, entries, departments] = await Promise.all([
    kept('meta', vocabulary), kept('entries', catalogueEntries), kept('departments', () => api('GET', '/departments').then((r) => r.items)),
  ]);
  patrolForm();
  await loadQueue();
  pending = await store.pending();
  render();
  mapView();
  live();
  // a notification tapped: its ticket's card opens (/worker#ticket=<id>)
  openLinked();
  window.addEventListener('hashchange', openLinked);
  // the position is asked for when the worker wants it (distances, a patrol report), and again on later visits once they have
  if (localStorage.getItem('field.locate') === '1') watchPosition();
  window.addEventListener('online', () => {
    // back from the basement: reconnect now rather than at the end of the socket's backoff
    if (socket.state !== 'open') { clearTimeout(socket.retryTimer); socket.attempt = 0; socket.connect(); }
    flush();
    loadQueue().then(render).catch(() => {});
  });
  setInterval(() => { if (pending.length) flush(); }, 10000);
  setInterval(() => tick(), 30000);
  flush();
}

/** Asks the server and keeps the answer on the device; without a network, the device's copy. */
async function kept(name, ask) {
  try {
    const value = await ask();
    store.save(name, value).catch(() => {});
    return value;
  } catch (e) {
    if (!isOffline(e)) throw e;
    const copy = await store.load(name);
    if (copy === undefined) throw e;
    return copy;
  }
}

function layout() {
  const tab = (name, label) => el('button', { type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `pane-${name}`,
    'aria-selected': name === 'queue' ? 'true' : 'false', 'data-t': label, onclick: () => show(name) });
  els = {
    alert: el('div', { id: 'alert', role: 'alert', 'aria-live': 'assertive' }),
    stale: el('p', { id: 'stale', class: 'notice stale', role: 'status', hidden: true }),
    outbox: el('p', { id: 'outbox', class: 'notice outbox', role: 'status', hidden: true }),
    refused: el('div', { id: 'refused', role: 'alert' }),
    queue: el('div', { id: 'queue', class: 'field-queue' }),
    patrol: el('div', { id: 'patrol' }),
    map: el('div', { class: 'map', id: 'map' }),
  };
  main.replaceChildren(el('div', { class: 'field', 'data-tab': 'queue' },
    el('nav', { class: 'field-tabs', role: 'tablist', 'aria-label': t('workerTitle') }, tab('queue', 'tabQueue'), tab('patrol', 'tabPatrol'), tab('map', 'tabMap')),
    els.alert, els.stale, els.outbox, els.refused,
    el('div', { class: 'field-panes' },
      el('section', { class: 'card pane', id: 'pane-queue', role: 'tabpanel', 'aria-labelledby': 'tab-queue' },
        el('div', { class: 'row' }, el('h2', { class: 'grow', 'data-t': 'queue' }),
          el('button', { type: 'button', id: 'locate', 'data-t': 'showDistance', onclick: () => watchPosition(true) })), els.queue),
      el('section', { class: 'card pane', id: 'pane-patrol', role: 'tabpanel', 'aria-labelledby': 'tab-patrol' }, el('h2', { 'data-t': 'patrolTitle' }), els.patrol),
      el('section', { class: 'card pane', id: 'pane-map', role: 'tabpanel', 'aria-labelledby': 'tab-map' }, el('h2', { 'data-t': 'map' }), els.map))));
  translate(main);
}

function show(name) {
  main.querySelector('.field').dataset.tab = name;
  for (const b of main.querySelectorAll('.field-tabs [role=tab]')) b.setAttribute('aria-selected', String(b.id === `tab-${name}`));
  if (name === 'patrol' && !position) watchPosition(true);
  if (name === 'map' && window.dispatchMap) setTimeout(() => window.dispatchMap.invalidateSize(), 0);
}

// ---- the queue -----------------------------------------------------------------------------------

/** The worker's tickets from the server (kept on the device), or the device's copy when offline. */
async function loadQueue() {
  try {
    const held = await api('GET', `/tickets?status=${vocab.workload.join(',')}&limit=200`); // on a worker's hands
    tickets.clear();
    for (const x of held.items) if (mine(x)) tickets.set(x.id, x);
    staleAt = null;
    keepQueue();
  } catch (e) {
    if (!isOffline(e)) throw e;
    const copy = await store.load(`queue:${me.id}`);
    staleAt = copy ? copy.at : 'none';
    if (copy && !tickets.size) for (const x of copy.items) tickets.set(x.id, x);
  }
  for (const p of pending) predict(p);
}

/** On this worker's hands, or told to them as a backup. */
const mine = (x) => x.assigneeId === me.id || (x.alertedIds || []).includes(me.id) || me.gridIds.includes(x.gridId);

let keeping;
function keepQueue() {
  clearTimeout(keeping);
  keeping = setTimeout(() => store.save(`queue:${me.id}`, { at: new Date().toISOString(), items: [...tickets.values()] }).catch(() => {}), 300);
}

const RANK = { urgent: 0, high: 1, normal: 2, low: 3 };
const deadlineOf = (x) => (vocab.awaitingResponse.includes(x.status) ? x.deadlines.respondBy : x.deadlines.resolveBy);
function order(a, b) {
  return (RANK[a.priority] ?? 9) - (RANK[b.priority] ?? 9) || String(deadlineOf(a)).localeCompare(String(deadlineOf(b)));
}

/** Opens the card the address names (a tapped notification's), when it is in the queue. */
function openLinked() {
  const id = new URLSearchParams(location.hash.slice(1)).get('ticket');
  if (!id || !tickets.has(id)) return;
  expanded.add(id); collapsed.delete(id); openDetails(id); render();
  const card = els.queue.querySelector(`article[data-ticket="${CSS.escape(id)}"]`);
  if (card) card.scrollIntoView({ block: 'start' });
}

function render() {
  if (!els) return;
  const items = [...tickets.values()].filter((x) => vocab.workload.includes(x.status)).sort(order);
  els.queue.dataset.empty = t('emptyQueue');
  document.getElementById('locate').hidden = !!position;
  keyed(els.queue, items, (x) => x.id, (x) => [x.version, x.status, x.allowedActions.join(','), isOpen(x.id), (events.get(x.id) || []).length,
    waitingFor(x.id).length, x.unseenAlertAt, lang].join(':'), card);
  for (const c of els.queue.querySelectorAll('article[data-ticket]')) {
    seenWatch.observe(c);
    // the distance moves with the worker: written in place, so a card being typed into is never rebuilt for it
    const x = tickets.get(c.dataset.ticket);
    const dist = x && distanceText(x);
    c.querySelector('.dist').textContent = dist ? ` · ${t('away')} ${dist}` : '';
  }
  // what waits on the device, and what the server refused
  els.outbox.hidden = !pending.length;
  els.outbox.textContent = plural('waitingCount', pending.length);
  els.stale.hidden = !staleAt;
  els.stale.textContent = staleAt === 'none' ? t('staleNoCopy')
    : staleAt ? fill('staleSince', { time: new Date(staleAt).toLocaleString(locale()) }) : '';
  els.refused.replaceChildren(...refusals.map((r, i) => el('div', { class: 'refusal', 'data-ticket': r.ticketId || '' },
    el('strong', {}, `${t('refused')} · ${r.number || ''} · ${t(r.action === 'file' ? 'report' : r.action === 'return' ? 'returnTicket' : r.action)}`),
    el('span', {}, r.followed ? ` — ${t('alsoDropped')}` : ` — ${t('refusedHelp')}: ${r.message}`),
    el('button', { type: 'button', class: 'dismiss', onclick: () => { refusals.splice(i, 1); render(); } }, t('dismiss')))));
}

const isOpen = (id) => expanded.has(id) || (wide.matches && !collapsed.has(id));
const waitingFor = (id) => pending.filter((p) => p.ticketId === id);

function toggle(id) {
  if (isOpen(id)) { expanded.delete(id); collapsed.add(id); } else { expanded.add(id); collapsed.delete(id); openDetails(id); }
  render();
}

function card(x) {
  const category = nameOf(entries[x.category || x.serviceCode], x.category || x.serviceCode);
  const deadline = deadlineOf(x);
  const late = deadline && new Date(deadline) < Date.now();
  const open = isOpen(x.id);
  const waiting = waitingFor(x.id);
  const title = `title-${x.id}`;
  const details = el('div', { class: 'details', id: `details-${x.id}`, hidden: !open }, open ? detailsOf(x) : null);
  if (open && !events.has(x.id)) openDetails(x.id);
  return el('article', { class: `ticket field-card ${x.priority}`, 'data-ticket': x.id, 'data-status': x.status, 'aria-labelledby': title },
    el('div', { class: 'row head' },
      el('h3', { id: title, class: 'cat' }, category),
      el('span', { class: `badge prio ${x.priority}` }, t(`priority_${x.priority}`)),
      el('span', { class: 'badge status' }, statusLabel(x.status)),
      el('span', { class: `badge countdown ${late ? 'overdue' : ''}` }, countdown(deadline))),
    el('p', { class: 'place' }, x.address ? userText(x.address) : '—', el('span', { class: 'dist' })),
    userText(x.description, 'p', { class: 'desc' }),
    x.assigneeId !== me.id && x.unseenAlertAt ? el('p', { class: 'notice backup' }, t('backupAlert')) : null,
    waiting.length ? el('p', { class: 'waiting' }, `${t('waiting')}: ${waiting.map((p) => t(p.action === 'return' ? 'returnTicket' : p.action)).join(lang === 'zh' ? '、' : ', ')}`) : null,
    el('div', { class: 'row next' },
      nextAction(x),
      x.location ? el('a', { class: 'button navigate', href: `geo:${x.location.lat},${x.location.lon}?q=${x.location.lat},${x.location.lon}(${encodeURIComponent(category)})` }, t('navigate')) : null,
      el('button', { type: 'button', class: 'details-toggle', 'aria-expanded': String(open), 'aria-controls': `details-${x.id}`,
        onclick: () => toggle(x.id) }, t(open ? 'hideDetails' : 'details'))),
    details);
}

/** The one obvious thing to do now: sign for it, or (once signed for) finish it. */
function nextAction(x) {
  if (can(x, 'accept')) {
    return el('button', { type: 'button', class: 'primary big accept', onclick: () => perform(x, 'accept', {}) }, t('accept'));
  }
  const waitingForDepartments = x.status === 'whistled' && (x.departments || []).some((d) => !d.reportedAt && !d.releasedAt);
  if (can(x, 'resolve') && !waitingForDepartments) {
    return el('button', { type: 'button', class: 'primary big resolve-next', onclick: () => {
      expanded.add(x.id); collapsed.delete(x.id); openDetails(x.id); render();
      setTimeout(() => document.querySelector(`#details-${CSS.escape(x.id)} form.resolve input[data-tp=note]`)?.focus(), 0);
    } }, t('resolve'));
  }
  return null;
}

function detailsOf(x) {
  const out = [];
  out.push(el('p', { class: 'muted' }, `${t('numbers')} `, el('span', { class: 'num' }, x.number),
    ` · ${new Date(x.createdAt).toLocaleString(locale())}`));
  if (x.contact && (x.contact.name || x.contact.phone)) {
    out.push(el('p', { class: 'contact' }, `${t('contact')}: `, x.contact.name ? nameSpan(x.contact.name) : '', ' ',
      x.contact.phone ? el('a', { href: `tel:${x.contact.phone}` }, x.contact.phone) : null));
  }
  out.push(el('div', { class: 'row more-actions' }, otherActions(x)));
  const list = events.get(x.id);
  const shots = (list || []).filter((e) => e.type === 'attachment_added' && e.data && e.data.attachmentId);
  if (shots.length) {
    out.push(el('h4', {}, t('photos')), el('div', { class: 'photos' }, shots.map((e) => {
      const img = el('img', { alt: `${t('photos')} ${e.data.phase || ''}`, width: 96, height: 96 });
      photo(x.id, e.data.attachmentId).then((url) => { if (url) img.src = url; });
      return img;
    })));
  }
  out.push(el('h4', {}, t('timeline')));
  out.push(list === undefined ? el('p', { class: 'muted' }, '…') : list === null ? el('p', { class: 'muted' }, t('loadFailed')) : timelineView(list));
  return out;
}

function otherActions(x) {
  const out = [];
  if (can(x, 'whistle')) {
    const select = el('select', { class: 'dept', 'aria-label': t('departments') },
      departments.map((d) => el('option', { value: d.id, class: lang === 'en' && !d.nameEn ? 'name' : null }, nameOf(d, d.id))));
    out.push(inlineForm('whistle', 'note', async (note) => perform(x, 'whistle', { deptIds: [select.value], note: note || undefined }), select));
  }
  if (can(x, 'resolve')) {
    const shot = can(x, 'attach') ? el('input', { type: 'file', accept: 'image/*', capture: 'environment', class: 'after-photo', 'aria-label': t('afterPhoto') }) : null;
    const form = inlineForm('resolve', 'note', async (note) => {
      if (!note) throw new Error(`${t('note')}?`);
      await perform(x, 'resolve', { note }, shot?.files[0] || null);
    }, shot);
    form.classList.add('resolve');
    const note = form.querySelector('input[data-tp=note]');
    note.before(templatePicker(x.category || x.serviceCode, 'resolution', note)); // the centre's 常用语 for this kind of problem
    out.push(form);
  }
  if (can(x, 'return')) out.push(inlineForm('returnTicket', 'reason', async (reason) => perform(x, 'return', { reason })));
  if (can(x, 'comment')) out.push(inlineForm('send', 'comment', async (text) => perform(x, 'comment', { text })));
  return out;
}

async function openDetails(id) {
  if (events.get(id)) return;
  try {
    events.set(id, await api('GET', `/tickets/${encodeURIComponent(id)}/events`));
  } catch (e) {
    if (!isOffline(e)) throw e;
    events.set(id, null);
  }
  render();
}

async function photo(ticketId, attachmentId) {
  if (photos.has(attachmentId)) return photos.get(attachmentId);
  try {
    const res = await fetch(`/api/v1/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`,
      { headers: { Authorization: `Bearer ${session.get().token}` } });
    if (!res.ok) return null;
    const url = URL.createObjectURL(await res.blob());
    photos.set(attachmentId, url);
    return url;
  } catch { return null; }
}

function tick() {
  for (const c of els.queue.querySelectorAll('article[data-ticket]')) {
    const x = tickets.get(c.dataset.ticket);
    const badge = c.querySelector('.countdown');
    if (x && badge) badge.textContent = countdown(deadlineOf(x));
  }
}

// ---- acting, online or not -----------------------------------------------------------------------

/**
 * Every action goes through the device's outbox: kept first (with its photo and a fresh
 * Idempotency-Key), shown as waiting, then sent. Sent again after a lost answer or offline, it happens once.
 */
async function perform(x, action, body, file = null) {
  const first = !pending.some((p) => p.ticketId === x.id);
  await store.enqueue({ key: store.newKey(), ticketId: x.id, number: x.number, action, body, photo: file, photoName: file?.name,
    // the version the worker saw: a change by someone else meanwhile is refused (412), not overwritten
    ifMatch: first && action !== 'comment' ? x.version : null, at: new Date().toISOString() });
  pending = await store.pending();
  predict(pending[pending.length - 1]);
  render();
  await flush();
}

/** Shows an action waiting on the device as if done: the state it leads to and what may follow, by the vocabulary. */
function predict(p) {
  const x = tickets.get(p.ticketId);
  if (!x) return;
  const to = { accept: 'accepted', resolve: 'resolved', return: 'returned', whistle: 'whistled' }[p.action];
  if (!to) return;
  const roles = x.assigneeId === me.id ? ['assignee', 'viewer'] : ['viewer'];
  const allowed = vocab.actions.filter((a) => (a.from.length === 0 || a.from.includes(to)) && a.who.some((w) => roles.includes(w))).map((a) => a.name);
  tickets.set(x.id, { ...x, status: to, allowedActions: allowed });
}

let flushing = false;
/** Sends what waits on the device, oldest first; stops at the first sign of no network and tries again later. */
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    for (;;) {
      const [item] = await store.pending();
      if (!item) break;
      try {
        await send(item);
        await store.remove(item.key);
      } catch (e) {
        if (isOffline(e) || e.status === 429) break;
        await refuse(item, e);
      }
    }
  } finally {
    flushing = false;
    pending = await store.pending();
    render();
  }
}

async function send(item) {
  const key = { 'Idempotency-Key': item.key };
  if (item.action === 'file') {
    if (!item.ticketId) {
      const ticket = await api('POST', '/tickets', item.body, key); // sent again, the same key answers the same ticket
      item.ticketId = ticket.id;
      item.number = ticket.number;
      await store.update(item);
    }
    if (item.photo && !item.photoSent) await sendPhoto(item, 'report');
    const filed = await api('GET', `/tickets/${encodeURIComponent(item.ticketId)}`);
    if (mine(filed)) tickets.set(filed.id, filed);
    keepQueue();
    return;
  }
  if (item.photo && !item.photoSent) await sendPhoto(item, 'after');
  const headers = item.ifMatch ? { ...key, 'If-Match': `"${item.ifMatch}"` } : key;
  const answer = await api('POST', `/tickets/${encodeURIComponent(item.ticketId)}/${item.action}`, item.body, headers);
  tickets.set(answer.id, answer);
  for (const later of (await store.pending()).filter((p) => p.ticketId === answer.id && p.key !== item.key)) predict(later);
  events.delete(answer.id);
  keepQueue();
}

async function sendPhoto(item, phase) {
  const form = new FormData();
  form.append('file', item.photo, item.photoName || 'photo.jpg');
  form.append('phase', phase);
  await api('POST', `/tickets/${encodeURIComponent(item.ticketId)}/attachments`, form, { 'Idempotency-Key': `${item.key}.photo` });
  item.photoSent = true;
  await store.update(item);
}

/** The server said no (someone else acted meanwhile, or it no longer applies): shown plainly, with what depended on it. */
async function refuse(item, e) {
  refusals.push({ key: item.key, ticketId: item.ticketId, number: item.number, action: item.action,
    message: e.describe ? e.describe() : e.message });
  await store.remove(item.key);
  for (const later of (await store.pending()).filter((p) => p.ticketId && p.ticketId === item.ticketId)) {
    refusals.push({ ticketId: later.ticketId, number: later.number, action: later.action, followed: true });
    await store.remove(later.key);
  }
  if (item.ticketId) {
    try {
      const now = await api('GET', `/tickets/${encodeURIComponent(item.ticketId)}`);
      tickets.set(now.id, now);
    } catch (err) {
      if (!isOffline(err)) tickets.delete(item.ticketId);
    }
  }
  keepQueue();
}

// ---- patrol reports ------------------------------------------------------------------------------

function patrolForm() {
  const categories = Object.values(entries).filter((c) => c.sla || c.priority); // report categories, not service items
  const category = el('select', { id: 'patrol-category', required: true },
    el('option', { value: '' }, t('chooseCategory')), categories.map((c) => el('option', { value: c.code }, nameOf(c, c.code))));
  const description = el('textarea', { id: 'patrol-description', required: true, maxlength: 2000 });
  const address = el('input', { id: 'patrol-address', maxlength: 200 });
  const where = el('p', { id: 'patrol-where', class: 'muted', role: 'status' },
    position ? `${t('located')} (${position.lat.toFixed(5)}, ${position.lon.toFixed(5)})` : watching !== null ? t('locating') : '');
  const shot = el('input', { id: 'patrol-photo', type: 'file', accept: 'image/*', capture: 'environment' });
  const now = el('input', { id: 'patrol-now', type: 'checkbox' });
  const note = el('textarea', { id: 'patrol-note', maxlength: 2000 });
  const noteBox = el('div', { hidden: true }, el('label', { for: 'patrol-note', 'data-t': 'resolveNote' }), note);
  now.addEventListener('change', () => { noteBox.hidden = !now.checked; });
  const msg = el('p', { id: 'patrol-msg', class: 'error', role: 'alert' });
  const form = el('form', { id: 'patrol-form' },
    el('label', { for: 'patrol-category', 'data-t': 'category' }), category,
    el('label', { for: 'patrol-description', 'data-t': 'description' }), description,
    el('label', { for: 'patrol-address', 'data-t': 'address' }), address,
    el('div', { class: 'row' }, where, el('button', { type: 'button', 'data-t': 'retryLocation', onclick: () => watchPosition(true) })),
    el('label', { for: 'patrol-photo', 'data-t': 'takePhoto' }), shot,
    el('label', { class: 'check', for: 'patrol-now' }, now, el('span', { 'data-t': 'resolveNow' })), noteBox,
    msg, el('button', { type: 'submit', class: 'primary big', 'data-t': 'report' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.className = 'error';
    msg.textContent = '';
    if (!position) { msg.textContent = t('noLocation'); return; }
    const body = { channel: 'patrol', category: category.value, description: description.value.trim(),
      location: { lat: position.lat, lon: position.lon } };
    if (address.value.trim()) body.address = address.value.trim();
    if (now.checked) { body.resolveNow = true; body.note = note.value.trim(); }
    try {
      // the answer to a bad report comes at once when online; offline, the report waits on the device like an action
      const key = store.newKey();
      await store.enqueue({ key, ticketId: null, number: '', action: 'file', body, photo: shot.files[0] || null,
        photoName: shot.files[0]?.name, at: new Date().toISOString() });
      pending = await store.pending();
      await flush();
      const refused = refusals.find((r) => r.key === key);
      if (refused) { msg.textContent = refused.message; return; } // e.g. a point outside the worker's grids
      form.reset();
      noteBox.hidden = true;
      msg.className = 'status ok';
      msg.textContent = pending.some((p) => p.key === key) ? t('kept') : t('patrolFiled');
    } catch (e) { msg.textContent = e.describe ? e.describe() : e.message; }
  });
  els.patrol.replaceChildren(form);
  translate(els.patrol);
}

// ---- where the worker is -------------------------------------------------------------------------

let watching = null;
function watchPosition(again) {
  const where = () => document.getElementById('patrol-where');
  if (!navigator.geolocation) { if (where()) where().textContent = t('noLocation'); return; }
  if (again && where()) where().textContent = t('locating');
  localStorage.setItem('field.locate', '1');
  if (watching !== null) navigator.geolocation.clearWatch(watching);
  watching = navigator.geolocation.watchPosition((p) => {
    position = { lat: p.coords.latitude, lon: p.coords.longitude };
    if (where()) where().textContent = `${t('located')} (${position.lat.toFixed(5)}, ${position.lon.toFixed(5)})`;
    render();
  }, () => { if (where()) where().textContent = t('noLocation'); }, { enableHighAccuracy: true, maximumAge: 30000, timeout: 20000 });
}

function distanceText(x) {
  if (!position || !x.location) return '';
  const r = 6371000;
  const rad = (d) => (d * Math.PI) / 180;
  const dLat = rad(x.location.lat - position.lat);
  const dLon = rad(x.location.lon - position.lon);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(position.lat)) * Math.cos(rad(x.location.lat)) * Math.sin(dLon / 2) ** 2;
  const m = 2 * r * Math.asin(Math.sqrt(a));
  return m < 1000 ? `${Math.round(m / 10) * 10} m` : `${(m / 1000).toFixed(1)} km`;
}

// ---- live: new tickets, "seen" ---------------------------------------------------------------------

function live() {
  socket = connect(document.getElementById('state'));
  const shown = socket.onState;
  socket.onState = (state) => {
    shown(state);
    if (state !== 'open') return;
    for (const id of seenWaiting) sendSeen(id);
    flush();
    loadQueue().then(render).catch(() => {});
  };
  const alerted = new Set(tickets.keys());
  const onEvent = (frame) => {
    if (!frame.ticket) return;
    const x = frame.ticket;
    // (what the worker reported on patrol is theirs already: no alarm for it)
    // a reopened ticket comes back like a new one: once per reopening, whichever topic brings it
    const isBack = frame.type === 'reopened' && x.assigneeId === me.id;
    const isNew = (['assigned', 'reassigned'].includes(frame.type) && x.assigneeId === me.id && x.channel !== 'patrol')
      || (frame.type === 'unseen_alert' && x.assigneeId !== me.id) || isBack;
    const key = isBack ? `${frame.ticketId}#${frame.seq}` : `${frame.ticketId}:${frame.type}`;
    const alert = isNew && !alerted.has(key);
    if (alert) alerted.add(key);
    if (mine(x)) tickets.set(x.id, x); else tickets.delete(x.id);
    for (const p of pending.filter((q) => q.ticketId === x.id)) predict(p);
    // (someone else having seen it is not worth rebuilding a card the worker may be typing into)
    if (events.get(frame.ticketId) && frame.type !== 'seen') events.get(frame.ticketId).push(frame);
    staleAt = null;
    keepQueue();
    if (alert) {
      els.alert.replaceChildren(el('div', { class: 'alert', id: isBack ? 'reopened-ticket' : 'new-ticket' },
        `${frame.type === 'unseen_alert' ? t('backupAlert') : isBack ? t('reopenedTicket') : t('newTicket')} ${x.number} · `, userText(x.description)));
      playAlert();
      if (frame.type === 'unseen_alert') socket.subscribe(`ticket:${x.id}`, onEvent); // a backup follows what happens next
    }
    render();
  };
  for (const grid of me.gridIds) socket.subscribe(`grid:${grid}`, onEvent);
  socket.subscribe('me', onEvent);
}

/** A card at least half on screen, in a visible page, has been shown to the worker: the server hears it once. */
const seenWatch = new IntersectionObserver((seen) => {
  for (const e of seen) if (e.isIntersecting && document.visibilityState === 'visible') sendSeen(e.target.dataset.ticket);
}, { threshold: 0.5 });
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible' || !els) return;
  for (const c of els.queue.querySelectorAll('article[data-ticket]')) { seenWatch.unobserve(c); seenWatch.observe(c); }
});

function sendSeen(id) {
  if (!id || seenSent.has(id)) return;
  if (!socket || socket.state !== 'open') { seenWaiting.add(id); return; }
  socket.send({ op: 'seen', ticketId: id });
  seenSent.add(id);
  seenWaiting.delete(id);
}

// ---- the map -------------------------------------------------------------------------------------

async function mapView() {
  try {
    const { map } = await gridMap(els.map, { style: (f) => ({ color: '#37474f', weight: 1, fillOpacity: me.gridIds.includes(f.properties.id) ? 0.45 : 0.08, fillColor: '#90caf9' }) });
    for (const x of tickets.values()) {
      if (x.location) L.circleMarker([x.location.lat, x.location.lon], { radius: 7, color: '#c62828' }).addTo(map).bindTooltip(x.number);
    }
  } catch {
    els.map.replaceChildren(el('p', { class: 'muted' }, t('mapOffline')));
  }
}

start();
