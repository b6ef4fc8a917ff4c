// The residents' page: sign in with a code, one-tap call with a point on the map, my requests with
// live timelines, rating and reopening, notices and one-window services.
import { api, act, can, el, t, translate, languageButton, session, connect, timelineView, gridMap, ApiError, keyed } from './app.js';

const main = document.getElementById('main');
const tools = document.getElementById('tools');

async function signIn() {
  const s = session.get();
  if (s && s.user.role === 'resident') return s;
  return new Promise((resolve) => {
    const phone = el('input', { id: 'phone', type: 'tel', inputmode: 'numeric', autocomplete: 'tel', 'data-tp': 'phone' });
    const code = el('input', { id: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', 'data-tp': 'code' });
    const error = el('p', { class: 'error', role: 'alert', id: 'login-error' });
    const getCode = el('button', { type: 'button', id: 'get-code', 'data-t': 'getCode' });
    const form = el('form', { id: 'login' }, el('h2', { 'data-t': 'signIn' }),
      el('label', { for: 'phone', 'data-t': 'phone' }), phone, getCode,
      el('label', { for: 'code', 'data-t': 'code' }), code, error,
      el('button', { type: 'submit', class: 'primary', 'data-t': 'signIn' }));
    main.replaceChildren(el('section', { class: 'card' }, form));
    translate();
    getCode.addEventListener('click', async () => {
      error.textContent = '';
      try {
        const r = await api('POST', '/auth/resident/code', { phone: phone.value.trim() });
        if (r.devCode) code.value = r.devCode; // demo mode: the code is in the answer
      } catch (e) { error.textContent = e.describe ? e.describe() : e.message; }
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const r = await api('POST', '/auth/resident/login', { phone: phone.value.trim(), code: code.value.trim() });
        session.set(r);
        resolve(r);
      } catch (e) { error.textContent = e.describe ? e.describe() : e.message; }
    });
    phone.focus();
  });
}

async function start() {
  tools.replaceChildren(languageButton(() => render()));
  await signIn();
  const socket = connect(document.getElementById('state'));
  const tickets = new Map(); // id -> {ticket, events}

  const category = el('select', { id: 'category' });
  const description = el('textarea', { id: 'description', maxlength: 2000 });
  const address = el('input', { id: 'address', maxlength: 200 });
  const photo = el('input', { id: 'photo', type: 'file', accept: 'image/*' });
  const where = el('p', { class: 'muted', id: 'where' });
  const error = el('p', { class: 'error', role: 'alert', id: 'report-error' });
  const nearby = el('div', { id: 'nearby', 'aria-live': 'polite' });
  const mapBox = el('div', { class: 'map', id: 'map', role: 'application', 'aria-label': t('location') });
  let point = null;
  let marker = null;

  const list = el('div', { id: 'my-requests' });
  const notices = el('div', { id: 'notices' });
  const services = el('div', { id: 'services' });
  const report = el('form', { id: 'report', novalidate: true },
    el('label', { for: 'category', 'data-t': 'category' }), category,
    el('label', { for: 'description', 'data-t': 'description' }), description, nearby,
    el('label', { 'data-t': 'location' }),
    el('div', { class: 'row' }, el('button', { type: 'button', id: 'locate', 'data-t': 'useMyLocation' }), el('span', { class: 'muted', 'data-t': 'pickOnMap' })),
    mapBox, where,
    el('label', { for: 'address', 'data-t': 'address' }), address,
    el('label', { for: 'photo', 'data-t': 'photo' }), photo, error,
    el('button', { type: 'submit', class: 'call', id: 'call', 'data-t': 'call' }));
  main.replaceChildren(
    el('section', { class: 'card' }, report),
    el('section', { class: 'card' }, el('h2', { 'data-t': 'myRequests' }), list),
    el('section', { class: 'card' }, el('h2', { 'data-t': 'announcements' }), notices),
    el('section', { class: 'card' }, el('h2', { 'data-t': 'services' }), services));
  translate();

  const cats = await api('GET', '/categories');
  for (const c of cats.items) category.append(el('option', { value: c.code }, `${c.name} / ${c.nameEn}`));
  const { map } = await gridMap(mapBox, { onClick: (ll) => setPoint(ll.lat, ll.lng) });
  function setPoint(lat, lon) {
    point = { lat, lon };
    if (marker) marker.setLatLng([lat, lon]); else marker = L.marker([lat, lon]).addTo(map);
    where.textContent = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
    lookNearby();
  }
  document.getElementById('locate').addEventListener('click', () => navigator.geolocation.getCurrentPosition(
    (p) => setPoint(p.coords.latitude, p.coords.longitude), () => { error.textContent = t('pickOnMap'); }));

  let nearbyTimer;
  function lookNearby() {
    clearTimeout(nearbyTimer);
    nearbyTimer = setTimeout(async () => {
      if (!point) return;
      const r = await api('GET', `/tickets/nearby?lat=${point.lat}&lon=${point.lon}&category=${encodeURIComponent(category.value)}`);
      nearby.replaceChildren(...(r.items.length ? [el('p', { class: 'notice', 'data-t': 'nearby' }),
        ...r.items.map((n) => el('p', { class: 'muted' }, [n.number, n.description, `≤ ${n.distanceMeters} m`].filter(Boolean).join(' · ')))] : []));
      translate(nearby);
    }, 400);
  }
  description.addEventListener('input', lookNearby);
  category.addEventListener('change', lookNearby);

  const callButton = report.querySelector('#call');
  report.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (callButton.disabled) return; // a second tap while the first is on its way
    callButton.disabled = true;
    error.textContent = '';
    const body = { category: category.value, description: description.value };
    if (point) body.location = point;
    if (address.value.trim()) body.address = address.value.trim();
    try {
      const ticket = await api('POST', '/tickets', body);
      if (photo.files[0]) {
        const form = new FormData();
        form.append('file', photo.files[0]);
        await api('POST', `/tickets/${ticket.id}/attachments`, form);
      }
      description.value = ''; address.value = ''; photo.value = ''; nearby.replaceChildren();
      tickets.set(ticket.id, { ticket, events: await api('GET', `/tickets/${ticket.id}/events`) });
      render();
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.describe() : e.message;
    } finally {
      callButton.disabled = false;
    }
  });

  // my requests, kept live by the "me" feed
  const mine = await api('GET', '/tickets?mine=true&limit=50');
  for (const ticket of mine.items) tickets.set(ticket.id, { ticket, events: await api('GET', `/tickets/${ticket.id}/events`) });
  socket.subscribe('me', (frame) => {
    const entry = tickets.get(frame.ticketId) || { ticket: frame.ticket, events: [] };
    if (frame.ticket) entry.ticket = frame.ticket;
    if (!entry.events.some((e) => e.seq === frame.seq)) entry.events.push({ seq: frame.seq, type: frame.type, at: frame.at, actor: frame.actor, data: frame.data });
    entry.events.sort((a, b) => a.seq - b.seq);
    if (entry.ticket) tickets.set(frame.ticketId, entry);
    render();
  });
  socket.onAnnouncement = (n) => { notices.prepend(el('p', { class: 'notice' }, el('strong', {}, n.title), ' ', n.body)); };
  for (const n of (await api('GET', '/announcements')).items) notices.append(el('p', { class: 'notice' }, el('strong', {}, n.title), ' ', n.body));
  for (const s of (await api('GET', '/services')).items) {
    services.append(el('details', {}, el('summary', {}, `${s.name} / ${s.nameEn}`),
      el('p', { class: 'muted' }, s.eligibility || ''), el('ul', {}, s.materials.map((m) => el('li', {}, m)))));
  }

  function render() {
    const sorted = [...tickets.values()].sort((a, b) => b.ticket.createdAt.localeCompare(a.ticket.createdAt));
    keyed(list, sorted, (x) => x.ticket.id, (x) => `${x.ticket.version}:${x.events.length}`, ({ ticket, events }) => {
      return el('article', { class: `ticket ${ticket.priority}`, 'data-ticket': ticket.id, 'data-status': ticket.status },
        el('div', { class: 'row' }, el('span', { class: 'num' }, ticket.number), el('span', { class: 'badge status' }, t(ticket.status) || ticket.status)),
        el('p', { class: 'desc' }, ticket.description), timelineView(events), rateForm(ticket));
    });
  }

  /** Rating and reopening, as far as the server offers them; null when it offers neither. */
  function rateForm(ticket) {
    if (!can(ticket, 'rate') && !can(ticket, 'reopen')) return null;
    const comment = el('input', { 'data-tp': 'comment', class: 'grow', maxlength: 500 });
    const msg = el('p', { class: 'error', role: 'alert' });
    const rate = (rating) => async () => {
      try { await act(ticket.id, 'rate', { rating, comment: comment.value || undefined }); } catch (e) { msg.textContent = e.describe(); }
    };
    return el('div', {}, el('div', { class: 'row' },
      can(ticket, 'rate') ? [
        el('button', { type: 'button', class: 'rate-good', onclick: rate('good'), 'data-t': 'good' }),
        el('button', { type: 'button', class: 'rate-neutral', onclick: rate('neutral'), 'data-t': 'neutral' }),
        el('button', { type: 'button', class: 'rate-bad', onclick: rate('bad'), 'data-t': 'bad' })] : null,
      comment,
      can(ticket, 'reopen') ? el('button', { type: 'button', class: 'reopen', 'data-t': 'reopen', onclick: async () => {
        try { await act(ticket.id, 'reopen', { reason: comment.value || t('reopen') }); } catch (e) { msg.textContent = e.describe(); }
      } }) : null), msg);
  }

  // a request opened by its link: only one's own opens
  const wanted = new URLSearchParams(location.hash.slice(1)).get('ticket');
  if (wanted && !tickets.has(wanted)) {
    try {
      const ticket = await api('GET', `/tickets/${encodeURIComponent(wanted)}`);
      tickets.set(ticket.id, { ticket, events: await api('GET', `/tickets/${ticket.id}/events`) });
    } catch (e) { list.before(el('p', { class: 'error', id: 'not-found', role: 'alert' }, t('notFound'))); }
  }
  render();
}

start();
