// The monthly report a subdistrict sends upward (GET /stats/monthly): totals, the three rates, ratings
// by channel and the rankings (考核) of grids and departments; printable, and downloadable as CSV.
import { api, el, t, lang, translate, languageButton, staffLogin, addText, session, nameOf, nameSpan } from './app.js';
import './desk.js'; // the channel names and rating words

addText({
  zh: { monthlyReport: '月度报告', month: '月份', print: '打印', downloadCsv: '下载 CSV', rankings: '考核排名', rank: '名次', score: '得分',
    gridRanking: '网格', deptRanking: '部门', closed: '结案', open: '在办', reportTitle: '一网统管月度报告' },
  en: { monthlyReport: 'Monthly report', month: 'Month', print: 'Print', downloadCsv: 'Download CSV', rankings: 'Rankings', rank: 'Rank',
    score: 'Score', gridRanking: 'Grids', deptRanking: 'Departments', closed: 'Closed', open: 'Open', reportTitle: 'Monthly report' },
});

const main = document.getElementById('main');
const title = document.getElementById('title');
title.dataset.t = 'monthlyReport';
let refresh = () => {};
const retitle = () => { document.title = t('reportTitle'); };
document.getElementById('tools').replaceChildren(languageButton(() => { retitle(); refresh(); }));
translate();
retitle();

const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 1000) / 10}%`);
const lastMonth = () => { const d = new Date(); d.setDate(1); d.setMonth(d.getMonth() - 1); return d.toISOString().slice(0, 7); };

async function start() {
  await staffLogin(main, ['dispatcher', 'supervisor', 'admin']);
  const month = el('input', { id: 'month', type: 'month', value: new URLSearchParams(location.search).get('month') || lastMonth() });
  const body = el('div', { id: 'report' });
  const error = el('p', { class: 'error', role: 'alert' });
  const csv = el('button', { type: 'button', id: 'csv', 'data-t': 'downloadCsv', onclick: async () => {
    const res = await fetch(`/api/v1/stats/monthly?format=csv&month=${month.value}`, { headers: { Authorization: `Bearer ${session.get().token}` } });
    const link = el('a', { href: URL.createObjectURL(await res.blob()), download: `report-${month.value}.csv` });
    document.body.append(link); link.click(); link.remove();
  } });
  main.replaceChildren(el('section', { class: 'card no-print' }, el('div', { class: 'row' },
    el('label', { for: 'month', 'data-t': 'month' }), month, el('button', { type: 'button', 'data-t': 'print', onclick: () => window.print() }), csv), error), body);
  const [grids, departments] = await Promise.all([api('GET', '/grids'), api('GET', '/departments')]);
  // in English a grid or department without an English name keeps its own, marked as a name
  const label = (entry, id) => (!entry ? id : lang === 'en' && !entry.nameEn ? nameSpan(entry.name) : nameOf(entry, id));
  const gridName = { get: (id) => label((grids.features.find((f) => f.properties.id === id) || {}).properties, id) };
  const deptName = { get: (id) => label((departments.items || departments).find((d) => d.id === id), id) };

  async function load() {
    error.textContent = '';
    try {
      const r = await api('GET', `/stats/monthly?month=${encodeURIComponent(month.value)}`);
      const table = (rows, key, names) => el('table', { class: 'ranking' },
        el('thead', {}, el('tr', {}, ['rank', key === 'gridId' ? 'gridRanking' : 'deptRanking', 'score', 'responseRate', 'resolutionRate',
          'satisfactionRate', 'received'].map((k) => el('th', { 'data-t': k })))),
        el('tbody', {}, rows.map((x) => el('tr', {}, el('td', {}, x.rank ?? '–'), el('td', {}, names.get(x[key]) || x[key]),
          el('td', {}, x.score ?? '–'), el('td', {}, pct(x.responseRate)), el('td', {}, pct(x.resolutionRate)),
          el('td', {}, pct(x.satisfactionRate)), el('td', {}, x.received)))));
      body.replaceChildren(
        el('section', { class: 'card' }, el('h2', {}, `${t('reportTitle')} · ${r.month}`),
          el('div', { class: 'row' }, [['received', r.received], ['resolved', r.resolved], ['closed', r.closed], ['open', r.open],
            ['responseRate', pct(r.responseRate)], ['resolutionRate', pct(r.resolutionRate)], ['satisfactionRate', pct(r.satisfactionRate)],
            ['ratedShare', pct(r.ratedShare)], ['excludedRatings', r.excludedRatings], ['awaitingVisit', r.awaitingVisit]]
            .map(([k, v]) => el('div', { 'data-kpi': k }, el('div', { class: 'muted', 'data-t': k }), el('div', { class: 'kpi' }, String(v))))),
          el('h3', { 'data-t': 'byChannel' }),
          el('ul', {}, Object.entries(r.ratingsByChannel).map(([c, x]) => el('li', {},
            `${t(`channel_${c}`)}: ${t('good')} ${x.good} · ${t('neutral')} ${x.neutral} · ${t('bad')} ${x.bad} · ${t('excludedRatings')} ${x.excluded} · ${pct(x.satisfactionRate)}`)))),
        el('section', { class: 'card' }, el('h2', { 'data-t': 'rankings' }), table(r.rankings.grids, 'gridId', gridName),
          table(r.rankings.departments, 'deptId', deptName)));
      translate(body);
    } catch (e) { error.textContent = e.describe ? e.describe() : e.message; }
  }
  month.addEventListener('change', load);
  refresh = () => { translate(); load(); };
  translate(main);
  load();
}

start();
