// The department desk (desk and phone): the tickets whistled to the department with their category
// names, both deadlines labelled (report-in, resolve), the place on a map, the contact while the
// department handles the ticket, photos, report-in / finish / resolve, a history of what it finished,
// and a banner with a sound when a new call comes in.
import {
  el, act, api, can, t, lang, translate, languageButton, connect, staffLogin, vocabulary, catalogueEntries, nameOf,
  countdown, keyed, timelineView, photoStrip, playAlert, gridMap, addText, statusLabel,
} from './app.js';
import { inlineForm } from './queue.js';

addText({
  zh: {
    deptTitle: '部门工作台', reportBy: '报到时限', resolveBy: '办结时限', reportedAt: '已报到', finishedAt: '本部门已完成',
    contact: '联系人', place: '位置', onMap: '在地图上看', history: '本部门办过的工单', noHistory: '还没有办过的工单',
    newCall: '新的呼叫（吹哨）！', callAgain: '再次呼叫本部门：', doneNotice: '已办结', partDone: '本部门部分已完成',
    finishPart: '本部门完成', deptQueue: '待本部门处理', noQueue: '暂无待处理的呼叫', loading: '正在加载…', mapTitle: '地图',
    dismiss: '知道了', reopenedCall: '工单被重新打开：', internal: '内部处理',
  },
  en: {
    deptTitle: 'Department desk', reportBy: 'Report in by', resolveBy: 'Resolve by', reportedAt: 'Reported in', finishedAt: 'Our part done',
    contact: 'Contact', place: 'Place', onMap: 'Show on map', history: 'What we handled', noHistory: 'Nothing handled yet',
    newCall: 'New call (whistle)!', callAgain: 'Our department is called again: ', doneNotice: 'Resolved', partDone: 'Our part is done',
    finishPart: 'Our part done', deptQueue: 'Waiting for us', noQueue: 'No calls waiting', loading: 'Loading…', mapTitle: 'Map',
    dismiss: 'OK', reopenedCall: 'Ticket reopened: ', internal: 'Internal step',
  },
});

const main = document.getElementById('main');
const title = document.getElementById('title');
let redraw = () => {};
let deptName = '';
function retitle() {
  title.textContent = deptName ? `${t('deptTitle')} · ${deptName}` : t('deptTitle');
  document.title = t('deptTitle');
}
retitle();
document.getElementById('tools').replaceChildren(languageButton(() => { retitle(); redraw(); }));

const time = (iso) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

async function start() {
  const s = await staffLogin(main, ['dept_staff']);
  const me = s.user.deptId;
  const alerts = el('div', { id: 'alerts', 'aria-live': 'assertive' });
  const list = el('div', { id: 'queue' });
  const history = el('ol', { id: 'history', class: 'history' });
  const mapBox = el('div', { class: 'map', id: 'map', role: 'application' });
  main.replaceChildren(alerts, el('div', { class: 'grid2 desk' },
    el('section', { class: 'card' }, el('h2', { 'data-t': 'deptQueue' }), list),
    el('div', {},
      el('section', { class: 'card' }, el('h2', { 'data-t': 'mapTitle' }), mapBox),
      el('section', { class: 'card' }, el('h2', { 'data-t': 'history' }), history))));
  list.dataset.empty = t('loading');
  translate();

  const [{ open }, entries, departments] = await Promise.all([vocabulary(), catalogueEntries(), api('GET', '/departments')]);
  const dept = departments.items.find((d) => d.id === me);
  deptName = dept ? nameOf(dept, me) : me;
  retitle();
  const { map, grids } = await gridMap(mapBox);
  const gridName = (id) => {
    const f = grids.features.find((x) => x.properties.id === id);
    return f ? (lang === 'en' && f.properties.nameEn ? f.properties.nameEn : f.properties.name) : '';
  };
  const openStates = new Set(open);
  const tickets = new Map();
  const events = new Map();
  const markers = new Map();
  const mine = (x) => (x.departments || []).find((d) => d.deptId === me);
  // on our desk: still open, and our department is called and has not finished nor been released
  const onDesk = (x) => { const d = mine(x); return openStates.has(x.status) && d && !d.finishedAt && !d.releasedAt; };
  const handled = (x) => { const d = mine(x); return d && (d.finishedAt || (!openStates.has(x.status) && d.reportedAt)); };

  async function loadEvents(id) {
    events.set(id, await api('GET', `/tickets/${id}/events`));
  }
  function put(ticket) {
    if (!ticket) return;
    tickets.set(ticket.id, ticket);
    const marker = markers.get(ticket.id);
    if (onDesk(ticket) && ticket.location) {
      if (marker) marker.setLatLng([ticket.location.lat, ticket.location.lon]);
      else markers.set(ticket.id, L.circleMarker([ticket.location.lat, ticket.location.lon], { radius: 8, color: '#c62828' }).addTo(map).bindTooltip(ticket.number));
    } else if (marker) { marker.remove(); markers.delete(ticket.id); }
  }
  const categoryOf = (x) => nameOf(entries[x.category || x.serviceCode], x.category || x.serviceCode);

  function deadlines(x) {
    const d = mine(x) || {};
    const badge = (cls, label, iso) => {
      const late = iso && new Date(iso) < Date.now();
      return el('span', { class: `badge deadline ${cls} ${late ? 'overdue' : ''}`, 'data-deadline': iso || '' }, `${t(label)} · ${countdown(iso)}`);
    };
    return el('div', { class: 'row deadlines' },
      d.reportedAt ? el('span', { class: 'badge reported' }, `${t('reportedAt')} ${time(d.reportedAt)}`) : badge('report-by', 'reportBy', d.reportBy),
      x.deadlines && x.deadlines.resolveBy ? badge('resolve-by', 'resolveBy', x.deadlines.resolveBy) : null);
  }

  function actions(x) {
    const d = mine(x) || {};
    const out = [];
    const done = (ticket, notice) => {
      put(ticket);
      alerts.prepend(el('div', { class: 'done', role: 'status' }, `${t(notice)} · ${ticket.number}`));
      loadEvents(ticket.id).then(draw);
      draw();
    };
    if (can(x, 'report') && !d.reportedAt) {
      out.push(inlineForm('report', 'note', async (note) => { put(await act(x.id, 'report', { note: note || undefined })); await loadEvents(x.id); draw(); }));
    }
    if (can(x, 'resolve') && (d.reportedAt || x.status !== 'whistled')) {
      out.push(inlineForm('resolve', 'note', async (note) => done(await act(x.id, 'resolve', { note }), 'doneNotice')));
    }
    if (can(x, 'finish') && d.reportedAt) {
      out.push(el('button', { type: 'button', class: 'finish', 'data-t': 'finishPart', onclick: async () => done(await act(x.id, 'finish', {}), 'partDone') }));
    }
    return out;
  }

  function card(x) {
    const handling = onDesk(x);
    const c = x.contact || {};
    const evs = events.get(x.id) || [];
    return el('article', { class: `ticket ${x.priority}`, 'data-ticket': x.id, 'data-status': x.status, tabindex: 0 },
      el('div', { class: 'row' }, el('span', { class: 'num' }, x.number), el('span', { class: 'badge category' }, categoryOf(x)),
        el('span', { class: 'badge status' }, statusLabel(x.status))),
      deadlines(x),
      el('p', { class: 'desc user-text' }, x.description),
      el('p', { class: 'muted place' }, `${t('place')}: `, el('span', { class: 'name' }, gridName(x.gridId)),
        x.address ? [' · ', el('span', { class: 'user-text' }, x.address)] : null,
        x.location ? [' ', el('button', { type: 'button', class: 'link on-map', 'data-t': 'onMap', onclick: () => map.flyTo([x.location.lat, x.location.lon], 17) })] : null),
      handling && (c.name || c.phone) ? el('p', { class: 'contact' }, `${t('contact')}: `, el('span', { class: 'name' }, c.name || ''), ' ',
        c.phone ? el('a', { href: `tel:${c.phone}`, class: 'phone' }, c.phone) : null) : null,
      photoStrip(x.id, evs),
      el('div', { class: 'row actions' }, actions(x)),
      timelineView(evs));
  }

  function draw() {
    const desk = [...tickets.values()].filter(onDesk)
      .sort((a, b) => String((mine(a) || {}).reportBy || a.deadlines.resolveBy).localeCompare(String((mine(b) || {}).reportBy || b.deadlines.resolveBy)));
    list.dataset.empty = t('noQueue');
    keyed(list, desk, (x) => x.id, (x) => `${x.version}:${(events.get(x.id) || []).length}`, card);
    const past = [...tickets.values()].filter(handled)
      .sort((a, b) => String((mine(b) || {}).finishedAt || b.updatedAt).localeCompare(String((mine(a) || {}).finishedAt || a.updatedAt)));
    history.dataset.empty = t('noHistory');
    history.replaceChildren(...past.slice(0, 50).map((x) => el('li', { 'data-ticket': x.id },
      el('span', { class: 'num' }, x.number), ' · ', categoryOf(x), ' · ', statusLabel(x.status),
      (mine(x) || {}).finishedAt ? ` · ${t('finishedAt')} ${time(mine(x).finishedAt)}` : '')));
    translate(main);
  }
  redraw = draw;

  const all = (await api('GET', `/tickets?deptId=${encodeURIComponent(me)}&limit=200`)).items;
  all.forEach(put);
  await Promise.all(all.filter(onDesk).map((x) => loadEvents(x.id)));
  draw();
  setInterval(() => list.querySelectorAll('[data-deadline]').forEach((b) => {
    const label = b.classList.contains('report-by') ? 'reportBy' : 'resolveBy';
    if (b.dataset.deadline) b.textContent = `${t(label)} · ${countdown(b.dataset.deadline)}`;
  }), 30000);

  const socket = connect(document.getElementById('state'));
  const alerted = new Set();
  socket.subscribe(`dept:${me}`, (frame) => {
    if (!frame.ticket) return;
    put(frame.ticket);
    const known = events.get(frame.ticketId);
    if (known) {
      if (!known.some((e) => e.seq === frame.seq)) known.push({ seq: frame.seq, type: frame.type, at: frame.at, actor: frame.actor, data: frame.data });
      known.sort((a, b) => a.seq - b.seq);
    } else if (onDesk(frame.ticket)) {
      loadEvents(frame.ticketId).then(draw); // the whole timeline (photos included) of a ticket new on the desk
    }
    // a new call of our department: a banner that stays until dismissed, and a sound
    const called = frame.type === 'whistled' && frame.data && (frame.data.deptIds || []).includes(me);
    const key = `${frame.ticketId}#${frame.seq}`;
    if (called && !alerted.has(key)) {
      alerted.add(key);
      const banner = el('div', { class: 'alert', id: 'new-call', role: 'alert' }, `${t('newCall')} ${frame.ticket.number} · ${categoryOf(frame.ticket)}`,
        ' ', el('button', { type: 'button', 'data-t': 'dismiss', onclick: () => banner.remove() }));
      alerts.querySelector('#new-call')?.remove();
      alerts.prepend(banner);
      playAlert();
    }
    draw();
  });
}

start();
