// Shared by the four pages: the API, sign-in, the live socket, the languages and small views.
// Text from users is only ever set with textContent, never parsed as HTML.
import { DispatchSocket } from './dispatch-socket.js';

const TEXT = {
  zh: {
    signIn: '登录', signOut: '退出', username: '用户名', password: '密码', phone: '手机号', getCode: '获取验证码',
    code: '验证码', connection: '连接', open: '已连接', connecting: '连接中', closed: '已断开',
    category: '类别', description: '问题描述', address: '地址', photo: '照片（可选）', location: '位置',
    useMyLocation: '使用我的位置', pickOnMap: '或在地图上点选位置', call: '一键呼叫', nearby: '附近同类问题，是否为其中之一？',
    myRequests: '我的诉求', announcements: '政策通知', services: '一窗受理服务', materials: '所需材料',
    rate: '评价', good: '好评', neutral: '中评', bad: '差评', comment: '评价说明', reopen: '重新打开', reason: '原因',
    queue: '待办工单', accept: '签收', whistle: '吹哨', returnTicket: '退单', resolve: '办结', note: '说明', send: '提交',
    report: '报到', finish: '完成', deadline: '时限', overdue: '已超时', left: '剩余', newTicket: '新工单！', templates: '常用语', reopenedTicket: '工单被重新打开！', emptyQueue: '暂无待办工单',
    map: '网格地图', feed: '实时动态', supervision: '督办', totals: '总量与三率', dispatchQueue: '待分派',
    reassign: '分派到网格', merge: '合并到', keep: '保留', received: '受理', resolved: '办结', responseRate: '响应率',
    resolutionRate: '解决率', satisfactionRate: '满意率', notFound: '没有找到这个诉求', departments: '部门',
    created: '已受理', assigned: '已派单', accepted: '已签收', whistled: '已吹哨', reported: '部门已报到',
    rated: '已评价', commented: '留言', reopened: '已重开', merged: '已合并', returned: '已退单', reassigned: '已改派',
    sla_warning: '时限预警', sla_overdue: '超时催办', sla_supervised: '督办', sla_notified: '通报',
    seen: '已查看', unseen_alert: '超时未查看提醒',
    attachment_added: '照片', duplicate_merged: '合并了重复诉求', incident_formed: '多人反映同一问题，已合并为一个事件', joined_incident: '已并入事件', dept_finished: '部门已完成', handed_over: '已转部门',
    closedEvent: '已结案', status: '状态', grid: '网格', language: 'English', numbers: '编号',
    demoBanner: '演示模式：仅供演示，请勿提交真实居民诉求。演示账号密码公开，本机请求验证码时直接显示验证码。',
    offline: '网络已断开：实时进展暂停，恢复后自动补上，未发送的操作会再次提供',
    socketDown: '与服务器的实时连接已断开，正在重新连接…',
    fixFields: '请按提示修改后再提交', internal: '内部处理',
    cancelled: '已撤销', held: '已挂起', resumed: '已恢复', released: '部门已退出', return_rejected: '退单被驳回',
    duplicates_dismissed: '已排除重复', extension_requested: '申请延期', extension_approved: '延期已批准', extension_refused: '延期被拒绝',
    urged: '已督办', visited: '已回访', corrected: '已更正', materials_checked: '材料已核验', rating_reviewed: '差评已复核',
    received_status: '已受理', unitMin: '{n} 分钟', unitHour: '{n} 小时',
  },
  en: {
    signIn: 'Sign in', signOut: 'Sign out', username: 'Username', password: 'Password', phone: 'Phone', getCode: 'Get code',
    code: 'Code', connection: 'Connection', open: 'connected', connecting: 'connecting', closed: 'disconnected',
    category: 'Category', description: 'What is wrong', address: 'Address', photo: 'Photo (optional)', location: 'Location',
    useMyLocation: 'Use my location', pickOnMap: 'or pick the place on the map', call: 'One-tap call', nearby: 'Open reports like this nearby. Is it one of these?',
    myRequests: 'My requests', announcements: 'Notices', services: 'One-window services', materials: 'Materials',
    rate: 'Rate', good: 'Good', neutral: 'Fair', bad: 'Poor', comment: 'Comment', reopen: 'Reopen', reason: 'Reason',
    queue: 'Queue', accept: 'Accept', whistle: 'Call department', returnTicket: 'Return', resolve: 'Resolve', note: 'Note', send: 'Send',
    report: 'Report in', finish: 'Finish', deadline: 'Deadline', overdue: 'overdue', left: 'left', newTicket: 'New ticket!', templates: 'Templates', reopenedTicket: 'Ticket reopened!', emptyQueue: 'Nothing waiting',
    map: 'Grid map', feed: 'Live feed', supervision: 'Supervision', totals: 'Totals and rates', dispatchQueue: 'To dispatch',
    reassign: 'Send to grid', merge: 'Merge into', keep: 'Keep', received: 'Received', resolved: 'Resolved', responseRate: 'Response',
    resolutionRate: 'Resolution', satisfactionRate: 'Satisfaction', notFound: 'No such request', departments: 'Departments',
    created: 'Filed', assigned: 'Assigned', accepted: 'Accepted', whistled: 'Departments called', reported: 'Department reported in',
    rated: 'Rated', commented: 'Comment', reopened: 'Reopened', merged: 'Merged', returned: 'Returned', reassigned: 'Re-dispatched',
    sla_warning: 'Deadline warning', sla_overdue: 'Overdue', sla_supervised: 'Supervised', sla_notified: 'Reported',
    seen: 'Seen', unseen_alert: 'Not seen in time',
    attachment_added: 'Photo', duplicate_merged: 'Duplicate merged', incident_formed: 'Several reports of one problem: one incident', joined_incident: 'Joined an incident', dept_finished: 'Department finished', handed_over: 'Handed over',
    closedEvent: 'Closed', status: 'Status', grid: 'Grid', language: '中文', numbers: 'Number',
    demoBanner: 'Demo mode: for trying out only, not for real residents\' requests. Demo passwords are public and sign-in codes are shown on this machine.',
    offline: 'You are offline: live updates are paused and catch up when the network is back; unsent actions are offered again',
    socketDown: 'The live connection to the server is down; reconnecting…',
    fixFields: 'Please correct the marked fields', internal: 'Internal step',
    cancelled: 'Cancelled', held: 'On hold', resumed: 'Resumed', released: 'Department released', return_rejected: 'Return refused',
    duplicates_dismissed: 'Not a duplicate', extension_requested: 'Extension asked', extension_approved: 'Extension granted', extension_refused: 'Extension refused',
    urged: 'Urged', visited: 'Visited', corrected: 'Corrected', materials_checked: 'Materials checked', rating_reviewed: 'Rating reviewed',
    received_status: 'Received', unitMin: '{n} min', unitHour: '{n} h',
  },
};

export let lang = localStorage.getItem('lang') || 'zh';
/** A page's own words, added to the shared ones: {zh: {key: text}, en: {key: text}}. */
export function addText(extra) { for (const l of Object.keys(extra)) Object.assign(TEXT[l], extra[l]); }
export function t(key) { return (TEXT[lang] && TEXT[lang][key]) || TEXT.zh[key] || key; }
/**
 * A count with its words, in agreement: {@code key} is the text for any number ("{n} tries"), and
 * {@code key_one} (and the other forms of Intl.PluralRules) where the language has them ("{n} try").
 */
export function plural(key, n) {
  const form = `${key}_${new Intl.PluralRules(lang === 'zh' ? 'zh-CN' : 'en-GB').select(n)}`;
  return t(TEXT[lang] && TEXT[lang][form] ? form : key).replaceAll('{n}', n);
}

let settings;
/** The server's public settings for the pages (`/config.json`: map tiles, demo mode), asked once. */
export function pageConfig() {
  settings ||= fetch('/config.json').then((r) => r.json()).catch((e) => { settings = undefined; throw e; });
  return settings;
}

/** In demo mode every page says so at its top, so nobody takes it for the real service. */
async function demoBanner() {
  if (!(await pageConfig()).demo) return;
  // data-t: a later switch of language re-translates it with the rest of the page
  document.body.prepend(el('div', { id: 'demo-banner', class: 'demo-banner', role: 'note', 'data-t': 'demoBanner' }, t('demoBanner')));
}
demoBanner().catch(() => { /* no settings: the page works without the banner, and the server logs demo mode */ });

/** Fills every [data-t] element with its text and wires the language switch. */
export function translate(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  root.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  root.querySelectorAll('[data-tp]').forEach((el) => { el.placeholder = t(el.dataset.tp); });
}

export function languageButton(onChange) {
  // the other language's own name, in that language
  const b = el('button', { type: 'button', id: 'lang', lang: lang === 'zh' ? 'en' : 'zh-CN' }, t('language'));
  b.addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('lang', lang);
    b.textContent = t('language');
    b.lang = lang === 'zh' ? 'en' : 'zh-CN';
    translate();
    document.dispatchEvent(new Event('pagelanguage')); // what translate() cannot re-label (titles) is told
    if (onChange) onChange();
  });
  return b;
}

/**
 * Keeps the CSS variable {@code name} on the root at the element's height as laid out (0 while hidden):
 * what sticks under the page's header (the connection banner, the worker's tabs) stands from it.
 */
export function publishHeight(element, name) {
  const set = () => document.documentElement.style.setProperty(name, `${element.offsetHeight}px`);
  set();
  new ResizeObserver(set).observe(element);
}
if (document.querySelector('header')) publishHeight(document.querySelector('header'), '--header-h');

/** Creates an element; children are nodes or plain text (never HTML). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    // a style goes through the CSSOM: the Content-Security-Policy refuses inline style attributes
    if (k === 'class') e.className = v; else if (k === 'style') e.style.cssText = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

// ---- the API -------------------------------------------------------------------------------------

const KEY = 'dispatch.session';
export const session = {
  get() { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; } },
  set(s) { sessionStorage.setItem(KEY, JSON.stringify(s)); },
  clear() { sessionStorage.removeItem(KEY); },
};

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status; this.code = e.code; this.fields = e.fields || {};
  }
  /** One line for a person: the message and, for invalid fields, which ones. */
  describe() {
    const fields = Object.entries(this.fields).map(([k, v]) => `${k}: ${v}`).join('; ');
    return fields ? `${this.message} (${fields})` : this.message;
  }
}

/** {@code extraHeaders}: e.g. an Idempotency-Key or an If-Match. A network failure rejects with a TypeError, never an ApiError. */
export async function api(method, path, body, extraHeaders) {
  const s = session.get();
  // the server answers its error texts in this language
  const headers = { 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en', ...(extraHeaders || {}) };
  if (s) headers.Authorization = `Bearer ${s.token}`;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (res.status === 401 && s) { session.clear(); location.reload(); }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const act = (id, action, body = {}) => api('POST', `/tickets/${encodeURIComponent(id)}/${action}`, body);

let meta;
/**
 * The server's ticket vocabulary (`GET /meta`: states, their groups, the actions), asked once after
 * sign-in, so the pages never spell the workflow out themselves.
 */
export function vocabulary() {
  meta ||= api('GET', '/meta').catch((e) => { meta = undefined; throw e; }); // a failed ask is asked again
  return meta;
}

let names;
/** Categories and one-window items by code, asked once: people read their names, never the codes. */
export function catalogueEntries() {
  names ||= Promise.all([api('GET', '/categories'), api('GET', '/services')])
    .then(([c, s]) => Object.fromEntries([...c.items, ...s.items].map((x) => [x.code, x])))
    .catch((e) => { names = undefined; throw e; });
  return names;
}

/** A catalogue entry's name in the page's language (its code when the entry is unknown). */
export const nameOf = (entry, code) => (entry ? (lang === 'zh' ? entry.name : entry.nameEn || entry.name) : code);

/**
 * A select of the category's reply templates (常用语) of one kind (note or resolution) that fills
 * {@code input}; hidden when there are none or they cannot be had (offline). The centre's own
 * phrases, in one language: shown as written.
 */
const templateLists = new Map(); // asked once per category and kind while the page lives: cards are redrawn often
export function templatePicker(category, kind, input) {
  const select = el('select', { class: 'templates', 'aria-label': t('templates') }, el('option', { value: '', 'data-t': 'templates' }, t('templates')));
  const path = `/reply-templates?kind=${kind}${category ? `&category=${encodeURIComponent(category)}` : ''}`;
  if (!templateLists.has(path)) templateLists.set(path, api('GET', path).catch((e) => { templateLists.delete(path); throw e; }));
  templateLists.get(path)
    .then((r) => {
      select.append(...r.items.map((x) => el('option', { value: x.text, class: 'user-text' }, x.text)));
      select.hidden = !r.items.length;
    }).catch(() => { select.hidden = true; });
  select.addEventListener('change', () => { if (select.value) { input.value = select.value; input.focus(); } select.value = ''; });
  return select;
}

/** Whether the server offers this viewer {@code action} on the ticket now (a finer check may still refuse it). */
export const can = (ticket, action) => ticket.allowedActions.includes(action);

/**
 * The live connection, with its state shown in the header and, while the browser is offline or the
 * socket is down, a banner under it that says so (the header's dot alone stayed green offline).
 */
export function connect(stateEl) {
  const socket = new DispatchSocket({ token: () => session.get().token });
  const banner = el('div', { id: 'connection-banner', class: 'connection-banner', role: 'status', hidden: true });
  document.querySelector('header').after(banner);
  publishHeight(banner, '--banner-h');
  let shown = null;
  const show = () => {
    const offline = navigator.onLine === false;
    const state = offline ? 'closed' : socket.state;
    stateEl.className = `state ${state}`;
    stateEl.textContent = t(state);
    stateEl.dataset.t = state; // a switch of language re-labels it
    const key = offline ? 'offline' : socket.state === 'open' ? null : socket.everOpen ? 'socketDown' : null;
    banner.hidden = !key;
    if (key) { banner.dataset.t = key; banner.textContent = t(key); }
    shown = key;
  };
  socket.onState = (state) => { if (state === 'open') socket.everOpen = true; show(); };
  window.addEventListener('online', show);
  window.addEventListener('offline', () => { show(); if (socket.ws) socket.ws.close(); });
  show();
  socket.connectionProblem = () => shown;
  // an administrator changed the user's grids or department: the same sign-in, a page drawn for the new scope
  socket.onScopeChanged = async () => {
    try { session.set({ ...session.get(), user: await api('GET', '/auth/me') }); } finally { location.reload(); }
  };
  return socket;
}

/**
 * Shows a refusal next to the fields it names: each {@code [data-error-for=name]} element under
 * {@code root} gets its field's text (a nested name like {@code location.lat} goes to {@code location});
 * what no field takes, and the message, go to {@code general}. Answers whether any field took one.
 */
export function showFieldErrors(root, error, general) {
  root.querySelectorAll('[data-error-for]').forEach((e) => { e.textContent = ''; });
  root.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  if (!error) { if (general) general.textContent = ''; return false; }
  const rest = [];
  let any = false;
  for (const [name, text] of Object.entries(error.fields || {})) {
    const target = root.querySelector(`[data-error-for="${CSS.escape(name)}"]`) || root.querySelector(`[data-error-for="${CSS.escape(name.split('.')[0])}"]`);
    if (!target) { rest.push(text); continue; }
    target.textContent = target.textContent ? `${target.textContent}；${text}` : text;
    const input = target.dataset.input && document.getElementById(target.dataset.input);
    if (input) input.setAttribute('aria-invalid', 'true');
    any = true;
  }
  if (general) general.textContent = [error.message, ...rest].filter(Boolean).join(' · ');
  return any;
}

/** A ticket's photo as a URL an <img> can show (the file needs the signed-in user's token). */
export async function photoUrl(ticketId, attachmentId) {
  const s = session.get();
  const res = await fetch(`/api/v1/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`,
    { headers: s ? { Authorization: `Bearer ${s.token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, null);
  return URL.createObjectURL(await res.blob());
}

/** The photos of a timeline, shown small; each opens full size. */
export function photoStrip(ticketId, events) {
  const shots = events.filter((e) => e.type === 'attachment_added' && e.data && e.data.attachmentId);
  if (!shots.length) return null;
  const strip = el('div', { class: 'photos' });
  for (const e of shots) {
    const img = el('img', { alt: t('attachment_added'), class: 'photo', loading: 'lazy' });
    const link = el('a', { target: '_blank', rel: 'noopener' }, img);
    photoUrl(ticketId, e.data.attachmentId).then((url) => { img.src = url; link.href = url; }).catch(() => img.remove());
    strip.append(link);
  }
  return strip;
}

// ---- views ---------------------------------------------------------------------------------------

export function eventLabel(type) { return type === 'closed' ? t('closedEvent') : t(type); }

/** A ticket's state as people say it (never its code): "closed" is a ticket's, not the connection's. */
export function statusLabel(status) { return status === 'closed' ? t('closedEvent') : status === 'received' ? t('received_status') : t(status); }

/** The page's locale for dates and times. */
export const locale = () => (lang === 'zh' ? 'zh-CN' : 'en-GB');

/** A name (a person, a place without an English name): shown as written in either language. */
export const nameSpan = (text, tag = 'span', attrs = {}) => el(tag, { ...attrs, class: attrs.class ? `${attrs.class} name` : 'name' }, text);
/** Text a person wrote (a description, a note, an address): shown as written. */
export const userText = (text, tag = 'span', attrs = {}) => el(tag, { ...attrs, class: attrs.class ? `${attrs.class} user-text` : 'user-text' }, text);

/**
 * Shows {@code items} in order, rebuilding only those whose version changed: a card someone is
 * typing into keeps its text when another ticket moves.
 */
export function keyed(container, items, keyOf, versionOf, build) {
  const old = new Map([...container.children].map((n) => [n.dataset.key, n]));
  container.replaceChildren(...items.map((item) => {
    const key = String(keyOf(item));
    const version = `${versionOf(item)}|${lang}`;
    const existing = old.get(key);
    if (existing && existing.dataset.version === version) return existing;
    const node = build(item);
    node.dataset.key = key;
    node.dataset.version = version;
    translate(node);
    return node;
  }));
}

export function timelineView(events) {
  // a staff-internal step reaches a resident only as a bare "internal" mark: nothing to show
  return el('ol', { class: 'timeline' }, events.filter((e) => !e.internal && e.type !== 'internal').map((e) => el('li', {},
    `${new Date(e.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')} · ${eventLabel(e.type)}`,
    e.actor && e.actor.name ? [' · ', el('span', { class: 'name' }, e.actor.name)] : '',
    e.data && (e.data.note || e.data.text || e.data.reason || e.data.comment)
      ? [' — ', noteView(e.data.note || e.data.text || e.data.reason || e.data.comment)] : '')));
}

/** The server's own reasons on a step, in the page's language; a person's note stays as written. */
const SYSTEM_NOTES = {
  'routed by location': { zh: '按位置派单', en: 'routed by location' },
  'automatic duplicate detection': { zh: '自动去重', en: 'automatic duplicate detection' },
  'merged by the centre': { zh: '指挥中心合并', en: 'merged by the centre' },
  'bad rating': { zh: '差评', en: 'bad rating' },
  'rating window ended': { zh: '评价期已过', en: 'rating window ended' },
  'the resident said it is the same problem': { zh: '居民确认是同一个问题', en: 'the resident said it is the same problem' },
};
function noteView(text) {
  const known = SYSTEM_NOTES[text];
  return known ? known[lang] || text : el('span', { class: 'user-text' }, text);
}

/** Time left to a deadline, or how overdue: "12 min left" / "overdue 5 min". */
export function countdown(iso) {
  if (!iso) return '';
  const ms = new Date(iso) - Date.now();
  const m = Math.round(Math.abs(ms) / 60000);
  const span = m >= 120 ? t('unitHour').replace('{n}', Math.round(m / 60)) : t('unitMin').replace('{n}', m);
  return ms >= 0 ? `${t('left')} ${span}` : `${t('overdue')} ${span}`;
}

export function playAlert() {
  try {
    const ctx = new AudioContext();
    const o = ctx.createOscillator(); const g = ctx.createGain();
    o.frequency.value = 880; o.connect(g); g.connect(ctx.destination); g.gain.value = 0.2;
    o.start(); o.stop(ctx.currentTime + 0.4);
  } catch { /* no audio: the visible alert remains */ }
}

/** A Leaflet map of the grids (tiles only when configured). */
export async function gridMap(container, { onClick, style } = {}) {
  const cfg = await pageConfig();
  const map = L.map(container, { zoomControl: true, attributionControl: !!cfg.tileUrl });
  if (cfg.tileUrl) L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution || '' }).addTo(map);
  const grids = await api('GET', '/grids');
  const layer = L.geoJSON(grids, {
    style: style || (() => ({ color: '#37474f', weight: 1, fillColor: '#90caf9', fillOpacity: 0.35 })),
    onEachFeature: (f, l) => l.bindTooltip(lang === 'en' && f.properties.nameEn ? f.properties.nameEn : f.properties.name),
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  window.dispatchMap = map; // the page's map, for scripts (and end-to-end tests) that point at places
  if (onClick) {
    map.on('click', (e) => onClick(e.latlng));
    layer.on('click', (e) => onClick(e.latlng));
  }
  return { map, layer, grids };
}

/** The staff sign-in form; resolves once signed in. */
export function staffLogin(container, roles) {
  return new Promise((resolve) => {
    const s = session.get();
    if (s && roles.includes(s.user.role)) { resolve(s); return; }
    const user = el('input', { id: 'username', autocomplete: 'username', required: true });
    const pass = el('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const error = el('p', { class: 'error', role: 'alert', id: 'login-error' });
    const form = el('form', { class: 'card', id: 'login' },
      el('h2', { 'data-t': 'signIn' }), el('label', { for: 'username', 'data-t': 'username' }), user,
      el('label', { for: 'password', 'data-t': 'password' }), pass, error,
      el('button', { class: 'primary', type: 'submit', 'data-t': 'signIn' }));
    const wrap = el('section', { class: 'card' }, form);
    container.replaceChildren(wrap);
    translate(wrap);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const r = await api('POST', '/auth/login', { username: user.value.trim(), password: pass.value });
        if (!roles.includes(r.user.role)) throw new Error(`${r.user.role}?`);
        session.set(r);
        resolve(r);
      } catch (e) { error.textContent = e.describe ? e.describe() : e.message; }
    });
    user.focus();
  });
}
