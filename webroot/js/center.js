// The command centre's screen: grids coloured by open load and overdue tickets, the live feed of
// every event, the dispatch queue (unrouted, returned, possible duplicates), the supervision board,
// the totals and the three rates, all kept live.
import {
  api, act, can, el, t, lang, translate, languageButton, connect, staffLogin, gridMap, eventLabel, vocabulary, addText, catalogueEntries, nameOf,
  statusLabel, locale, nameSpan, userText, plural,
} from './app.js';
import { inlineForm } from './queue.js';
import { desk } from './desk.js';
import { reasonLines, markIncident } from './duplicates.js';

const main = document.getElementById('main');
const retitle = () => { document.getElementById('title').textContent = t('centreTitle'); document.title = t('centreTitle'); };
// a switch of language draws the page afresh: forms, lists and the map's labels all in the new language
// the monthly report's link: a chart and its words (the chart alone on a phone, its words still read out)
document.getElementById('tools').replaceChildren(
  el('a', { href: '/report.html', id: 'report-link' }, chartIcon(), el('span', { class: 'label', 'data-t': 'monthlyReport' })),
  languageButton(() => location.reload()));

addText({
  zh: { monthlyReport: '月度报告', duty: '今日值班', dutyNext: '新工单将派给', dutyNobody: '无人值班：进中心待分派', dutyBackup: 'AB岗',
    centreTitle: '综治中心', clock_respond: '响应时限', clock_resolve: '办结时限', clock_report_in: '报到时限', minLate: '分钟超时',
    overdueCount: '超时', atRisk: '即将超时', emptyDispatch: '没有待分派的工单', emptyBoard: '没有超时工单', loadFailed: '加载失败',
    webhooks: '对外推送', webhooksEmpty: '没有配置推送（webhook）', whWaiting: '待送', whFailed: '失败', whOldest: '最久等待',
    whLast: '对方上次应答', whNoAnswer: '无应答', whAttempts: '{n} 次尝试', whAll: '合计', whAllAccounts: '全部工单', whAccount: '仅某接口账号',
    ageSeconds: '{n} 秒', ageMinutes: '{n} 分钟', ageHours: '{n} 小时', ageDays: '{n} 天',
    whDead: '投递失败（已停止重试）', whRetry: '重发', whRetrying: '正在重发…', whRetried: '已重新排队', whRetryFailed: '重发失败',
    whMore: '还有 {n} 条未列出', whRetryAdmin: '重发需由指挥中心值班员或管理员操作',
    feedGap: '离线期间的变动太多，未逐条列出；各列表已刷新' },
  en: { monthlyReport: 'Monthly report', duty: 'On duty now', dutyNext: 'next ticket goes to', dutyNobody: 'nobody on duty: the centre\'s queue', dutyBackup: 'backup',
    centreTitle: 'Command centre', clock_respond: 'response', clock_resolve: 'resolution', clock_report_in: 'report-in', minLate: 'min late',
    overdueCount: 'Overdue', atRisk: 'at risk', emptyDispatch: 'Nothing to dispatch', emptyBoard: 'Nothing overdue', loadFailed: 'Could not load',
    webhooks: 'Webhook deliveries', webhooksEmpty: 'No webhooks', whWaiting: 'waiting', whFailed: 'failed', whOldest: 'oldest waiting',
    whLast: 'last answer', whNoAnswer: 'no answer', whAttempts: '{n} tries', whAttempts_one: '{n} try', whAll: 'All', whAllAccounts: 'all tickets', whAccount: 'one account\'s',
    ageSeconds: '{n} s', ageMinutes: '{n} min', ageHours: '{n} h', ageDays: '{n} d',
    whDead: 'Failed for good (no more retries)', whRetry: 'Send again', whRetrying: 'Sending again…', whRetried: 'Queued again',
    whRetryFailed: 'Could not send again', whMore: '{n} more not listed', whRetryAdmin: 'A dispatcher or an admin sends these again',
    feedGap: 'Too many changes while offline to list one by one; the lists were reloaded' },
});
retitle();

const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);
// one decimal and the counts behind it: a single rating among hundreds still shows
const satisfaction = (s) => {
  const rated = s.ratings.good + s.ratings.neutral + s.ratings.bad;
  return s.satisfactionRate === null || s.satisfactionRate === undefined ? '–' : `${(s.satisfactionRate * 100).toFixed(1)}% (${s.ratings.good}/${rated})`;
};

async function start() {
  const signedIn = await staffLogin(main, ['dispatcher', 'supervisor', 'admin']);
  const kpis = el('div', { class: 'row', id: 'kpis' });
  const bars = el('div', { id: 'bars' });
  const days = el('div', { id: 'days', class: 'row', style: 'align-items:flex-end;margin:12px 0' });
  const groups = el('div', { class: 'grid2', id: 'groups' });
  const feed = el('ol', { class: 'feed timeline', id: 'feed', 'aria-live': 'polite' });
  const queue = el('div', { id: 'dispatch' });
  const board = el('div', { id: 'board' });
  const duty = el('div', { id: 'duty' });
  const hooks = el('div', { id: 'webhooks', 'aria-live': 'polite' });
  const mapBox = el('div', { class: 'map', id: 'map', style: 'height:420px' });
  const deskBox = el('div', { id: 'desk', class: 'grid2' });
  const byChannel = el('div', { id: 'by-channel', class: 'row muted' });
  main.replaceChildren(
    el('section', { class: 'card' }, el('h2', { 'data-t': 'totals' }), kpis, byChannel, days, bars, groups),
    el('div', { class: 'grid3' },
      el('section', { class: 'card' }, el('h2', { 'data-t': 'map' }), mapBox),
      el('section', { class: 'card' }, el('h2', { 'data-t': 'feed' }), feed),
      el('section', { class: 'card' }, el('h2', { 'data-t': 'supervision' }), board)),
    el('div', { class: 'grid3' },
      el('section', { class: 'card' }, el('h2', { 'data-t': 'dispatchQueue' }), queue),
      el('section', { class: 'card' }, el('h2', { 'data-t': 'duty' }), duty),
      el('section', { class: 'card', id: 'webhook-health' }, el('h2', { 'data-t': 'webhooks' }), hooks)),
    deskBox);
  translate();

  const grids = (await api('GET', '/grids')).features.map((f) => f.properties);
  const gridLabel = (g) => (lang === 'en' && g.nameEn ? g.nameEn : g.name);
  /** A grid by id as shown: its English name, or its own name marked as a name. */
  const gridPlace = (id) => {
    const g = grids.find((x) => x.id === id);
    if (!g) return nameSpan(id || '–');
    return lang === 'en' && g.nameEn ? g.nameEn : nameSpan(g.name);
  };
  const deptNames = Object.fromEntries((await api('GET', '/departments')).items.map((d) => [d.id, d]));
  const { open, workload } = await vocabulary();
  const unheld = open.filter((s) => !workload.includes(s)); // open but on no worker's hands: the centre's to dispatch
  const entries = await catalogueEntries();
  const categoryName = (code) => nameOf(entries[code], code);
  let load = {};
  const { map, layer } = await gridMap(mapBox, { style: (f) => gridStyle(load[f.properties.id]) });
  const counter = desk({ container: deskBox, role: signedIn.user.role, entries, grids, map, layer });

  async function loadStats() {
    const s = await api('GET', '/stats');
    load = Object.fromEntries(s.byGrid.map((g) => [g.gridId, g]));
    layer.setStyle((f) => gridStyle(load[f.properties.id]));
    kpis.replaceChildren(...[['received', s.received], ['resolved', s.resolved], ['overdue', s.overdue],
      ['responseRate', pct(s.responseRate)], ['resolutionRate', pct(s.resolutionRate)], ['satisfactionRate', satisfaction(s)],
      ['ratedShare', pct(s.ratedShare)], ['excludedRatings', s.excludedRatings], ['awaitingVisit', s.awaitingVisit]]
      .map(([k, v]) => el('div', { 'data-kpi': k }, el('div', { class: 'muted', 'data-t': k === 'overdue' ? 'overdueCount' : k }), el('div', { class: 'kpi' }, String(v)))));
    byChannel.replaceChildren(el('strong', { 'data-t': 'byChannel' }), ...Object.entries(s.ratingsByChannel || {}).map(([channel, r]) =>
      el('span', { 'data-channel': channel }, `${t(`channel_${channel}`)}: ${t('good')} ${r.good} · ${t('neutral')} ${r.neutral} · ${t('bad')} ${r.bad}`
        + (r.excluded ? ` (${t('excludedRatings')} ${r.excluded})` : '') + ` · ${pct(r.satisfactionRate)}`)));
    translate(byChannel);
    const max = Math.max(1, ...s.byCategory.map((c) => c.received));
    bars.replaceChildren(...s.byCategory.map((c) => el('div', { class: 'row' }, el('span', { style: 'width:12em' }, categoryName(c.category)),
      el('div', { class: 'bar', style: `width:${(c.received / max) * 60}%` }), el('span', {}, `${c.received} · ${pct(c.satisfactionRate)}`))));
    const rows = (list, key, name) => list.map((g) => el('div', { class: 'row' }, el('span', { style: 'width:9em' }, name(g[key])),
      el('span', {}, `${g.received} · ${pct(g.responseRate)} · ${pct(g.resolutionRate)} · ${pct(g.satisfactionRate)}`)));
    groups.replaceChildren(el('div', {}, el('h3', { 'data-t': 'grid' }), rows(s.byGrid, 'gridId', gridPlace)),
      el('div', {}, el('h3', { 'data-t': 'departments' }), rows(s.byDept, 'deptId', (id) => (lang === 'en' && !(deptNames[id] || {}).nameEn
        ? nameSpan(nameOf(deptNames[id], id)) : nameOf(deptNames[id], id)))));
    translate(kpis);
    translate(groups);
    loadDays();
  }

  /** Tickets received on each of the last seven days, as bars. */
  async function loadDays() {
    const today = new Date();
    const series = await Promise.all([...Array(7).keys()].reverse().map(async (back) => {
      const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back);
      const to = new Date(from.getFullYear(), from.getMonth(), from.getDate() + 1);
      const s = await api('GET', `/stats?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
      return { label: from.toLocaleDateString(locale(), { month: 'numeric', day: 'numeric' }), received: s.received };
    }));
    const max = Math.max(1, ...series.map((d) => d.received));
    days.replaceChildren(...series.map((d) => el('div', { style: 'text-align:center;width:4.5em' },
      el('small', {}, String(d.received)),
      el('div', { class: 'bar', style: `height:${Math.max(2, (d.received / max) * 80)}px;width:100%` }), el('small', {}, d.label))));
  }

  async function loadQueue() {
    const waiting = (await api('GET', `/tickets?status=${unheld.join(',')}&limit=100`)).items;
    const flagged = (await api('GET', `/tickets?status=${workload.join(',')}&limit=200`)).items.filter((x) => x.duplicateCandidates.length);
    queue.replaceChildren(...[...waiting, ...flagged].map((x) => {
      const forms = [];
      if (can(x, 'reassign')) {
        const gridSelect = el('select', { 'aria-label': t('grid') }, grids.map((g) => el('option', { value: g.id, class: lang === 'en' && !g.nameEn ? 'name' : null }, gridLabel(g))));
        forms.push(inlineForm('reassign', 'reason', async (reason) => { await act(x.id, 'reassign', { gridId: gridSelect.value, reason: reason || undefined }); loadQueue(); }, gridSelect));
      }
      if (x.duplicateCandidates.length) {
        if (can(x, 'merge')) forms.push(inlineForm('merge', 'numbers', async () => { await act(x.id, 'merge', { intoId: x.duplicateCandidates[0] }); loadQueue(); }));
        if (can(x, 'keep')) forms.push(el('button', { type: 'button', 'data-t': 'keep', onclick: async () => { await act(x.id, 'keep'); loadQueue(); } }));
      }
      return el('article', { class: `ticket ${x.priority}`, 'data-ticket': x.id },
        el('div', { class: 'row' }, el('span', { class: 'num' }, x.number), el('span', { class: 'badge category' }, categoryName(x.category || x.serviceCode)),
          el('span', { class: 'badge status' }, statusLabel(x.status)),
          x.returnReason ? userText(x.returnReason, 'span', { class: 'badge' }) : null),
        userText(x.description, 'p', { class: 'desc' }), x.address ? userText(x.address, 'p', { class: 'muted' }) : null,
        ...reasonLines(x), el('div', { class: 'row' }, forms));
    }));
    if (!queue.children.length) queue.append(el('p', { class: 'muted', 'data-t': 'emptyDispatch' }));
    translate(queue);
  }

  async function loadBoard() {
    const b = await api('GET', '/supervision');
    const lines = b.byGrid.flatMap((g) => g.overdue.map((i) => el('p', { class: 'notice' },
      gridPlace(g.gridId), ` · ${i.number} · ${t(`clock_${i.clock}`)} · ${i.minutesLate} ${t('minLate')}`)));
    board.replaceChildren(el('p', {}, `${t('overdue')}: ${b.overdue} · ${t('atRisk')}: ${b.atRisk}`),
      ...(lines.length ? lines : [el('p', { class: 'muted' }, t('emptyBoard'))]));
  }

  /** Who is on duty in each grid now, and whom a ticket filed now would go to (routing's own answer). */
  async function loadDuty() {
    const d = await api('GET', '/duty');
    const names = (people) => nameSpan(people.filter((p) => p.onDutyNow).map((p) => p.name).join(lang === 'zh' ? '、' : ', ') || '–');
    duty.replaceChildren(...d.items.map((g) => el('div', { class: 'row', 'data-grid': g.gridId },
      el('strong', { style: 'width:10em' }, gridPlace(g.gridId)),
      el('span', { class: 'grow' }, names(g.workers), g.backups.some((p) => p.onDutyNow) ? [` · ${t('dutyBackup')}: `, names(g.backups)] : ''),
      g.nextAssignee ? el('span', { class: 'muted' }, `${t('dutyNext')} `, nameSpan(g.nextAssignee.name))
        : el('span', { class: 'badge overdue' }, t('dutyNobody')))));
  }

  /**
   * Webhook delivery health (GET /admin/webhooks/health): per endpoint what waits, what failed for
   * good, how long the oldest has waited and what the receiver last answered.
   */
  async function loadWebhooks() {
    let h;
    try { h = await api('GET', '/admin/webhooks/health'); } catch (e) {
      hooks.replaceChildren(el('p', { class: 'error', role: 'alert', id: 'webhooks-error' }, `${t('loadFailed')}: ${e.describe ? e.describe() : e.message}`));
      return;
    }
    if (!h.items.length) { hooks.replaceChildren(el('p', { class: 'muted', id: 'webhooks-empty' }, t('webhooksEmpty'))); return; }
    hooks.replaceChildren(el('p', { id: 'webhooks-total' }, `${t('whAll')}: ${t('whWaiting')} ${h.pending} · ${t('whFailed')} ${h.failed}`),
      ...h.items.map((w) => el('article', { class: 'webhook', 'data-webhook': w.webhookId },
        el('div', { class: 'row' }, el('code', { class: 'endpoint grow' }, w.endpoint),
          el('span', { class: 'muted' }, w.accountId ? t('whAccount') : t('whAllAccounts'))),
        el('div', { class: 'row' },
          el('span', { class: 'badge waiting' }, `${t('whWaiting')} ${w.pending}`),
          el('span', { class: `badge failed ${w.failed ? 'overdue' : ''}` }, `${t('whFailed')} ${w.failed}`),
          w.oldestPendingSeconds !== undefined && w.oldestPendingSeconds !== null
            ? el('span', { class: 'oldest' }, `${t('whOldest')} ${age(w.oldestPendingSeconds)}`,
              w.attempts ? [` · ${plural('whAttempts', w.attempts)} · `, lastAnswer(w)] : null) : null),
        w.failed ? deadList(w) : null)));
  }

  /**
   * What the receiver last answered to a delivery that was tried ({lastStatus, lastError?}, the health's
   * oldest waiting one or a dead-lettered one): its HTTP status, or no answer (a timeout, a refused
   * connection; the error, where the record has it, beside it).
   */
  const lastAnswer = (d) => el('span', { class: 'answer' }, `${t('whLast')}: `,
    d.lastStatus ? `HTTP ${d.lastStatus}` : t('whNoAnswer'),
    !d.lastStatus && d.lastError ? [' ', el('code', { class: 'user-text' }, d.lastError)] : null);

  /**
   * The endpoint's dead-lettered deliveries (GET /admin/webhooks/{id}/deliveries?status=failed), each
   * with the button that sends it again (POST …/retry) for those who may; a row sent again leaves the list.
   */
  const mayRetry = ['dispatcher', 'admin'].includes(signedIn.user.role);
  function deadList(w) {
    const list = el('ul', { class: 'dead', 'aria-label': t('whDead') });
    const box = el('div', { class: 'dead-letters', 'data-webhook': w.webhookId }, el('h3', {}, t('whDead')), list,
      mayRetry ? null : el('p', { class: 'muted' }, t('whRetryAdmin')));
    api('GET', `/admin/webhooks/${encodeURIComponent(w.webhookId)}/deliveries?status=failed&limit=20`).then((page) => {
      list.replaceChildren(...page.items.map((d) => {
        const note = el('span', { class: 'muted note', role: 'status' });
        const button = mayRetry ? el('button', { type: 'button', class: 'retry', 'data-delivery': d.deliveryId }, t('whRetry')) : null;
        const row = el('li', { class: 'row', 'data-delivery': d.deliveryId },
          el('span', { class: 'num' }, d.ticketNumber || '–'), el('span', { class: 'grow' }, eventLabel(d.type)),
          el('span', { class: 'muted' }, `${plural('whAttempts', d.attempts)} · `, lastAnswer(d)), button, note);
        if (button) {
          button.addEventListener('click', async () => {
            button.disabled = true;
            note.textContent = t('whRetrying');
            try {
              await api('POST', `/admin/webhooks/${encodeURIComponent(w.webhookId)}/deliveries/${encodeURIComponent(d.deliveryId)}/retry`, {});
              row.remove();
              loadWebhooks();
            } catch (e) {
              button.disabled = false;
              note.textContent = `${t('whRetryFailed')}: ${e.message}`;
            }
          });
        }
        return row;
      }));
      if (w.failed > page.items.length) list.after(el('p', { class: 'muted' }, plural('whMore', w.failed - page.items.length)));
    }).catch((e) => { list.replaceChildren(el('li', { class: 'error', role: 'alert' }, `${t('loadFailed')}: ${e.message}`)); });
    return box;
  }
  const age = (seconds) => {
    const n = (key, v) => t(key).replace('{n}', Math.round(v));
    if (seconds < 120) return n('ageSeconds', seconds);
    if (seconds < 7200) return n('ageMinutes', seconds / 60);
    if (seconds < 172800) return n('ageHours', seconds / 3600);
    return n('ageDays', seconds / 86400);
  };

  await Promise.all([loadStats(), loadQueue(), loadBoard(), loadDuty(), loadWebhooks()]);
  setInterval(loadDuty, 60_000); // rosters turn over with the clock, not with events
  setInterval(loadWebhooks, 30_000); // deliveries are retried with the clock too

  let pending;
  const socket = connect(document.getElementById('state'));
  const reloadLists = () => { loadStats(); loadQueue(); loadBoard(); loadWebhooks(); counter.reload(); };
  socket.subscribe('center', (frame) => {
    feed.prepend(markIncident(el('li', { class: frame.type === 'unseen_alert' ? 'unseen-alert' : null }, `${new Date(frame.at).toLocaleTimeString(locale())} · ${frame.ticket ? frame.ticket.number : frame.ticketId} · ${eventLabel(frame.type)}`), frame));
    while (feed.children.length > 200) feed.lastChild.remove();
    clearTimeout(pending);
    pending = setTimeout(reloadLists, 1000);
  }, null, {
    // back after long enough to have missed over a thousand events: the lists are read afresh instead
    onReload: () => {
      feed.prepend(el('li', { class: 'feed-gap', 'data-t': 'feedGap' }, t('feedGap')));
      while (feed.children.length > 200) feed.lastChild.remove();
      reloadLists();
    },
  });
}

/** A bar chart, for the monthly report's link. */
function chartIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M3 20h18v2H3zM5 11h3v8H5zm5.5-5h3v13h-3zM16 14h3v5h-3z');
  svg.append(path);
  return svg;
}

function gridStyle(g) {
  const open = g ? g.open : 0;
  const overdue = g ? g.overdue : 0;
  return { color: overdue ? '#c62828' : '#37474f', weight: overdue ? 3 : 1, fillColor: open > 5 ? '#ef6c00' : open > 0 ? '#ffcc80' : '#c8e6c9', fillOpacity: 0.6 };
}

start();
