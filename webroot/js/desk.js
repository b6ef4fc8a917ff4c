// The centre's desk: the window (一窗受理) for walk-in and phone callers, search with correction,
// notes and bulk actions, return visits (回访) and the review of bad ratings (差评复核).
import { api, act, can, el, t, lang, translate, addText, nameOf, statusLabel, nameSpan, userText, templatePicker, plural } from './app.js';

addText({
  zh: {
    windowDesk: '一窗受理', channel: '来源', channel_window: '窗口来访', channel_hotline12345: '12345热线', callerName: '来人姓名',
    callerPhone: '联系电话', earlierTickets: '此号码的历史诉求', noEarlier: '此号码没有历史诉求', item: '类别或服务事项',
    issues: '问题类别', serviceItems: '一窗服务事项', mode: '办理方式', mode_online_consult: '在线咨询', mode_proxy: '代办',
    mode_home_visit: '上门服务', findAddress: '按地址定位', pointHint: '在网格地图上点选位置', pointNone: '尚未定位', fileTicket: '受理（Ctrl+Enter）',
    filed: '已受理，编号', addressNotFound: '没有找到此地址的历史位置，请在地图上点选',
    search: '查询', searchHint: '编号、电话（或后四位）、描述或地址中的词', noResults: '没有找到', correct: '更正', priority: '优先级',
    priority_urgent: '紧急', priority_high: '高', priority_normal: '普通', priority_low: '低', usePoint: '使用地图上点选的位置',
    unchanged: '不变', corrected: '已更正', addNote: '添加备注', bulk: '批量操作', selected: '已选',
    bulkApply: '对所选执行', bulkMerge: '合并重复', mergeInto: '并入', close: '结案', urge: '督办', bulkDone: '成功', bulkFailed: '失败',
    visits: '待回访', noVisits: '暂无待回访工单', reached: '已联系上', notReached: '未联系上', noRating: '不评价', visit: '回访',
    visited: '已回访', attempts: '{n} 次尝试', reviews: '差评复核', noReviews: '暂无待复核差评', verdict: '复核结论',
    upheld: '差评成立', unreasonable: '不合理差评', redo: '退回重办', review: '复核', rating_reviewed: '差评已复核',
    ratedShare: '参评率', excludedRatings: '剔除差评', awaitingVisit: '待回访', byChannel: '各渠道评价', materials_checked: '材料已核验',
    channel_miniapp: '小程序', channel_open311: 'Open311', channel_patrol: '巡查上报',
  },
  en: {
    windowDesk: 'Window', channel: 'Channel', channel_window: 'Walk-in', channel_hotline12345: '12345 hotline', callerName: 'Caller\'s name',
    callerPhone: 'Caller\'s phone', earlierTickets: 'Earlier requests from this number', noEarlier: 'No earlier requests from this number',
    item: 'Category or service', issues: 'Categories', serviceItems: 'One-window services', mode: 'Mode', mode_online_consult: 'Online',
    mode_proxy: 'Proxy', mode_home_visit: 'Home visit', findAddress: 'Find by address', pointHint: 'pick the place on the grid map',
    pointNone: 'no place yet', fileTicket: 'File (Ctrl+Enter)', filed: 'Filed as', addressNotFound: 'No known place for this address: pick it on the map',
    search: 'Search', searchHint: 'number, phone (or its last four digits), words of description or address', noResults: 'Nothing found',
    correct: 'Correct', priority: 'Priority', priority_urgent: 'Urgent', priority_high: 'High', priority_normal: 'Normal', priority_low: 'Low',
    usePoint: 'use the place picked on the map', unchanged: 'unchanged', corrected: 'Corrected', addNote: 'Add note',
    bulk: 'Bulk', selected: 'selected', bulkApply: 'Apply to selected', bulkMerge: 'Merge duplicates', mergeInto: 'into', close: 'Close', urge: 'Urge', bulkDone: 'done', bulkFailed: 'failed',
    visits: 'Awaiting a return visit', noVisits: 'No visits waiting', reached: 'Reached', notReached: 'Not reached', noRating: 'No rating',
    visit: 'Record visit', visited: 'Visited', attempts: '{n} tries', attempts_one: '{n} try', reviews: 'Bad ratings to review', noReviews: 'No bad ratings waiting',
    verdict: 'Verdict', upheld: 'Upheld', unreasonable: 'Unreasonable', redo: 'Send back to redo', review: 'Review',
    rating_reviewed: 'Rating reviewed', ratedShare: 'Rated', excludedRatings: 'Excluded', awaitingVisit: 'Awaiting visit',
    byChannel: 'Ratings by channel', materials_checked: 'Materials checked', channel_miniapp: 'Mini-app', channel_open311: 'Open311', channel_patrol: 'Patrol',
  },
});

const PRIORITIES = ['urgent', 'high', 'normal', 'low'];

const field = (label, input) => el('label', { class: 'field' }, el('span', { 'data-t': label }), input);
const option = (value, textKey) => el('option', { value, 'data-t': textKey }, t(textKey));
const failure = (e) => (e.describe ? e.describe() : e.message);

/**
 * Builds the desk's cards into {@code container}. {@code picked()} is the place last picked on the
 * centre's map. Answers {refresh} for the page to call when tickets change.
 */
export function desk({ container, role, entries, grids, map, layer }) {
  const centre = role === 'dispatcher' || role === 'admin';
  const supervisor = role === 'supervisor' || role === 'admin';
  let point = null;
  let marker = null;
  const pointText = el('span', { id: 'w-point', class: 'muted', 'data-t': 'pointNone' });
  const setPoint = (latlng) => {
    point = { lat: Number(latlng.lat.toFixed(6)), lon: Number(latlng.lng.toFixed(6)) };
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    pointText.removeAttribute('data-t');
    pointText.textContent = `${point.lat}, ${point.lon}`;
  };
  const clearPoint = () => {
    point = null;
    if (marker) { marker.remove(); marker = null; }
    pointText.dataset.t = 'pointNone';
    pointText.textContent = t('pointNone');
  };
  map.on('click', (e) => setPoint(e.latlng));
  layer.on('click', (e) => setPoint(e.latlng));
  const categories = Object.values(entries).filter((x) => x.sla);
  const services = Object.values(entries).filter((x) => x.materials);
  const entryName = (code) => nameOf(entries[code], code);
  const gridLabel = (g) => (lang === 'en' && g.nameEn ? g.nameEn : g.name);
  const gridName = Object.fromEntries(grids.map((g) => [g.id, gridLabel(g)]));
  /** An option naming a grid; without an English name, its own name, marked as a name. */
  const gridOption = (g) => el('option', { value: g.id, class: lang === 'en' && !g.nameEn ? 'name' : null }, gridLabel(g));
  const contactView = (c) => [c.name ? nameSpan(c.name) : null, c.name && c.phone ? ' ' : null, c.phone || null];

  const cards = [];
  if (centre) cards.push(windowForm());
  const results = el('div', { id: 'results' });
  cards.push(searchCard());
  const visits = el('div', { id: 'visits' });
  if (centre) cards.push(el('section', { class: 'card' }, el('h2', { 'data-t': 'visits' }), visits));
  const reviews = el('div', { id: 'reviews' });
  if (supervisor) cards.push(el('section', { class: 'card' }, el('h2', { 'data-t': 'reviews' }), reviews));
  container.replaceChildren(...cards);
  translate(container);

  // ---- the window ----------------------------------------------------------------------------------
  function windowForm() {
    const channel = el('select', { id: 'w-channel' }, option('window', 'channel_window'), option('hotline12345', 'channel_hotline12345'));
    const name = el('input', { id: 'w-name', autocomplete: 'off', maxlength: 50 });
    const phone = el('input', { id: 'w-phone', type: 'tel', inputmode: 'numeric', autocomplete: 'off', maxlength: 20 });
    const history = el('ul', { id: 'w-history', class: 'muted', 'aria-live': 'polite' });
    const entry = el('select', { id: 'w-entry', required: true },
      el('optgroup', { label: t('issues') }, categories.map((c) => el('option', { value: `c:${c.code}` }, nameOf(c, c.code)))),
      el('optgroup', { label: t('serviceItems') }, services.map((s) => el('option', { value: `s:${s.code}` }, nameOf(s, s.code)))));
    const mode = el('select', { id: 'w-mode' });
    const modeField = field('mode', mode);
    const materials = el('fieldset', { id: 'w-materials' });
    const desc = el('textarea', { id: 'w-desc', rows: 3, maxlength: 2000 });
    const address = el('input', { id: 'w-address', maxlength: 200, autocomplete: 'off' });
    const photo = el('input', { id: 'w-photo', type: 'file', accept: 'image/*' });
    const result = el('p', { id: 'w-result', role: 'status' });
    const error = el('p', { id: 'w-error', class: 'error', role: 'alert' });

    const showEntry = () => {
      const [kind, code] = entry.value.split(':');
      const item = kind === 's' ? entries[code] : null;
      modeField.hidden = !item;
      materials.hidden = !item;
      mode.replaceChildren(...(item ? item.modes.map((m) => option(m, `mode_${m}`)) : []));
      materials.replaceChildren(...(item ? [el('legend', { 'data-t': 'materials' }),
        // the catalogue's materials are written in one language: shown as written
        ...item.materials.map((m, i) => el('label', { class: 'row' }, el('input', { type: 'checkbox', 'data-material': m, id: `w-mat-${i}` }), nameSpan(m)))] : []));
      translate(materials);
    };
    entry.addEventListener('change', showEntry);

    let asked;
    phone.addEventListener('input', () => {
      clearTimeout(asked);
      const digits = phone.value.replace(/\D/g, '');
      if (digits.length !== 4 && digits.length < 7) { history.replaceChildren(); return; }
      asked = setTimeout(async () => {
        try {
          const found = (await api('GET', `/tickets?q=${encodeURIComponent(digits)}&limit=5`)).items;
          history.replaceChildren(found.length ? el('li', { 'data-t': 'earlierTickets' }) : el('li', { 'data-t': 'noEarlier' }),
            ...found.map((x) => el('li', { 'data-ticket': x.id }, `${x.number} · ${statusLabel(x.status)} · ${entryName(x.category || x.serviceCode)} · `,
              userText(x.description))));
          translate(history);
        } catch (e) { history.replaceChildren(el('li', { class: 'error' }, failure(e))); }
      }, 250);
    });

    const find = el('button', { type: 'button', id: 'w-find', 'data-t': 'findAddress', onclick: async () => {
      error.textContent = '';
      if (!address.value.trim()) return;
      try {
        const known = (await api('GET', `/tickets?q=${encodeURIComponent(address.value.trim())}&limit=20`)).items.find((x) => x.location);
        if (!known) { error.textContent = t('addressNotFound'); return; }
        setPoint(L.latLng(known.location.lat, known.location.lon));
        map.panTo([known.location.lat, known.location.lon]);
      } catch (e) { error.textContent = failure(e); }
    } });

    const form = el('form', { id: 'window-form', class: 'desk-form' },
      el('div', { class: 'row' }, field('channel', channel), field('callerName', name), field('callerPhone', phone)), history,
      el('div', { class: 'row' }, field('item', entry), modeField), materials,
      field('description', desc),
      el('div', { class: 'row' }, field('address', address), find, pointText, el('span', { class: 'muted', 'data-t': 'pointHint' })),
      field('photo', photo), error,
      el('button', { type: 'submit', class: 'primary', id: 'w-submit', 'data-t': 'fileTicket' }), result);
    desc.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) form.requestSubmit(); });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      result.textContent = '';
      const [kind, code] = entry.value.split(':');
      const body = { kind: kind === 's' ? 'service' : 'issue', description: desc.value.trim() || undefined, channel: channel.value,
        address: address.value.trim() || undefined, location: point || undefined,
        contact: { name: name.value.trim() || undefined, phone: phone.value.replace(/\D/g, '') || undefined } };
      if (kind === 's') { body.serviceCode = code; body.mode = mode.value; } else body.category = code;
      try {
        const ticket = await api('POST', '/tickets', body);
        if (kind === 's') {
          const boxes = [...materials.querySelectorAll('input[data-material]')];
          const missing = boxes.filter((b) => !b.checked).map((b) => b.dataset.material);
          if (can(ticket, 'check-materials')) await act(ticket.id, 'check-materials', { complete: missing.length === 0, missing });
        }
        if (photo.files.length) {
          const data = new FormData();
          data.append('file', photo.files[0]);
          await api('POST', `/tickets/${ticket.id}/attachments`, data);
        }
        result.textContent = `${t('filed')} ${ticket.number}`;
        result.dataset.number = ticket.number;
        form.reset();
        clearPoint();
        history.replaceChildren();
        showEntry();
        name.focus();
      } catch (e) { error.textContent = failure(e); }
    });
    showEntry();
    return el('section', { class: 'card' }, el('h2', { 'data-t': 'windowDesk' }), form);
  }

  // ---- search, correct, notes, bulk -----------------------------------------------------------------
  function searchCard() {
    const q = el('input', { id: 'q', type: 'search', class: 'grow', maxlength: 100, 'aria-label': t('search'), 'data-tp': 'searchHint' });
    const form = el('form', { id: 'search', class: 'row' }, q, el('button', { type: 'submit', 'data-t': 'search' }));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); runSearch(q.value.trim()); });
    return el('section', { class: 'card' }, el('h2', { 'data-t': 'search' }), form, bulkBar(), results);
  }

  let lastQuery = '';
  async function runSearch(query) {
    lastQuery = query;
    if (!query) { results.replaceChildren(); return; }
    try {
      const found = (await api('GET', `/tickets?q=${encodeURIComponent(query)}&limit=50`)).items;
      results.replaceChildren(...(found.length ? found.map(resultCard) : [el('p', { class: 'muted', 'data-t': 'noResults' })]));
      translate(results);
    } catch (e) { results.replaceChildren(el('p', { class: 'error' }, failure(e))); }
  }

  function resultCard(x) {
    const parts = [];
    if (can(x, 'correct')) parts.push(correctForm(x));
    if (can(x, 'comment')) parts.push(noteForm(x));
    return el('article', { class: `ticket ${x.priority}`, 'data-ticket': x.id },
      el('div', { class: 'row' },
        centre || supervisor ? el('input', { type: 'checkbox', class: 'pick', 'data-id': x.id, 'aria-label': x.number }) : null,
        el('span', { class: 'num' }, x.number), el('span', { class: 'badge' }, entryName(x.category || x.serviceCode)),
        el('span', { class: 'badge status' }, statusLabel(x.status)),
        x.gridId ? el('span', { class: `badge${lang === 'en' && !(grids.find((g) => g.id === x.gridId) || {}).nameEn ? ' name' : ''}` }, gridName[x.gridId] || x.gridId) : null,
        x.contact && x.contact.phone ? el('span', { class: 'muted' }, contactView(x.contact)) : null),
      userText(x.description, 'p'), x.address ? userText(x.address, 'p', { class: 'muted' }) : null, ...parts);
  }

  function correctForm(x) {
    const category = el('select', { 'data-field': 'category', 'aria-label': t('category') }, option('', 'unchanged'),
      categories.map((c) => el('option', { value: c.code }, nameOf(c, c.code))));
    const priority = el('select', { 'data-field': 'priority', 'aria-label': t('priority') }, option('', 'unchanged'),
      PRIORITIES.map((p) => option(p, `priority_${p}`)));
    const address = el('input', { 'data-field': 'address', 'aria-label': t('address'), placeholder: x.address || t('address'), maxlength: 200 });
    const usePoint = el('input', { type: 'checkbox', 'data-field': 'usePoint' });
    const reason = el('input', { 'data-field': 'reason', class: 'grow', 'aria-label': t('reason'), 'data-tp': 'reason', required: true, maxlength: 500 });
    const msg = el('span', { class: 'error', role: 'alert' });
    const form = el('form', { class: 'row correct' }, category, priority, address, el('label', {}, usePoint, el('span', { 'data-t': 'usePoint' })), reason,
      el('button', { type: 'submit', 'data-t': 'correct' }), msg);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      msg.textContent = '';
      const body = { reason: reason.value.trim(), category: category.value || undefined, priority: priority.value || undefined,
        address: address.value.trim() || undefined, location: usePoint.checked && point ? point : undefined };
      try { await act(x.id, 'correct', body); runSearch(lastQuery); } catch (e) { msg.textContent = failure(e); }
    });
    return form;
  }

  function noteForm(x) {
    const text = el('input', { class: 'grow', 'aria-label': t('addNote'), 'data-tp': 'addNote', maxlength: 2000 });
    const templates = templatePicker(x.category, 'note', text);
    const msg = el('span', { class: 'error', role: 'alert' });
    const form = el('form', { class: 'row note' }, templates, text, el('button', { type: 'submit', 'data-t': 'send' }), msg);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!text.value.trim()) return;
      try { await act(x.id, 'comment', { text: text.value.trim() }); text.value = ''; } catch (e) { msg.textContent = failure(e); }
    });
    return form;
  }

  function bulkBar() {
    const action = el('select', { id: 'bulk-action', 'aria-label': t('bulk') },
      ...(centre ? [option('close', 'close'), option('reassign', 'reassign'), option('merge', 'bulkMerge')] : []),
      ...(supervisor ? [option('urge', 'urge')] : []));
    const grid = el('select', { id: 'bulk-grid', 'aria-label': t('grid') }, grids.map(gridOption));
    // merge: the selected reports into one of them, the one that stays (the first by default)
    const into = el('select', { id: 'bulk-into', 'aria-label': t('mergeInto') });
    const picked = () => [...results.querySelectorAll('input.pick:checked')];
    const fillInto = () => {
      const keep = into.value;
      into.replaceChildren(...picked().map((b) => el('option', { value: b.dataset.id }, `${t('mergeInto')} ${b.getAttribute('aria-label')}`)));
      if (picked().some((b) => b.dataset.id === keep)) into.value = keep;
    };
    results.addEventListener('change', (e) => { if (e.target.classList.contains('pick')) fillInto(); });
    const note = el('input', { id: 'bulk-note', 'aria-label': t('note'), 'data-tp': 'note', maxlength: 500 });
    const out = el('ul', { id: 'bulk-result', 'aria-live': 'polite' });
    const apply = el('button', { type: 'button', id: 'bulk-apply', 'data-t': 'bulkApply', onclick: async () => {
      let ids = picked().map((b) => b.dataset.id);
      if (action.value === 'merge') ids = ids.filter((id) => id !== into.value);
      if (!ids.length) return;
      const body = { action: action.value, ids };
      if (action.value === 'reassign') body.gridId = grid.value;
      if (action.value === 'merge') body.intoId = into.value;
      if (action.value === 'urge') body.note = note.value.trim() || t('urge');
      try {
        const r = await api('POST', '/tickets/bulk', body);
        out.replaceChildren(el('li', {}, `${t('bulkDone')} ${r.succeeded} · ${t('bulkFailed')} ${r.failed}`),
          ...r.results.filter((x) => !x.ok).map((x) => el('li', { class: 'error' }, `${x.id.slice(0, 8)}: ${x.error.message}`)));
        runSearch(lastQuery);
      } catch (e) { out.replaceChildren(el('li', { class: 'error' }, failure(e))); }
    } });
    const show = () => {
      grid.hidden = action.value !== 'reassign'; note.hidden = action.value !== 'urge'; into.hidden = action.value !== 'merge';
      fillInto();
    };
    action.addEventListener('change', show);
    show();
    return el('div', { class: 'row bulk' }, el('strong', { 'data-t': 'bulk' }), action, grid, into, note, apply, out);
  }

  // ---- return visits and reviews --------------------------------------------------------------------
  async function loadVisits() {
    if (!centre) return;
    try {
      const items = (await api('GET', '/tickets?awaiting=visit&limit=50')).items;
      visits.replaceChildren(...(items.length ? items.map(visitCard) : [el('p', { class: 'muted', 'data-t': 'noVisits' })]));
      translate(visits);
    } catch (e) { visits.replaceChildren(el('p', { class: 'error' }, failure(e))); }
  }

  function visitCard(x) {
    const reached = el('select', { 'data-field': 'reached', 'aria-label': t('reached') }, option('true', 'reached'), option('false', 'notReached'));
    const rating = el('select', { 'data-field': 'rating', 'aria-label': t('rate') }, option('', 'noRating'), option('good', 'good'),
      option('neutral', 'neutral'), option('bad', 'bad'));
    const comment = el('input', { 'data-field': 'comment', class: 'grow', 'aria-label': t('comment'), 'data-tp': 'comment', maxlength: 500 });
    const msg = el('span', { class: 'error', role: 'alert' });
    reached.addEventListener('change', () => { rating.disabled = reached.value === 'false'; if (rating.disabled) rating.value = ''; });
    const form = el('form', { class: 'row visit' }, reached, rating, comment, el('button', { type: 'submit', 'data-t': 'visit' }), msg);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      msg.textContent = '';
      try {
        await act(x.id, 'visit', { reached: reached.value === 'true', rating: rating.value || undefined, comment: comment.value.trim() || undefined });
        loadVisits();
      } catch (e) { msg.textContent = failure(e); }
    });
    return el('article', { class: 'ticket', 'data-ticket': x.id },
      el('div', { class: 'row' }, el('span', { class: 'num' }, x.number), el('span', { class: 'badge' }, t(`channel_${x.channel}`)),
        el('span', { class: 'badge' }, entryName(x.category || x.serviceCode)),
        x.contact ? el('span', {}, contactView(x.contact)) : null,
        x.visitAttempts ? el('span', { class: 'muted' }, plural('attempts', x.visitAttempts)) : null),
      userText(x.description, 'p'), form);
  }

  async function loadReviews() {
    if (!supervisor) return;
    try {
      const items = (await api('GET', '/tickets?awaiting=review&limit=50')).items;
      reviews.replaceChildren(...(items.length ? items.map(reviewCard) : [el('p', { class: 'muted', 'data-t': 'noReviews' })]));
      translate(reviews);
    } catch (e) { reviews.replaceChildren(el('p', { class: 'error' }, failure(e))); }
  }

  function reviewCard(x) {
    const verdict = el('select', { 'data-field': 'verdict', 'aria-label': t('verdict') }, option('upheld', 'upheld'), option('unreasonable', 'unreasonable'));
    const redo = el('input', { type: 'checkbox', 'data-field': 'redo' });
    const reason = el('input', { 'data-field': 'reason', class: 'grow', required: true, 'aria-label': t('reason'), 'data-tp': 'reason', maxlength: 500 });
    const msg = el('span', { class: 'error', role: 'alert' });
    verdict.addEventListener('change', () => { redo.disabled = verdict.value !== 'upheld'; if (redo.disabled) redo.checked = false; });
    const form = el('form', { class: 'row review' }, verdict, el('label', {}, redo, el('span', { 'data-t': 'redo' })), reason, el('button', { type: 'submit', 'data-t': 'review' }), msg);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      msg.textContent = '';
      try {
        await act(x.id, 'review-rating', { verdict: verdict.value, reason: reason.value.trim(), redo: redo.checked });
        loadReviews();
      } catch (e) { msg.textContent = failure(e); }
    });
    return el('article', { class: 'ticket', 'data-ticket': x.id },
      el('div', { class: 'row' }, el('span', { class: 'num' }, x.number), el('span', { class: 'badge' }, statusLabel(x.status)),
        el('span', { class: 'badge overdue' }, t('bad'))),
      userText(x.description, 'p'), x.rating && x.rating.comment ? userText(x.rating.comment, 'p', { class: 'notice' }) : null, form);
  }

  const refresh = () => { loadVisits(); loadReviews(); if (lastQuery) runSearch(lastQuery); };
  loadVisits();
  loadReviews();
  return { refresh, reload: () => { loadVisits(); loadReviews(); } };
}
