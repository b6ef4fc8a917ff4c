// The grid-worker terminal: a live queue of the worker's grids with a sound and an alert for each new
// ticket, countdowns, and accept / comment / whistle / return / resolve; a map of the grids.
import { api, act, can, el, t, translate, languageButton, connect, staffLogin, gridMap, playAlert, vocabulary, catalogueEntries } from './app.js';
import { Queue, inlineForm } from './queue.js';

const main = document.getElementById('main');
document.getElementById('title').textContent = '网格员终端 · Grid worker';
document.getElementById('tools').replaceChildren(languageButton(() => queue && queue.render()));
let queue;

async function start() {
  const s = await staffLogin(main, ['grid_worker']);
  const alertBox = el('div', { id: 'alert', role: 'alert', 'aria-live': 'assertive' });
  const list = el('div', { id: 'queue' });
  const mapBox = el('div', { class: 'map', id: 'map' });
  main.replaceChildren(el('div', { class: 'grid2' },
    el('section', { class: 'card' }, el('h2', { 'data-t': 'queue' }), alertBox, list),
    el('section', { class: 'card' }, el('h2', { 'data-t': 'map' }), mapBox)));
  translate();
  const departments = (await api('GET', '/departments')).items;
  const vocab = await vocabulary();

  queue = new Queue(list, {
    entries: await catalogueEntries(),
    open: vocab.open,
    actionsFor: (ticket) => actions(ticket, departments),
    deadlineOf: (x) => (vocab.awaitingResponse.includes(x.status) ? x.deadlines.respondBy : x.deadlines.resolveBy),
  });
  const { map } = await gridMap(mapBox, { style: (f) => ({ color: '#37474f', weight: 1, fillOpacity: s.user.gridIds.includes(f.properties.id) ? 0.45 : 0.08, fillColor: '#90caf9' }) });
  const markers = new Map();
  const place = (x) => {
    if (!x.location) return;
    if (!markers.has(x.id)) markers.set(x.id, L.circleMarker([x.location.lat, x.location.lon], { radius: 7, color: '#c62828' }).addTo(map).bindTooltip(x.number));
  };
  const held = await api('GET', `/tickets?status=${vocab.workload.join(',')}&limit=200`); // on a worker's hands
  held.items.forEach((x) => { queue.put(x); place(x); });
  queue.render();

  const socket = connect(document.getElementById('state'));
  const alerted = new Set(held.items.map((x) => x.id));
  const onEvent = (frame) => {
    if (!frame.ticket) return;
    // a ticket newly given to this worker (it may arrive on a grid topic and on "me": alert once)
    const isNew = ['assigned', 'reassigned'].includes(frame.type) && frame.ticket.assigneeId === s.user.id && !alerted.has(frame.ticketId);
    if (isNew) alerted.add(frame.ticketId);
    // a reopened ticket comes back like a new one (once per reopening, whichever topic brings it)
    const isBack = frame.type === 'reopened' && frame.ticket.assigneeId === s.user.id && !alerted.has(`${frame.ticketId}#${frame.seq}`);
    if (isBack) {
      alerted.add(`${frame.ticketId}#${frame.seq}`);
      alertBox.replaceChildren(el('div', { class: 'alert', id: 'reopened-ticket' }, `${t('reopenedTicket')} ${frame.ticket.number} · ${frame.ticket.description}`));
      playAlert();
    }
    queue.put(frame.ticket);
    place(frame.ticket);
    if (queue.events.has(frame.ticketId)) queue.events.get(frame.ticketId).push(frame);
    if (isNew) {
      alertBox.replaceChildren(el('div', { class: 'alert', id: 'new-ticket' }, `${t('newTicket')} ${frame.ticket.number} · ${frame.ticket.description}`));
      playAlert();
    }
    queue.render();
  };
  for (const grid of s.user.gridIds) socket.subscribe(`grid:${grid}`, onEvent);
  socket.subscribe('me', onEvent);
}

function actions(ticket, departments) {
  const out = [];
  const refresh = (x) => { queue.put(x); queue.render(); };
  if (can(ticket, 'accept')) {
    out.push(el('button', { type: 'button', class: 'primary accept', 'data-t': 'accept', onclick: async () => refresh(await act(ticket.id, 'accept')) }));
  }
  if (can(ticket, 'whistle')) {
    const select = el('select', { class: 'dept', 'aria-label': t('departments') }, departments.map((d) => el('option', { value: d.id }, d.name)));
    out.push(inlineForm('whistle', 'note', async (note) => refresh(await act(ticket.id, 'whistle', { deptIds: [select.value], note: note || undefined })), select));
  }
  if (can(ticket, 'resolve')) {
    const photo = can(ticket, 'attach') ? el('input', { type: 'file', accept: 'image/*', class: 'after-photo', 'aria-label': t('photo') }) : null;
    out.push(inlineForm('resolve', 'note', async (note) => {
      if (photo?.files[0]) { // the "after" photo goes with the resolution
        const form = new FormData();
        form.append('file', photo.files[0]);
        form.append('phase', 'after');
        await api('POST', `/tickets/${ticket.id}/attachments`, form);
      }
      refresh(await act(ticket.id, 'resolve', { note }));
    }, photo));
  }
  if (can(ticket, 'return')) {
    out.push(inlineForm('returnTicket', 'reason', async (reason) => refresh(await act(ticket.id, 'return', { reason }))));
  }
  if (can(ticket, 'comment')) out.push(inlineForm('send', 'comment', async (text) => { await act(ticket.id, 'comment', { text }); }));
  return out;
}

start();
