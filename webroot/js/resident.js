// The residents' page, made for a phone and an elderly hand: the call button and the most common
// problems as large buttons on the first screen, the place named in words, an unmistakable
// confirmation with the ticket number and when to expect an answer, a nearby report offered as a
// real choice ("the same problem: follow it" / "mine is different"), photos, and only the public
// steps of each request. Sign-in with a code; everything live over the socket.
import {
  api, act, can, el, t, lang, translate, languageButton, session, connect, timelineView, gridMap, ApiError, keyed,
  addText, statusLabel, nameOf, showFieldErrors, photoStrip,
} from './app.js';
import { pushButton } from './push.js';

addText({
  zh: {
    residentTitle: '城厢街道 · 一网统管', callTitle: '遇到问题？选一类，一键呼叫', moreCategories: '更多类别…',
    whereTitle: '在哪里', useMyLocation: '用我现在的位置', pickOnMapBelow: '或在下方地图上点一下', placeUnknown: '还没有选位置',
    outside: '这里不在本街道的网格内，指挥中心会直接处理', addressHint: '门牌、楼栋、单元（可不填）',
    descriptionHint: '简单说说发生了什么', sending: '正在提交…',
    filedTitle: '已收到您的诉求', filedNumber: '工单号', filedExpect: '网格员会在 {min} 分钟内（{time} 前）响应，请留意电话', filedExpectLater: '网格员会在 {time} 前响应，请留意电话',
    filedCentre: '指挥中心会在 {time} 前安排人员处理', filedMerged: '这个问题已经有人报告，您的诉求已并入，进展会同样告诉您',
    followedTitle: '已关注这个问题', followedText: '不用重复报告，处理进展会推送给您', another: '再报一个问题',
    dupTitle: '附近已经有人报告了同类问题', dupSame: '是同一个问题：关注它', dupDifferent: '我的不一样', dupReported: '报告于',
    within: '约 {m} 米内', follower: '您关注的问题', noRequests: '还没有诉求', statusNow: '现在',
    held: '等待您配合', resumed: '继续办理', materials_checked: '材料已核对', cancelled: '已撤销', seen: '网格员已查看',
    corrected: '信息已更正', notSent: '没有发出去：网络断了。您填的内容都还在，网络恢复后请再按一次“一键呼叫”',
    backOnline: '网络已恢复：请再按一次“一键呼叫”', signInHint: '用手机号登录，验证码会发到手机上',
  },
  en: {
    residentTitle: 'Chengxiang · One Network', callTitle: 'A problem? Pick one and call', moreCategories: 'More kinds…',
    whereTitle: 'Where', useMyLocation: 'Use where I am now', pickOnMapBelow: 'or tap the map below', placeUnknown: 'No place chosen yet',
    outside: 'This place is outside the subdistrict\'s grids; the command centre handles it directly', addressHint: 'Building, entrance, flat (optional)',
    descriptionHint: 'Say briefly what happened', sending: 'Sending…',
    filedTitle: 'Your request has been received', filedNumber: 'Ticket number', filedExpect: 'A grid worker will respond within {min} minutes (by {time}); please keep your phone at hand', filedExpectLater: 'A grid worker will respond by {time}; please keep your phone at hand',
    filedCentre: 'The command centre will send someone by {time}', filedMerged: 'Someone has already reported this; your request joins theirs and you will hear of its progress',
    followedTitle: 'You now follow this problem', followedText: 'No need to report it again: you will see its progress here', another: 'Report another problem',
    dupTitle: 'A problem like this was already reported nearby', dupSame: 'The same problem: follow it', dupDifferent: 'Mine is different', dupReported: 'reported',
    within: 'within about {m} m', follower: 'A problem you follow', noRequests: 'No requests yet', statusNow: 'Now',
    held: 'Waiting for you', resumed: 'Work resumed', materials_checked: 'Documents checked', cancelled: 'Cancelled', seen: 'Seen by the grid worker',
    corrected: 'Details corrected', notSent: 'Not sent: the network is down. What you wrote is kept; press “One-tap call” again once it is back',
    backOnline: 'The network is back: press “One-tap call” again', signInHint: 'Sign in with your phone number; a code is sent to it',
  },
});

/** The few problems most residents call about, first and large. */
const COMMON = ['gas_leak', 'water_leak', 'power_outage', 'drainage_blockage', 'garbage', 'noise'];

const main = document.getElementById('main');
const tools = document.getElementById('tools');
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? '');
const clock = (iso) => new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
const when = (iso) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
let rerender = () => {};

function retitle() { document.title = t('residentTitle'); }

async function signIn() {
  const s = session.get();
  if (s && s.user.role === 'resident') return s;
  return new Promise((resolve) => {
    const phone = el('input', { id: 'phone', type: 'tel', inputmode: 'numeric', autocomplete: 'tel', 'data-tp': 'phone' });
    const code = el('input', { id: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', 'data-tp': 'code' });
    const error = el('p', { class: 'error', role: 'alert', id: 'login-error' });
    const getCode = el('button', { type: 'button', id: 'get-code', 'data-t': 'getCode' });
    const form = el('form', { id: 'login' }, el('h2', { 'data-t': 'signIn' }), el('p', { class: 'muted', 'data-t': 'signInHint' }),
      el('label', { for: 'phone', 'data-t': 'phone' }), phone, el('span', { class: 'error field-error', 'data-error-for': 'phone', 'data-input': 'phone' }), getCode,
      el('label', { for: 'code', 'data-t': 'code' }), code, el('span', { class: 'error field-error', 'data-error-for': 'code', 'data-input': 'code' }), error,
      el('button', { type: 'submit', class: 'primary', 'data-t': 'signIn' }));
    main.replaceChildren(el('section', { class: 'card' }, form));
    translate();
    const refused = (e) => { if (e instanceof ApiError) showFieldErrors(form, e, error); else error.textContent = e.message; };
    getCode.addEventListener('click', async () => {
      showFieldErrors(form, null, error);
      try {
        const r = await api('POST', '/auth/resident/code', { phone: phone.value.trim() });
        if (r.devCode) code.value = r.devCode; // demo mode: the code is in the answer
      } catch (e) { refused(e); }
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      showFieldErrors(form, null, error);
      try {
        const r = await api('POST', '/auth/resident/login', { phone: phone.value.trim(), code: code.value.trim() });
        session.set(r);
        resolve(r);
      } catch (e) { refused(e); }
    });
    phone.focus();
  });
}

async function start() {
  retitle();
  tools.replaceChildren(languageButton(() => { retitle(); rerender(); }));
  await signIn();
  tools.append(pushButton('/'));
  const socket = connect(document.getElementById('state'));
  const tickets = new Map(); // id -> {ticket, events}
  const [cats, services] = await Promise.all([api('GET', '/categories'), api('GET', '/services')]);
  const entries = Object.fromEntries([...cats.items, ...services.items].map((x) => [x.code, x]));
  const categoryName = (code) => nameOf(entries[code], code);

  // ---- the call: kind, words, place, button -------------------------------------------------------
  const quick = el('div', { class: 'quick', id: 'quick', role: 'group', 'aria-labelledby': 'call-title' });
  const category = el('select', { id: 'category', class: 'more', 'aria-label': t('category') });
  const description = el('textarea', { id: 'description', maxlength: 2000, rows: 2, 'data-tp': 'descriptionHint' });
  const address = el('input', { id: 'address', maxlength: 200, 'data-tp': 'addressHint', autocomplete: 'street-address' });
  const photo = el('input', { id: 'photo', type: 'file', accept: 'image/*' });
  const where = el('p', { id: 'where', 'aria-live': 'polite', 'data-t': 'placeUnknown' });
  const error = el('p', { class: 'error', role: 'alert', id: 'report-error' });
  const nearby = el('div', { id: 'nearby', 'aria-live': 'polite' });
  const mapBox = el('div', { class: 'map', id: 'map', role: 'application', 'aria-label': t('location') });
  const fieldError = (name, input) => el('span', { class: 'error field-error', id: `${name}-error`, 'data-error-for': name, 'data-input': input || name, role: 'alert' });
  const callButton = el('button', { type: 'submit', class: 'call', id: 'call', 'data-t': 'call' });
  let point = null;
  let place = null; // {gridId, name, community} or {outside: true}
  let marker = null;

  const report = el('form', { id: 'report', novalidate: true },
    el('h2', { id: 'call-title', 'data-t': 'callTitle' }), quick, category, fieldError('category'),
    el('label', { for: 'description', 'data-t': 'description' }), description, fieldError('description'),
    el('label', { 'data-t': 'whereTitle' }),
    el('div', { class: 'place' }, el('button', { type: 'button', id: 'locate', 'data-t': 'useMyLocation' }), el('span', { class: 'muted', 'data-t': 'pickOnMapBelow' })),
    where, fieldError('location', 'locate'),
    el('label', { for: 'address', 'data-t': 'address' }), address, fieldError('address'),
    nearby, error, callButton,
    mapBox,
    el('label', { for: 'photo', 'data-t': 'photo' }), photo, fieldError('file', 'photo'));
  const confirmation = el('section', { id: 'confirmation', class: 'confirmation', role: 'status', 'aria-live': 'assertive', hidden: true });
  const list = el('div', { id: 'my-requests' });
  const notices = el('div', { id: 'notices' });
  const serviceList = el('div', { id: 'services' });
  main.replaceChildren(confirmation,
    el('section', { class: 'card', id: 'call-card' }, report),
    el('section', { class: 'card' }, el('h2', { 'data-t': 'myRequests' }), list),
    el('section', { class: 'card' }, el('h2', { 'data-t': 'announcements' }), notices),
    el('section', { class: 'card' }, el('h2', { 'data-t': 'services' }), serviceList));

  function drawCategories() {
    const chosen = category.value;
    quick.replaceChildren(...COMMON.filter((c) => entries[c]).map((c) => el('button', {
      type: 'button', 'data-category': c, class: entries[c].priority === 'urgent' ? 'urgent' : null,
      'aria-pressed': String(c === chosen), onclick: () => choose(c),
    }, categoryName(c))));
    category.replaceChildren(el('option', { value: '' }, t('moreCategories')),
      ...cats.items.map((c) => el('option', { value: c.code }, categoryName(c.code))));
    category.value = chosen;
  }
  function choose(code) {
    category.value = code;
    quick.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.category === code)));
    lookNearby();
  }
  category.addEventListener('change', () => choose(category.value));
  drawCategories();
  translate();

  // ---- the place, in words -------------------------------------------------------------------------
  const { map, grids } = await gridMap(mapBox, { onClick: (ll) => setPoint(ll.lat, ll.lng) });
  const gridEn = Object.fromEntries(grids.features.map((f) => [f.properties.id, f.properties.nameEn]));
  function describePlace() {
    if (!point) { where.dataset.t = 'placeUnknown'; where.textContent = t('placeUnknown'); where.className = ''; return; }
    delete where.dataset.t;
    if (!place) { where.textContent = '…'; return; }
    where.className = place.outside ? 'outside' : '';
    where.textContent = place.outside ? t('outside')
      : '';
    if (place && !place.outside) {
      where.replaceChildren(el('span', { class: 'name' }, place.community), ' · ',
        el('span', { class: 'name' }, lang === 'en' && gridEn[place.gridId] ? gridEn[place.gridId] : place.name));
    }
  }
  async function setPoint(lat, lon) {
    point = { lat, lon };
    place = null;
    if (marker) marker.setLatLng([lat, lon]); else marker = L.marker([lat, lon]).addTo(map);
    describePlace();
    try {
      place = await api('GET', `/grids/locate?lat=${lat}&lon=${lon}`);
    } catch (e) {
      place = { outside: true };
    }
    describePlace();
    lookNearby();
  }
  document.getElementById('locate').addEventListener('click', () => navigator.geolocation.getCurrentPosition(
    (p) => setPoint(p.coords.latitude, p.coords.longitude), () => { mapBox.scrollIntoView({ behavior: 'smooth', block: 'center' }); }));

  // ---- a problem like this nearby: the same one, or not -------------------------------------------
  const dismissed = new Set();
  let nearbyTimer;
  function lookNearby() {
    clearTimeout(nearbyTimer);
    nearbyTimer = setTimeout(async () => {
      if (!point || !category.value) { nearby.replaceChildren(); return; }
      let r;
      try { r = await api('GET', `/tickets/nearby?lat=${point.lat}&lon=${point.lon}&category=${encodeURIComponent(category.value)}`); } catch { return; }
      const mineAlready = new Set([...tickets.values()].map((x) => x.ticket.number));
      const items = r.items.filter((n) => !dismissed.has(n.number) && !mineAlready.has(n.number)).slice(0, 3);
      nearby.replaceChildren(...items.map((n) => el('div', { class: 'duplicate', 'data-number': n.number },
        el('strong', { 'data-t': 'dupTitle' }),
        el('p', {}, `${categoryName(n.category)} · ${statusLabel(n.status)} · ${fill(t('within'), { m: n.distanceMeters })} · ${t('dupReported')} ${when(n.createdAt)}`),
        el('div', { class: 'choice' },
          el('button', { type: 'button', class: 'same', 'data-t': 'dupSame', onclick: () => follow(n) }),
          el('button', { type: 'button', class: 'different', 'data-t': 'dupDifferent', onclick: () => { dismissed.add(n.number); lookNearby(); } })))));
      translate(nearby);
    }, 300);
  }
  description.addEventListener('input', lookNearby);

  async function follow(n) {
    showFieldErrors(report, null, error);
    try {
      const ticket = await api('POST', '/tickets/nearby/follow', { number: n.number, category: category.value, location: point });
      tickets.set(ticket.id, { ticket, events: await api('GET', `/tickets/${ticket.id}/events`) });
      confirm({ title: 'followedTitle', number: ticket.number, lines: [t('followedText')] });
      clearForm();
      render();
    } catch (e) { if (e instanceof ApiError) showFieldErrors(report, e, error); else error.textContent = e.message; }
  }

  // ---- calling -------------------------------------------------------------------------------------
  function clearForm() {
    description.value = ''; address.value = ''; photo.value = ''; nearby.replaceChildren(); choose('');
  }
  /** The confirmation at the top of the page, in large type, until the next call. */
  function confirm({ title, number, lines }) {
    confirmation.hidden = false;
    confirmation.replaceChildren(el('h2', {}, `✓ ${t(title)}`),
      el('p', {}, t('filedNumber')), el('p', { class: 'big-number', id: 'filed-number' }, number),
      ...lines.map((l) => el('p', { class: 'expect' }, l)),
      el('button', { type: 'button', class: 'primary', id: 'another', onclick: () => { confirmation.hidden = true; report.scrollIntoView(); description.focus(); } }, t('another')));
    confirmation.scrollIntoView({ behavior: 'smooth', block: 'start' });
    confirmation.focus?.();
  }
  function expectation(ticket) {
    if (ticket.status === 'merged') return [t('filedMerged')];
    const by = ticket.deadlines && ticket.deadlines.respondBy;
    if (!by) return [];
    if (!ticket.gridId) return [fill(t('filedCentre'), { time: clock(by) })];
    const minutes = Math.max(1, Math.round((new Date(by) - Date.now()) / 60000));
    return [minutes <= 120 ? fill(t('filedExpect'), { min: minutes, time: clock(by) }) : fill(t('filedExpectLater'), { time: when(by) })];
  }

  let unsent = false;
  window.addEventListener('online', () => {
    if (!unsent) return;
    error.textContent = t('backOnline');
    callButton.focus();
  });
  report.addEventListener('submit', async (ev) => {
    unsent = false;
    ev.preventDefault();
    if (callButton.disabled) return; // a second tap while the first is on its way
    callButton.disabled = true;
    callButton.textContent = t('sending');
    showFieldErrors(report, null, error);
    const body = { category: category.value || undefined, description: description.value.trim() || undefined };
    if (point) body.location = point;
    if (address.value.trim()) body.address = address.value.trim();
    try {
      const ticket = await api('POST', '/tickets', body);
      if (photo.files[0]) {
        const form = new FormData();
        form.append('file', photo.files[0]);
        try { await api('POST', `/tickets/${ticket.id}/attachments`, form); } catch (e) { /* the ticket stands; the photo's refusal is shown */ showFieldErrors(report, e, error); }
      }
      tickets.set(ticket.id, { ticket, events: await api('GET', `/tickets/${ticket.id}/events`) });
      confirm({ title: 'filedTitle', number: ticket.number, lines: expectation(ticket) });
      clearForm();
      render();
    } catch (e) {
      if (e instanceof ApiError) {
        showFieldErrors(report, e, error);
        const first = report.querySelector('.field-error:not(:empty)');
        if (first) first.scrollIntoView({ behavior: 'smooth', block: 'center' });
      } else {
        // the network failed, not the request: everything typed is kept, and the call is offered again
        unsent = true;
        error.textContent = t('notSent');
      }
    } finally {
      callButton.disabled = false;
      callButton.textContent = t('call');
    }
  });

  // ---- my requests, kept live by the "me" feed ------------------------------------------------------
  const mine = await api('GET', '/tickets?limit=50'); // what I reported and what I follow
  await Promise.all(mine.items.map(async (ticket) => tickets.set(ticket.id, { ticket, events: await api('GET', `/tickets/${ticket.id}/events`) })));
  socket.subscribe('me', (frame) => {
    const entry = tickets.get(frame.ticketId) || { ticket: frame.ticket, events: [] };
    if (frame.ticket) entry.ticket = frame.ticket;
    if (!entry.events.some((e) => e.seq === frame.seq)) {
      entry.events.push({ seq: frame.seq, type: frame.type, at: frame.at, actor: frame.actor, data: frame.data, internal: frame.internal });
    }
    entry.events.sort((a, b) => a.seq - b.seq);
    if (entry.ticket) tickets.set(frame.ticketId, entry);
    render();
  });
  const notice = (n) => el('p', { class: 'notice user-text' }, el('strong', {}, n.title), ' ', n.body);
  socket.onAnnouncement = (n) => { notices.prepend(notice(n)); };
  for (const n of (await api('GET', '/announcements')).items) notices.append(notice(n));
  function drawServices() {
    serviceList.replaceChildren(...services.items.map((s) => el('details', {}, el('summary', {}, nameOf(s, s.code)),
      el('p', { class: 'muted user-text' }, s.eligibility || ''), el('ul', { class: 'user-text' }, s.materials.map((m) => el('li', {}, m))))));
  }
  drawServices();

  function render() {
    const sorted = [...tickets.values()].filter((x) => x.ticket).sort((a, b) => String(b.ticket.createdAt).localeCompare(String(a.ticket.createdAt)));
    list.dataset.empty = t('noRequests');
    keyed(list, sorted, (x) => x.ticket.id, (x) => `${x.ticket.version}:${x.events.length}`, ({ ticket, events }) => {
      const code = ticket.category || ticket.serviceCode;
      return el('article', { class: `ticket ${ticket.priority}`, 'data-ticket': ticket.id, 'data-status': ticket.status },
        el('div', { class: 'row' }, el('span', { class: 'num' }, ticket.number), el('span', { class: 'badge' }, categoryName(code)),
          el('span', { class: 'badge status' }, `${t('statusNow')}: ${statusLabel(ticket.status)}`)),
        ticket.following ? el('p', { class: 'muted', 'data-t': 'follower' }) : el('p', { class: 'desc user-text' }, ticket.description),
        ticket.address ? el('p', { class: 'muted user-text' }, ticket.address) : null,
        photoStrip(ticket.id, events), timelineView(events), rateForm(ticket));
    });
  }
  rerender = () => { drawCategories(); describePlace(); drawServices(); lookNearby(); render(); translate(); };

  // tickets with a rating or reopening on its way: their buttons stay disabled through any re-render,
  // so a second tap (or a live update redrawing the card under the finger) cannot send it twice
  const sending = new Set();

  /** Rating and reopening, as far as the server offers them; null when it offers neither. */
  function rateForm(ticket) {
    if (!can(ticket, 'rate') && !can(ticket, 'reopen')) return null;
    const comment = el('input', { 'data-tp': 'comment', class: 'grow', maxlength: 500, 'aria-label': t('comment') });
    const msg = el('p', { class: 'error', role: 'alert' });
    const refused = (e) => { msg.textContent = e instanceof ApiError ? [e.message, ...Object.values(e.fields)].join(' · ') : e.message; };
    const send = (action, body) => async () => {
      if (sending.has(ticket.id)) return;
      sending.add(ticket.id);
      form.querySelectorAll('button').forEach((b) => { b.disabled = true; });
      try { await act(ticket.id, action, body()); } catch (e) { refused(e); } finally { sending.delete(ticket.id); render(); }
    };
    const busy = sending.has(ticket.id);
    const rate = (rating) => send('rate', () => ({ rating, comment: comment.value || undefined }));
    const form = el('div', {}, el('div', { class: 'row' },
      can(ticket, 'rate') ? [
        el('button', { type: 'button', class: 'rate-good', onclick: rate('good'), 'data-t': 'good', disabled: busy }),
        el('button', { type: 'button', class: 'rate-neutral', onclick: rate('neutral'), 'data-t': 'neutral', disabled: busy }),
        el('button', { type: 'button', class: 'rate-bad', onclick: rate('bad'), 'data-t': 'bad', disabled: busy })] : null,
      comment,
      can(ticket, 'reopen') ? el('button', { type: 'button', class: 'reopen', 'data-t': 'reopen', disabled: busy,
        onclick: send('reopen', () => ({ reason: comment.value || t('reopen') })) }) : null), msg);
    return form;
  }

  // a request opened by its link (one sent, or a tapped notification's, also while the page is open):
  // only one's own opens
  async function openLinked() {
    document.getElementById('not-found')?.remove();
    const wanted = new URLSearchParams(location.hash.slice(1)).get('ticket');
    if (wanted && !tickets.has(wanted)) {
      try {
        const ticket = await api('GET', `/tickets/${encodeURIComponent(wanted)}`);
        tickets.set(ticket.id, { ticket, events: await api('GET', `/tickets/${ticket.id}/events`) });
      } catch (e) { list.before(el('p', { class: 'error', id: 'not-found', role: 'alert', 'data-t': 'notFound' }, t('notFound'))); }
    }
    render();
    if (wanted) list.querySelector(`[data-ticket="${CSS.escape(wanted)}"]`)?.scrollIntoView({ block: 'start' });
  }
  await openLinked();
  window.addEventListener('hashchange', openLinked);
}

start();
