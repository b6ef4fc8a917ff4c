// The department desk: tickets whistled to the department, report-in and resolve, their deadlines.
import { el, act, api, can, translate, languageButton, connect, staffLogin, vocabulary, catalogueEntries } from './app.js';
import { Queue, inlineForm } from './queue.js';

const main = document.getElementById('main');
document.getElementById('title').textContent = '部门工作台 · Department desk';
let queue;
document.getElementById('tools').replaceChildren(languageButton(() => queue && queue.render()));

async function start() {
  const s = await staffLogin(main, ['dept_staff']);
  const list = el('div', { id: 'queue' });
  main.replaceChildren(el('section', { class: 'card' }, el('h2', { 'data-t': 'queue' }), list));
  translate();
  const mine = (x) => (x.departments || []).find((d) => d.deptId === s.user.deptId);
  const { open } = await vocabulary();
  queue = new Queue(list, {
    entries: await catalogueEntries(),
    open,
    actionsFor: (ticket) => {
      const reported = !!mine(ticket)?.reportedAt;
      const refresh = (x) => { queue.put(x); queue.render(); };
      const out = [];
      // the desk reports in first, then resolves: one form at a time (the server refuses the other)
      if (can(ticket, 'report') && !reported) {
        out.push(inlineForm('report', 'note', async (note) => refresh(await act(ticket.id, 'report', { note: note || undefined }))));
      }
      if (can(ticket, 'resolve') && reported) {
        out.push(inlineForm('resolve', 'note', async (note) => refresh(await act(ticket.id, 'resolve', { note }))));
      }
      return out;
    },
    deadlineOf: (x) => { const d = mine(x); return d && !d.reportedAt ? d.reportBy : x.deadlines.resolveBy; },
  });
  (await api('GET', `/tickets?deptId=${encodeURIComponent(s.user.deptId)}&limit=200`)).items.forEach((x) => queue.put(x));
  queue.render();
  const socket = connect(document.getElementById('state'));
  socket.subscribe(`dept:${s.user.deptId}`, (frame) => { queue.put(frame.ticket); queue.render(); });
}

start();
