// The administrator's page: users and duty (with a worker's roster), the grids on a map (import a
// GeoJSON set, check it by applying, staff a grid), the catalogues (categories with their SLA,
// departments, one-window services), the working calendar and the audit log. Every change is sent
// whole and answered whole: an error shows next to what it names and nothing is half-applied.
import { api, el, t, lang, translate, languageButton, staffLogin, session, pageConfig, addText, locale, nameSpan, userText } from './app.js';

addText({
  zh: {
    users: '人员与值班', grids: '网格', catalogue: '类别与部门', calendar: '工作日历', audit: '审计日志',
    name: '姓名', entryName: '名称', role: '角色', active: '在职', onDuty: '值班', department: '部门', newPassword: '新密码（留空不改）',
    edit: '编辑', save: '保存', cancel: '取消', create: '新建', newUser: '新建人员', all: '全部', loading: '加载中…',
    empty: '没有记录', saved: '已保存', noChange: '没有改动', roster: '排班', weekly: '每周班次（如 08:30-12:00, 13:30-17:30）',
    exceptions: '例外日期（每行一条：2026-12-01 off 或 2026-12-05 09:00-12:00）', deleteRoster: '删除排班', noRoster: '未排班：只看值班开关',
    grid_worker: '网格员', dept_staff: '部门人员', dispatcher: '调度员', supervisor: '督办员', admin: '管理员', integration: '接口账号', resident: '居民',
    yes: '是', no: '否', importFile: '导入网格文件（GeoJSON）', apply: '应用', discard: '放弃', pendingSet: '待应用的网格',
    community: '社区', workers: '网格员', backups: 'AB岗（后备）', applied: '已应用', added: '新增', changed: '修改', removed: '停用', restaffed: '调整人员',
    clickGrid: '点击地图上的网格或列表中的网格来安排人员', notApplied: '未应用：请修改后重试，当前网格未改变',
    categories: '诉求类别', services: '一窗受理事项', code: '编码', nameEn: '英文名', group: '分组', priority: '优先级',
    defaultDept: '默认部门', respondMinutes: '响应时限（分钟）', reportInMinutes: '报到时限（分钟）', resolveMinutes: '办结时限（分钟）',
    ratingWindowHours: '评价期（小时）', clock: '计时', working: '工作时间', calendarClock: '自然时间', private: '涉及个人隐私',
    urgent: '紧急', high: '高', normal: '普通', low: '低', questions: '追问', addQuestion: '添加追问', removeQuestion: '删除此追问',
    questionsHint: '上报这一类时要居民回答的问题', questionCode: '问题编码（小写字母、数字、下划线）', question: '问题', answerKind: '回答方式', required: '必答',
    choices: '选项（每行一项：编码 名称）', choicesHint: 'one 一只\nmany 多只', dt_string: '一行文字', dt_text: '多行文字', dt_number: '数字',
    dt_singlevaluelist: '单选', dt_multivaluelist: '多选', mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日', phoneDept: '电话', modes: '办理方式',
    online_consult: '网上咨询', proxy: '代办', home_visit: '上门服务', materialsLines: '所需材料（每行一项）', eligibility: '办理条件',
    timeLimitDays: '办结时限（工作日）', workHours: '工作时段', holidays: '节假日', extraWorkdays: '调休上班日', add: '添加', remove: '删除',
    action: '操作', actor: '操作人', from: '起', to: '止', filter: '筛选', prev: '上一页', next: '下一页', target: '对象', when: '时间',
    details: '详情', system: '系统', 'user.change': '人员变更', 'category.change': '类别变更', 'department.change': '部门变更',
    'service.change': '事项变更', 'calendar.change': '日历变更', 'roster.change': '排班变更', 'roster.delete': '删除排班',
    'grids.replace': '网格替换', limit_tripped: '触发限流', sign_in_locked: '登录锁定', username: '用户名', password: '密码',
    admin_title: '系统管理', grid: '网格', none: '无', invalidFile: '不是有效的 GeoJSON 文件',
    'webhook.create': '新建推送', 'webhook.delete': '删除推送', 'webhook.retry': '重发推送', 'reply_template.change': '常用语变更', days: '天', 'subdistrict.import': '导入街道数据',
    kind_webhook: '推送', kind_subdistrict: '街道', kind_reply_template: '常用语',
  },
  en: {
    users: 'Users and duty', grids: 'Grids', catalogue: 'Catalogues', calendar: 'Calendar', audit: 'Audit log',
    name: 'Name', entryName: 'Name', role: 'Role', active: 'Active', onDuty: 'On duty', department: 'Department', newPassword: 'New password (blank: unchanged)',
    edit: 'Edit', save: 'Save', cancel: 'Cancel', create: 'Create', newUser: 'New user', all: 'All', loading: 'Loading…',
    empty: 'Nothing here', saved: 'Saved', noChange: 'Nothing changed', roster: 'Roster', weekly: 'Weekly shifts (e.g. 08:30-12:00, 13:30-17:30)',
    exceptions: 'Exceptions (one a line: 2026-12-01 off or 2026-12-05 09:00-12:00)', deleteRoster: 'Delete roster', noRoster: 'No roster: the switch alone counts',
    grid_worker: 'Grid worker', dept_staff: 'Department staff', dispatcher: 'Dispatcher', supervisor: 'Supervisor', admin: 'Admin', integration: 'Integration', resident: 'Resident',
    yes: 'yes', no: 'no', importFile: 'Import a grid file (GeoJSON)', apply: 'Apply', discard: 'Discard', pendingSet: 'Grids to apply',
    community: 'Community', workers: 'Workers', backups: 'Backups (AB)', applied: 'Applied', added: 'added', changed: 'changed', removed: 'removed', restaffed: 'restaffed',
    clickGrid: 'Click a grid on the map or in the list to staff it', notApplied: 'Not applied: fix and try again; the grids are unchanged',
    categories: 'Categories', services: 'One-window services', code: 'Code', nameEn: 'English name', group: 'Group', priority: 'Priority',
    defaultDept: 'Default department', respondMinutes: 'Respond within (min)', reportInMinutes: 'Report in within (min)', resolveMinutes: 'Resolve within (min)',
    ratingWindowHours: 'Rating window (h)', clock: 'Clock', working: 'working time', calendarClock: 'calendar time', private: 'About people (private)',
    urgent: 'urgent', high: 'high', normal: 'normal', low: 'low', questions: 'Questions', addQuestion: 'Add a question', removeQuestion: 'Remove this question',
    questionsHint: 'What a resident is asked when reporting this category', questionCode: 'Question code (a-z, 0-9, _)', question: 'Question', answerKind: 'Answer', required: 'Required',
    choices: 'Choices (one a line: key name)', choicesHint: 'one One\nmany Several', dt_string: 'one line of text', dt_text: 'text', dt_number: 'a number',
    dt_singlevaluelist: 'one choice', dt_multivaluelist: 'several choices', mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun', phoneDept: 'Phone', modes: 'Modes',
    online_consult: 'Online', proxy: 'By proxy', home_visit: 'Home visit', materialsLines: 'Materials (one a line)', eligibility: 'Eligibility',
    timeLimitDays: 'Time limit (working days)', workHours: 'Working hours', holidays: 'Holidays', extraWorkdays: 'Extra working days', add: 'Add', remove: 'Remove',
    action: 'Action', actor: 'By', from: 'From', to: 'To', filter: 'Filter', prev: 'Previous', next: 'Next', target: 'Target', when: 'When',
    details: 'Details', system: 'System', 'user.change': 'User changed', 'category.change': 'Category changed', 'department.change': 'Department changed',
    'service.change': 'Service changed', 'calendar.change': 'Calendar changed', 'roster.change': 'Roster changed', 'roster.delete': 'Roster deleted',
    'grids.replace': 'Grids replaced', limit_tripped: 'Limit tripped', sign_in_locked: 'Sign-in locked', username: 'Username', password: 'Password',
    admin_title: 'Administration', grid: 'Grid', none: 'none', invalidFile: 'Not a valid GeoJSON file',
    'webhook.create': 'Webhook created', 'webhook.delete': 'Webhook deleted', 'webhook.retry': 'Webhook delivery retried',
    'reply_template.change': 'Reply template changed', days: 'd', 'subdistrict.import': 'Subdistrict imported',
    kind_webhook: 'Webhook', kind_subdistrict: 'Subdistrict', kind_reply_template: 'Reply template',
  },
});

const ROLES = ['grid_worker', 'dept_staff', 'dispatcher', 'supervisor', 'admin', 'integration'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ACTIONS = ['user.change', 'grids.replace', 'category.change', 'department.change', 'service.change', 'calendar.change',
  'roster.change', 'roster.delete', 'limit_tripped', 'sign_in_locked', 'webhook.create', 'webhook.delete', 'webhook.retry', 'reply_template.change', 'subdistrict.import'];

const main = document.getElementById('main');
const retitle = () => { document.getElementById('title').textContent = t('admin_title'); document.title = t('admin_title'); };
retitle();
document.getElementById('state').hidden = true; // no live feed on this page
let rerender = () => {};
const signOut = el('button', { type: 'button', id: 'sign-out', 'data-t': 'signOut', onclick: async () => {
  try { await api('POST', '/auth/logout'); } catch { /* signed out below either way */ }
  session.clear(); location.reload();
} });
document.getElementById('tools').replaceChildren(languageButton(() => { retitle(); rerender(); }), signOut);
translate();

// ---- what every view names things by -------------------------------------------------------------

const cat = { users: [], grids: null, categories: [], departments: [], services: [] };
const pick = (o) => (o ? (lang === 'zh' ? o.name : (o.nameEn || o.name)) : '');
/** {@link pick} as shown: a name with no English form is marked as a name (shown as written). */
const shown = (o) => (o && lang === 'en' && !o.nameEn ? nameSpan(o.name) : pick(o));
const joined = (items) => items.flatMap((x, i) => (i ? [lang === 'zh' ? '、' : ', ', x] : [x]));
const userName = (id) => { const u = cat.users.find((x) => x.id === id); return u ? u.name : id; };
const workers = () => cat.users.filter((u) => u.role === 'grid_worker' && u.active);

async function loadCatalogues() {
  const [users, grids, categories, departments, services] = await Promise.all([api('GET', '/admin/users'), api('GET', '/grids'),
    api('GET', '/categories'), api('GET', '/departments'), api('GET', '/services')]);
  Object.assign(cat, { users: users.items, grids, categories: categories.items, departments: departments.items, services: services.items });
}

/** A status line: loading, empty, saved or an error, read out to screen readers. */
function status(id) { return el('p', { class: 'status muted', id, role: 'status', 'aria-live': 'polite' }); }
function say(line, key, kind = '') { line.className = `status ${kind || 'muted'}`; line.textContent = key; }
function fail(line, e) { say(line, e.describe ? e.describe() : e.message, 'error'); }

/** Shows each `fields` reason under the input of that name in {@code form}; the rest in {@code line}. */
function showFields(form, line, e) {
  clearFields(form);
  const rest = [];
  for (const [k, v] of Object.entries(e.fields || {})) {
    const input = nearestInput(form, k);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const wrap = input.closest('.field') || input.parentElement;
      // the reason alone by its input; a part of it (the second shift of a day) says which part
      const part = k.slice(input.name.length).replace(/^\./, '');
      wrap.append(el('span', { class: 'field-error error', 'data-field': k }, part ? `${part}: ${v}` : v));
    } else rest.push(`${k}: ${v}`);
  }
  say(line, rest.length ? `${e.message} (${rest.join('; ')})` : e.message, 'error');
}

function clearFields(form) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
}

/** The input a field path names, or the nearest one above it: `weekly.mon[0].from` → `weekly.mon`. */
function nearestInput(form, path) {
  for (let p = path; p; p = p.replace(/(\.[^.[]*|\[\d+\])$/, '')) {
    const found = form.querySelector(`[name="${CSS.escape(p)}"]`);
    if (found) return found;
    if (!/(\.[^.[]*|\[\d+\])$/.test(p)) break;
  }
  return null;
}

function field(labelKey, input) {
  input.id ||= `f-${Math.random().toString(36).slice(2)}`;
  const isBox = input.type === 'checkbox';
  return el('div', { class: isBox ? 'field check' : 'field' }, isBox ? input : null,
    el('label', { for: input.id, 'data-t': labelKey }), isBox ? null : input);
}
const input = (name, value = '', attrs = {}) => { const i = el('input', { name, ...attrs }); i.value = value ?? ''; return i; };
const box = (name, checked) => { const i = el('input', { type: 'checkbox', name }); i.checked = !!checked; return i; };
function select(name, options, value) {
  const s = el('select', { name }, options.map(([v, label]) => el('option', { value: v }, label)));
  s.value = value ?? '';
  return s;
}
/** Checkboxes for a set of ids, named `name` as one group (keyboard: tab and space). */
function checklist(name, options, chosen) {
  return el('fieldset', { class: 'checklist', name }, options.map(([v, label]) => {
    const c = el('input', { type: 'checkbox', value: v, id: `${name}-${v}` });
    c.checked = chosen.includes(v);
    return el('label', { for: c.id, class: 'check' }, c, ' ', label);
  }));
}
const checked = (fs) => [...fs.querySelectorAll('input:checked')].map((c) => c.value);

function table(headers, rows, id) {
  return el('table', { class: 'admin-table', id }, el('thead', {}, el('tr', {}, headers.map((h) => el('th', { 'data-t': h })))),
    el('tbody', {}, rows));
}

// ---- the tabs ---------------------------------------------------------------------------------------

const VIEWS = { users: usersView, grids: gridsView, catalogue: catalogueView, calendar: calendarView, audit: auditView };

async function start() {
  await staffLogin(main, ['admin']);
  const nav = el('nav', { class: 'tabs row', role: 'tablist', 'aria-label': 'admin' });
  const panel = el('div', { id: 'panel', role: 'tabpanel' });
  main.replaceChildren(nav, panel);
  const loading = status('page-status');
  panel.replaceChildren(loading);
  say(loading, t('loading'));
  try { await loadCatalogues(); } catch (e) { fail(loading, e); return; }
  let current = (location.hash.slice(1) in VIEWS) ? location.hash.slice(1) : 'users';
  const show = async (name) => {
    current = name;
    history.replaceState(null, '', `#${name}`);
    nav.querySelectorAll('button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.view === name)));
    const box2 = el('div', { id: `view-${name}` });
    panel.replaceChildren(box2);
    await VIEWS[name](box2);
    translate(panel);
  };
  nav.replaceChildren(...Object.keys(VIEWS).map((name) => el('button', { type: 'button', role: 'tab', id: `tab-${name}`, 'data-view': name, 'data-t': name,
    onclick: () => show(name) })));
  translate();
  rerender = () => show(current);
  await show(current);
}

// ---- users and duty ---------------------------------------------------------------------------------

async function usersView(root) {
  const roleF = select('role', [['', t('all')], ...ROLES.map((r) => [r, t(r)])], '');
  const gridF = select('gridId', [['', t('all')], ...cat.grids.features.map((f) => [f.properties.id, pick(f.properties)])], '');
  roleF.id = 'filter-role'; gridF.id = 'filter-grid';
  const line = status('users-status');
  const list = el('div', { id: 'users' });
  const editor = el('div', { id: 'user-editor' });
  const load = async () => {
    say(line, t('loading'));
    try {
      const q = new URLSearchParams();
      if (roleF.value) q.set('role', roleF.value);
      if (gridF.value) q.set('gridId', gridF.value);
      const items = (await api('GET', `/admin/users?${q}`)).items;
      say(line, items.length ? `${items.length}` : t('empty'));
      list.replaceChildren(table(['name', 'username', 'role', 'grid', 'department', 'active', 'onDuty', 'edit'], items.map((u) => el('tr', { 'data-user': u.username },
        el('td', { class: 'name' }, u.name), el('td', {}, u.username), el('td', {}, t(u.role)),
        el('td', {}, joined(u.gridIds.map((id) => shown(cat.grids?.features.find((f) => f.properties.id === id)?.properties) || id))),
        el('td', {}, u.deptId ? shown(cat.departments.find((d) => d.id === u.deptId)) || u.deptId : ''), el('td', {}, u.active ? t('yes') : t('no')),
        el('td', { class: u.onDuty ? '' : 'off' }, u.role === 'grid_worker' ? (u.onDuty ? t('yes') : t('no')) : ''),
        el('td', {}, el('button', { type: 'button', class: 'edit', 'data-t': 'edit', onclick: () => editUser(editor, u, load) }))))));
      translate(list);
    } catch (e) { fail(line, e); }
  };
  roleF.addEventListener('change', load);
  gridF.addEventListener('change', load);
  root.append(el('div', { class: 'grid2' },
    el('section', { class: 'card' }, el('h2', { 'data-t': 'users' }),
      el('div', { class: 'row' }, el('div', { class: 'grow' }, field('role', roleF)), el('div', { class: 'grow' }, field('grid', gridF)),
        el('button', { type: 'button', id: 'new-user', 'data-t': 'newUser', onclick: () => editUser(editor, null, load) })), line, list),
    el('section', { class: 'card' }, editor)));
  await load();
}

function userForm(u) {
  const gridOptions = cat.grids.features.map((f) => [f.properties.id, shown(f.properties)]);
  const f = {
    username: input('username', u?.username, { autocomplete: 'off', disabled: !!u }),
    name: input('name', u?.name), phone: input('phone', u?.phone, { inputmode: 'tel' }),
    role: select('role', ROLES.map((r) => [r, t(r)]), u?.role || 'grid_worker'),
    gridIds: checklist('gridIds', gridOptions, u?.gridIds || []),
    deptId: select('deptId', [['', '–'], ...cat.departments.map((d) => [d.id, pick(d)])], u?.deptId || ''),
    active: box('active', u ? u.active : true), onDuty: box('onDuty', u ? u.onDuty : true),
    password: input('password', '', { type: 'password', autocomplete: 'new-password' }),
  };
  const showFor = () => {
    f.gridIds.closest('.field').hidden = f.role.value !== 'grid_worker';
    f.deptId.closest('.field').hidden = f.role.value !== 'dept_staff';
  };
  f.role.addEventListener('change', showFor);
  return { f, showFor };
}

function editUser(root, u, reload) {
  const { f, showFor } = userForm(u);
  const line = status('user-status');
  const form = el('form', { id: u ? 'edit-user' : 'create-user', 'data-user': u?.username || '' },
    el('h2', {}, u ? [`${t('edit')} · `, nameSpan(u.name)] : t('newUser')),
    field('username', f.username), field('name', f.name), field('phone', f.phone), field('role', f.role),
    el('div', { class: 'field' }, el('label', { 'data-t': 'grid' }), f.gridIds), field('department', f.deptId),
    u ? el('div', { class: 'row' }, field('active', f.active), field('onDuty', f.onDuty)) : null,
    field(u ? 'newPassword' : 'password', f.password), line,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary', 'data-t': u ? 'save' : 'create' }),
      el('button', { type: 'button', 'data-t': 'cancel', onclick: () => root.replaceChildren() })));
  showFor();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const role = f.role.value;
    const want = { name: f.name.value.trim(), phone: f.phone.value.trim() || null, role,
      gridIds: role === 'grid_worker' ? checked(f.gridIds) : [], deptId: role === 'dept_staff' ? f.deptId.value || null : null };
    try {
      if (u) {
        want.active = f.active.checked; want.onDuty = f.onDuty.checked;
        const body = {};
        for (const [k, v] of Object.entries(want)) if (JSON.stringify(v) !== JSON.stringify(u[k] ?? (k === 'gridIds' ? [] : null))) body[k] = v;
        if (f.password.value) body.password = f.password.value;
        if (!Object.keys(body).length) { say(line, t('noChange')); return; }
        const after = await api('PATCH', `/admin/users/${encodeURIComponent(u.id)}`, body);
        Object.assign(u, after);
      } else {
        const body = { username: f.username.value.trim(), password: f.password.value, ...want };
        if (!body.phone) delete body.phone;
        if (!body.deptId) delete body.deptId;
        u = await api('POST', '/admin/users', body);
      }
      await loadCatalogues();
      await reload();
      editUser(root, cat.users.find((x) => x.id === u.id) || u, reload);
      say(root.querySelector('.status'), t('saved'), 'ok');
    } catch (e) { showFields(form, line, e); }
  });
  root.replaceChildren(form);
  if (u && u.role === 'grid_worker') root.append(rosterEditor(u));
  translate(root);
  (u ? f.name : f.username).focus();
}

/** A worker's weekly shifts as text per day, and dated exceptions a line each. */
function rosterEditor(u) {
  const days = Object.fromEntries(DAYS.map((d) => [d, input(`weekly.${d}`, '', { placeholder: '08:30-12:00, 13:30-17:30' })]));
  const exceptions = el('textarea', { name: 'exceptions', rows: 3 });
  const line = status('roster-status');
  const fmt = (s) => `${s.from}-${s.to}`;
  const form = el('form', { id: 'roster' }, el('h3', { 'data-t': 'roster' }), el('p', { class: 'muted', 'data-t': 'weekly' }),
    el('div', { class: 'days' }, DAYS.map((d) => el('div', { class: 'field' }, el('label', { for: `day-${d}`, 'data-t': d }), Object.assign(days[d], { id: `day-${d}` })))),
    field('exceptions', exceptions), line,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary', 'data-t': 'save' }),
      el('button', { type: 'button', 'data-t': 'deleteRoster', onclick: async () => {
        try { await api('DELETE', `/admin/users/${u.id}/roster`); fill(null); say(line, t('noRoster')); } catch (e) { fail(line, e); }
      } })));
  const fill = (r) => {
    DAYS.forEach((d) => { days[d].value = ((r?.weekly || {})[d] || []).map(fmt).join(', '); });
    exceptions.value = (r?.exceptions || []).map((x) => (x.off ? `${x.date} off` : `${x.date} ${fmt(x)}`)).join('\n');
  };
  api('GET', `/admin/users/${u.id}/roster`).then((r) => { fill(r); say(line, ''); })
    .catch((e) => (e.status === 404 ? say(line, t('noRoster')) : fail(line, e)));
  const shifts = (text) => text.split(/[,，;]/).map((s) => s.trim()).filter(Boolean).map((s) => { const [from, to] = s.split('-').map((x) => x.trim()); return { from, to }; });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const weekly = {};
    DAYS.forEach((d) => { if (days[d].value.trim()) weekly[d] = shifts(days[d].value); });
    const ex = exceptions.value.split('\n').map((l) => l.trim()).filter(Boolean).flatMap((l) => {
      const [date, rest = ''] = l.split(/\s+(.*)/);
      return rest.trim() === 'off' ? [{ date, off: true }] : shifts(rest).map((s) => ({ date, ...s }));
    });
    try {
      fill(await api('PUT', `/admin/users/${u.id}/roster`, { weekly, exceptions: ex }));
      clearFields(form);
      say(line, t('saved'), 'ok');
    } catch (e) { showFields(form, line, e); }
  });
  return form;
}

// ---- grids on the map ---------------------------------------------------------------------------------

async function gridsView(root) {
  const mapBox = el('div', { class: 'map admin-map', id: 'map' });
  const line = status('grids-status');
  const count = el('p', { class: 'muted', id: 'grid-count' });
  const list = el('ol', { id: 'grid-list', class: 'grid-list' });
  const staff = el('div', { id: 'grid-staff' });
  const file = el('input', { type: 'file', id: 'grid-file', accept: '.geojson,.json,application/geo+json,application/json' });
  const pendingBox = el('div', { id: 'pending' });
  root.append(el('div', { class: 'grid2' },
    el('section', { class: 'card' }, el('h2', { 'data-t': 'grids' }), mapBox, line, count),
    el('section', { class: 'card' }, field('importFile', file), pendingBox, staff, el('p', { class: 'muted', 'data-t': 'clickGrid' }), list)));

  const cfg = await pageConfig();
  const map = L.map(mapBox, { attributionControl: !!cfg.tileUrl });
  if (cfg.tileUrl) L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution || '' }).addTo(map);
  window.dispatchMap = map;
  let current = null;
  let pending = null;
  let selected = null;

  const drawCurrent = () => {
    if (current) current.remove();
    current = L.geoJSON(cat.grids, {
      style: (f) => ({ color: '#37474f', weight: f.properties.id === selected ? 3 : 1, fillColor: '#90caf9', fillOpacity: pending ? 0.1 : 0.4 }),
      onEachFeature: (f, l) => { l.bindTooltip(pick(f.properties)); l.on('click', () => choose(f.properties.id)); },
    }).addTo(map);
    if (cat.grids.features.length) map.fitBounds(current.getBounds());
    else map.setView([31.46, 104.74], 14);
    list.replaceChildren(...cat.grids.features.map((f) => el('li', { 'data-grid': f.properties.id },
      el('button', { type: 'button', class: 'link', onclick: () => choose(f.properties.id) }, shown(f.properties), ' · ',
        lang === 'en' && f.properties.communityEn ? f.properties.communityEn : nameSpan(f.properties.community)),
      el('div', { class: 'muted' }, `${t('workers')}: `, f.properties.workerIds.length ? nameSpan(joined(f.properties.workerIds.map(userName)).join('')) : t('none'),
        ` · ${t('backups')}: `, (f.properties.backupWorkerIds || []).length ? nameSpan(joined(f.properties.backupWorkerIds.map(userName)).join('')) : t('none')))));
    count.textContent = cat.grids.features.length ? `${t('grids')}: ${cat.grids.features.length}` : t('empty');
    mapBox.dataset.grids = cat.grids.features.map((f) => f.properties.id).join(',');
  };

  /** Sends a whole set; on a 400 nothing changed, and the reasons go next to the features they name. */
  async function putSet(set, onErrors) {
    say(line, t('loading'));
    try {
      const r = await api('PUT', '/admin/grids', set);
      cat.grids = await api('GET', '/grids');
      cat.users = (await api('GET', '/admin/users')).items;
      say(line, `${t('applied')}: ${['added', 'changed', 'removed', 'restaffed'].map((k) => `${t(k)} ${r[k].length}`).join(' · ')}`, 'ok');
      return true;
    } catch (e) {
      if (onErrors && e.status === 400) say(line, t('notApplied'), 'error'); else fail(line, e);
      if (onErrors) onErrors(e);
      return false;
    }
  }

  function choose(id) {
    selected = id;
    const f = cat.grids.features.find((x) => x.properties.id === id);
    if (!f || pending) return;
    drawCurrent();
    const p = f.properties;
    const opts = workers().map((u) => [u.id, [nameSpan(u.name), u.onDuty ? '' : ` (${t('onDuty')}: ${t('no')})`]]);
    const ws = checklist('workerIds', opts, p.workerIds);
    const bs = checklist('backupWorkerIds', opts, p.backupWorkerIds || []);
    const err = status('staff-status');
    const form = el('form', { id: 'staff-form', 'data-grid': id }, el('h3', {}, shown(p)),
      el('div', { class: 'field' }, el('label', { 'data-t': 'workers' }), ws),
      el('div', { class: 'field' }, el('label', { 'data-t': 'backups' }), bs), err,
      el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary', 'data-t': 'apply' }),
        el('button', { type: 'button', 'data-t': 'cancel', onclick: () => { staff.replaceChildren(); selected = null; drawCurrent(); } })));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const set = structuredClone(cat.grids);
      const g = set.features.find((x) => x.properties.id === id);
      g.properties.workerIds = checked(ws);
      g.properties.backupWorkerIds = checked(bs);
      if (await putSet(set, (e) => say(err, Object.values(e.fields).join('; ') || e.message, 'error'))) { drawCurrent(); choose(id); }
    });
    staff.replaceChildren(form);
    translate(staff);
    ws.querySelector('input')?.focus();
  }

  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    let set;
    try {
      set = JSON.parse(await chosen.text());
      if (!set || !Array.isArray(set.features)) throw new Error('features');
    } catch { say(line, t('invalidFile'), 'error'); return; }
    showPending(set);
  });

  function showPending(set) {
    staff.replaceChildren();
    if (pending) pending.layer.remove();
    const layer = L.geoJSON(set, {
      style: () => ({ color: '#ef6c00', weight: 2, dashArray: '6 4', fillColor: '#ffcc80', fillOpacity: 0.35 }),
      onEachFeature: (f, l) => l.bindTooltip(`${set.features.indexOf(f) + 1}. ${pick(f.properties || {})}`),
    }).addTo(map);
    pending = { set, layer };
    drawCurrent();
    try { map.fitBounds(layer.getBounds()); } catch { /* no geometry to show */ }
    const items = set.features.map((f, i) => el('li', { 'data-feature': i },
      nameSpan(`${pick(f.properties || {}) || '?'} · ${(f.properties || {}).community || ''}`), el('span', { class: 'feature-error error' })));
    const general = el('p', { class: 'error', id: 'pending-error', role: 'alert' });
    const apply = el('button', { type: 'button', class: 'primary', id: 'apply-grids', 'data-t': 'apply' });
    const discard = el('button', { type: 'button', id: 'discard-grids', 'data-t': 'discard' });
    pendingBox.replaceChildren(el('div', { class: 'pending card' }, el('h3', { 'data-t': 'pendingSet' }), el('ol', { id: 'pending-features', class: 'grid-list' }, items),
      general, el('div', { class: 'row' }, apply, discard)));
    translate(pendingBox);
    discard.addEventListener('click', () => { layer.remove(); pending = null; pendingBox.replaceChildren(); file.value = ''; say(line, ''); drawCurrent(); });
    apply.addEventListener('click', async () => {
      items.forEach((li) => { li.classList.remove('bad'); li.querySelector('.feature-error').textContent = ''; });
      general.textContent = '';
      layer.setStyle(() => ({ color: '#ef6c00', weight: 2, dashArray: '6 4', fillColor: '#ffcc80', fillOpacity: 0.35 }));
      apply.disabled = true;
      const ok = await putSet(set, (e) => {
        const rest = [];
        for (const [k, v] of Object.entries(e.fields)) {
          const m = /^features\[(\d+)\]/.exec(k);
          if (m && items[+m[1]]) {
            items[+m[1]].classList.add('bad');
            items[+m[1]].querySelector('.feature-error').textContent = ` — ${v}`;
            layer.getLayers().filter((l) => l.feature === set.features[+m[1]]).forEach((l) => l.setStyle({ color: '#c62828', fillColor: '#ef9a9a', weight: 3 }));
          } else rest.push(`${k}: ${v}`);
        }
        general.textContent = `${t('notApplied')}${rest.length ? ` (${rest.join('; ')})` : ''}`;
        items.find((li) => li.classList.contains('bad'))?.scrollIntoView({ block: 'nearest' });
      });
      apply.disabled = false;
      if (ok) { layer.remove(); pending = null; pendingBox.replaceChildren(); file.value = ''; drawCurrent(); }
    });
    apply.focus();
  }

  drawCurrent();
}

// ---- catalogues ---------------------------------------------------------------------------------------

/** A list of entries and a form for one: the entry is put whole, with every field the form doesn't show kept. */
function catalogue(root, { title, id, path, key, items, columns, form }) {
  const line = status(`${id}-status`);
  const list = el('div', { id: `${id}-list` });
  const editor = el('div', { id: `${id}-editor` });
  const draw = () => {
    const rows = items().map((x) => el('tr', { 'data-key': x[key] }, columns.map((c) => el('td', {}, c(x))),
      el('td', {}, el('button', { type: 'button', class: 'edit', 'data-t': 'edit', onclick: () => open(x) }))));
    list.replaceChildren(rows.length ? el('table', { class: 'admin-table' }, el('tbody', {}, rows)) : el('p', { class: 'muted', 'data-t': 'empty' }));
    translate(list);
  };
  const open = (entry) => {
    const { inputs, read } = form(entry);
    const err = status(`${id}-form-status`);
    const codeInput = input(key, entry?.[key], { disabled: !!entry });
    const f = el('form', { id: `${id}-form` }, el('h3', {}, entry ? shown(entry) : t('create')), field('code', codeInput), inputs, err,
      el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary', 'data-t': 'save' }),
        el('button', { type: 'button', 'data-t': 'cancel', onclick: () => editor.replaceChildren() })));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      let body;
      try { body = { ...(entry || {}), ...read() }; } catch (e) { say(err, e.message, 'error'); return; }
      const code = entry ? entry[key] : codeInput.value.trim();
      body[key] = code;
      try {
        await api('PUT', `/admin/${path}/${encodeURIComponent(code)}`, body);
        await loadCatalogues();
        draw();
        open(items().find((x) => x[key] === code));
        say(editor.querySelector('.status'), t('saved'), 'ok');
      } catch (e) { showFields(f, err, e); }
    });
    editor.replaceChildren(f);
    translate(editor);
    f.querySelector('input:not([disabled]), select, textarea')?.focus();
  };
  root.append(el('section', { class: 'card', id }, el('div', { class: 'row' }, el('h2', { class: 'grow', 'data-t': title }),
    el('button', { type: 'button', class: 'new', 'data-t': 'create', onclick: () => open(null) })), line, list, editor));
  draw();
}

const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const DATATYPES = ['string', 'text', 'number', 'singlevaluelist', 'multivaluelist'];

/**
 * A category's questions (追问) as rows a person fills in: code, question, kind of answer, required,
 * and for the list kinds the choices a line each ("key name"). Inputs are numbered as the server
 * names its problems (`attributes[1].code`) when the form is read, so a reason lands by its input.
 */
function questionsEditor(questions) {
  const rows = el('ol', { class: 'questions', id: 'questions' });
  const add = (q = {}) => {
    const code = input('code', q.code, { autocomplete: 'off', spellcheck: 'false' });
    const description = input('description', q.description);
    const datatype = select('datatype', DATATYPES.map((d) => [d, t(`dt_${d}`)]), q.datatype || 'string');
    const required = box('required', q.required);
    const values = el('textarea', { name: 'values', rows: 3, 'data-tp': 'choicesHint' });
    values.value = (q.values || []).map((v) => (v.key === v.name ? v.key : `${v.key} ${v.name}`)).join('\n');
    const choices = field('choices', values);
    const showChoices = () => { choices.hidden = !datatype.value.endsWith('valuelist'); };
    datatype.addEventListener('change', showChoices);
    const row = el('li', { class: 'question card' },
      el('div', { class: 'row' }, el('div', { class: 'grow' }, field('questionCode', code)), el('div', { class: 'grow' }, field('answerKind', datatype)),
        field('required', required)),
      field('question', description), choices,
      el('button', { type: 'button', class: 'link remove-question', 'data-t': 'removeQuestion', onclick: () => { row.remove(); } }));
    row.read = () => {
      const q2 = { code: code.value.trim(), description: description.value.trim(), datatype: datatype.value, required: required.checked };
      if (!choices.hidden) {
        q2.values = lines(values.value).map((l) => { const [key, name] = l.split(/\s+(.*)/); return { key, name: (name || key).trim() }; });
      }
      return q2;
    };
    row.number = (i) => {
      [[code, 'code'], [description, 'description'], [datatype, 'datatype'], [required, 'required'], [values, 'values']]
        .forEach(([n, f]) => { n.name = `attributes[${i}].${f}`; });
    };
    showChoices();
    rows.append(row);
    translate(row);
    return row;
  };
  questions.forEach((q) => add(q));
  const addButton = el('button', { type: 'button', id: 'add-question', 'data-t': 'addQuestion', onclick: () => add().querySelector('input').focus() });
  const node = el('fieldset', { class: 'field' }, el('legend', { 'data-t': 'questions' }), el('input', { type: 'hidden', name: 'attributes' }),
    el('p', { class: 'muted', 'data-t': 'questionsHint' }), rows, addButton);
  return { node, read: () => [...rows.children].map((row, i) => { row.number(i); return row.read(); }) };
}
const num = (s) => (s.trim() === '' ? null : Number(s));

async function catalogueView(root) {
  catalogue(root, {
    title: 'categories', id: 'categories', path: 'categories', key: 'code', items: () => cat.categories,
    columns: [shown, (c) => t(c.priority), (c) => (c.defaultDeptId ? shown(cat.departments.find((d) => d.id === c.defaultDeptId)) || c.defaultDeptId : '–'),
      (c) => `${c.sla.respondMinutes} / ${c.sla.resolveMinutes} min · ${c.sla.clock === 'working' ? t('working') : t('calendarClock')}`],
    form: (c) => {
      const sla = c?.sla || {};
      const i = {
        name: input('name', c?.name), nameEn: input('nameEn', c?.nameEn), group: input('group', c?.group),
        priority: select('priority', ['urgent', 'high', 'normal', 'low'].map((p) => [p, t(p)]), c?.priority || 'normal'),
        defaultDeptId: select('defaultDeptId', [['', '–'], ...cat.departments.map((d) => [d.id, pick(d)])], c?.defaultDeptId || ''),
        respondMinutes: input('sla.respondMinutes', sla.respondMinutes, { type: 'number', min: 1 }),
        reportInMinutes: input('sla.reportInMinutes', sla.reportInMinutes, { type: 'number', min: 1 }),
        resolveMinutes: input('sla.resolveMinutes', sla.resolveMinutes, { type: 'number', min: 1 }),
        ratingWindowHours: input('sla.ratingWindowHours', sla.ratingWindowHours, { type: 'number', min: 1 }),
        clock: select('sla.clock', [['working', t('working')], ['calendar', t('calendarClock')]], sla.clock || 'working'),
        private: box('private', c?.private),
        questions: questionsEditor(c?.attributes || []),
      };
      return {
        inputs: [field('entryName', i.name), field('nameEn', i.nameEn), field('group', i.group), field('priority', i.priority), field('defaultDept', i.defaultDeptId),
          el('div', { class: 'days' }, field('respondMinutes', i.respondMinutes), field('reportInMinutes', i.reportInMinutes),
            field('resolveMinutes', i.resolveMinutes), field('ratingWindowHours', i.ratingWindowHours), field('clock', i.clock)),
          field('private', i.private), i.questions.node],
        read: () => ({ name: i.name.value.trim(), nameEn: i.nameEn.value.trim() || undefined, group: i.group.value.trim() || undefined,
          priority: i.priority.value, defaultDeptId: i.defaultDeptId.value || undefined, private: i.private.checked,
          sla: { respondMinutes: num(i.respondMinutes.value), reportInMinutes: num(i.reportInMinutes.value), resolveMinutes: num(i.resolveMinutes.value),
            ratingWindowHours: num(i.ratingWindowHours.value), clock: i.clock.value },
          attributes: i.questions.read() }),
      };
    },
  });
  catalogue(root, {
    title: 'departments', id: 'departments', path: 'departments', key: 'id', items: () => cat.departments,
    columns: [shown, (d) => d.phone || ''],
    form: (d) => {
      const i = { name: input('name', d?.name), nameEn: input('nameEn', d?.nameEn), phone: input('phone', d?.phone, { inputmode: 'tel' }) };
      return { inputs: [field('entryName', i.name), field('nameEn', i.nameEn), field('phoneDept', i.phone)],
        read: () => ({ name: i.name.value.trim(), nameEn: i.nameEn.value.trim() || undefined, phone: i.phone.value.trim() || undefined }) };
    },
  });
  catalogue(root, {
    title: 'services', id: 'services', path: 'services', key: 'code', items: () => cat.services,
    columns: [shown, (s) => shown(cat.departments.find((d) => d.id === s.deptId)) || s.deptId, (s) => s.modes.map(t).join(lang === 'zh' ? '、' : ', '),
      (s) => `${s.timeLimitDays} ${t('days')}`],
    form: (s) => {
      const i = {
        name: input('name', s?.name), nameEn: input('nameEn', s?.nameEn),
        deptId: select('deptId', cat.departments.map((d) => [d.id, pick(d)]), s?.deptId || cat.departments[0]?.id),
        modes: checklist('modes', ['online_consult', 'proxy', 'home_visit'].map((m) => [m, t(m)]), s?.modes || []),
        materials: el('textarea', { name: 'materials', rows: 3 }), eligibility: el('textarea', { name: 'eligibility', rows: 2 }),
        timeLimitDays: input('timeLimitDays', s?.timeLimitDays, { type: 'number', min: 1 }),
      };
      i.materials.value = (s?.materials || []).join('\n');
      i.eligibility.value = s?.eligibility || '';
      return { inputs: [field('entryName', i.name), field('nameEn', i.nameEn), field('department', i.deptId),
        el('div', { class: 'field' }, el('label', { 'data-t': 'modes' }), i.modes), field('materialsLines', i.materials), field('eligibility', i.eligibility),
        field('timeLimitDays', i.timeLimitDays)],
      read: () => ({ name: i.name.value.trim(), nameEn: i.nameEn.value.trim() || undefined, deptId: i.deptId.value, modes: checked(i.modes),
        materials: lines(i.materials.value), eligibility: i.eligibility.value.trim(), timeLimitDays: num(i.timeLimitDays.value) }) };
    },
  });
}

// ---- the working calendar ---------------------------------------------------------------------------------

async function calendarView(root) {
  const line = status('calendar-status');
  const section = el('section', { class: 'card', id: 'calendar' }, el('h2', { 'data-t': 'calendar' }), line);
  root.append(section);
  say(line, t('loading'));
  let cal;
  try { cal = await api('GET', '/admin/calendar'); } catch (e) { fail(line, e); return; }
  say(line, cal.timezone || '');
  const spans = el('div', { id: 'work-hours' });
  const addSpan = (from = '09:00', to = '17:00') => {
    const row = el('div', { class: 'row span' }, input('from', from, { type: 'time', 'aria-label': t('from') }), '–',
      input('to', to, { type: 'time', 'aria-label': t('to') }),
      el('button', { type: 'button', 'data-t': 'remove', onclick: () => row.remove() }), el('span', { class: 'field-error error' }));
    spans.append(row);
    translate(row);
  };
  cal.workHours.forEach(([a, b]) => addSpan(a, b));
  const dateList = (name, dates) => {
    const list = el('ul', { class: 'chips', id: name });
    const add = (d) => list.append(el('li', { 'data-date': d }, d, el('button', { type: 'button', class: 'link', 'aria-label': `${t('remove')} ${d}`, onclick: (e) => e.target.closest('li').remove() }, '×'),
      el('span', { class: 'field-error error' })));
    dates.forEach(add);
    const pickDate = el('input', { type: 'date', id: `${name}-date`, 'aria-label': t(name) });
    const addButton = el('button', { type: 'button', 'data-t': 'add', onclick: () => { if (pickDate.value) { add(pickDate.value); pickDate.value = ''; pickDate.focus(); } } });
    pickDate.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addButton.click(); } });
    return { list, node: el('div', { class: 'field' }, el('h3', { 'data-t': name }), list, el('div', { class: 'row' }, pickDate, addButton)),
      read: () => [...list.children].map((li) => li.dataset.date) };
  };
  const holidays = dateList('holidays', cal.holidays);
  const extra = dateList('extraWorkdays', cal.extraWorkdays);
  const err = el('p', { class: 'error', role: 'alert', id: 'calendar-error' });
  const form = el('form', { id: 'calendar-form' }, el('h3', { 'data-t': 'workHours' }), spans,
    el('button', { type: 'button', 'data-t': 'add', onclick: () => addSpan() }), el('div', { class: 'grid2' }, holidays.node, extra.node), err,
    el('button', { type: 'submit', class: 'primary', 'data-t': 'save' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    form.querySelectorAll('.field-error').forEach((n) => { n.textContent = ''; });
    err.textContent = '';
    const body = { workHours: [...spans.children].map((r) => [...r.querySelectorAll('input')].map((i) => i.value)),
      holidays: holidays.read(), extraWorkdays: extra.read() };
    try {
      cal = await api('PUT', '/admin/calendar', body);
      section.replaceChildren();
      section.remove();
      await calendarView(root);
      translate(root);
      say(root.querySelector('#calendar-status'), t('saved'), 'ok');
    } catch (e) {
      const rest = [];
      for (const [k, v] of Object.entries(e.fields || {})) {
        const m = /^(workHours|holidays|extraWorkdays)\[(\d+)\]/.exec(k);
        const target = m && (m[1] === 'workHours' ? spans : m[1] === 'holidays' ? holidays.list : extra.list).children[+m[2]];
        if (target) target.querySelector('.field-error').textContent = ` ${v}`; else rest.push(`${k}: ${v}`);
      }
      err.textContent = `${e.message}${rest.length ? ` (${rest.join('; ')})` : ''}`;
    }
  });
  section.append(form);
}

// ---- the audit log ---------------------------------------------------------------------------------------

async function auditView(root) {
  const action = select('action', [['', t('all')], ...ACTIONS.map((a) => [a, t(a)])], '');
  const actor = select('actor', [['', t('all')], ['system', t('system')], ...cat.users.map((u) => [u.id, `${u.name} (${u.username})`])], '');
  [...actor.options].slice(2).forEach((o) => o.classList.add('name')); // people's names, as written
  const from = input('from', '', { type: 'date' });
  const to = input('to', '', { type: 'date' });
  action.id = 'audit-action'; actor.id = 'audit-actor'; from.id = 'audit-from'; to.id = 'audit-to';
  const line = status('audit-status');
  const list = el('div', { id: 'audit-list' });
  const prev = el('button', { type: 'button', id: 'audit-prev', 'data-t': 'prev' });
  const next = el('button', { type: 'button', id: 'audit-next', 'data-t': 'next' });
  const form = el('form', { id: 'audit-filter', class: 'row' }, ...[['action', action], ['actor', actor], ['from', from], ['to', to]].map(([k, i]) => el('div', { class: 'grow' }, field(k, i))),
    el('button', { type: 'submit', class: 'primary', 'data-t': 'filter' }));
  const cursors = [null];
  let page = 0;
  const load = async () => {
    say(line, t('loading'));
    const q = new URLSearchParams({ limit: '20' });
    if (action.value) q.set('action', action.value);
    if (actor.value) q.set('actor', actor.value);
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    if (cursors[page]) q.set('cursor', cursors[page]);
    try {
      const r = await api('GET', `/admin/audit?${q}`);
      cursors[page + 1] = r.nextCursor;
      prev.disabled = page === 0;
      next.disabled = !r.nextCursor;
      say(line, r.items.length ? `${page + 1}` : t('empty'));
      list.replaceChildren(table(['when', 'actor', 'action', 'target', 'details'], r.items.map((x) => el('tr', { 'data-action': x.action },
        el('td', {}, new Date(x.at).toLocaleString(locale())),
        x.actor && x.actor.role !== 'system' ? el('td', { class: 'name' }, x.actor.name || userName(x.actor.id)) : el('td', {}, x.actor ? t('system') : ''),
        el('td', {}, t(x.action)), el('td', {}, targetName(x.target)), el('td', {}, diff(x.before, x.after))))));
      translate(list);
    } catch (e) { fail(line, e); }
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); cursors.length = 1; page = 0; load(); });
  prev.addEventListener('click', () => { if (page > 0) { page -= 1; load(); } });
  next.addEventListener('click', () => { if (cursors[page + 1]) { page += 1; load(); } });
  root.append(el('section', { class: 'card' }, el('h2', { 'data-t': 'audit' }), form, line, list, el('div', { class: 'row' }, prev, next)));
  await load();
}

function targetName(target) {
  if (!target) return '';
  const [kind, id] = target.split(/:(.*)/);
  if (kind === 'user') return nameSpan(userName(id));
  if (kind === 'category') return shown(cat.categories.find((c) => c.code === id)) || id;
  if (kind === 'department') return shown(cat.departments.find((d) => d.id === id)) || id;
  if (kind === 'service') return shown(cat.services.find((s) => s.code === id)) || id;
  if (id && t(`kind_${kind}`) !== `kind_${kind}`) return `${t(`kind_${kind}`)} ${id}`;
  return t(target);
}

/** What changed, field by field (top level), as text. */
function diff(before, after) {
  const keys = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])]
    .filter((k) => JSON.stringify((before || {})[k]) !== JSON.stringify((after || {})[k]));
  const short = (v) => { const s = v === undefined ? '–' : JSON.stringify(v); return s.length > 80 ? `${s.slice(0, 77)}…` : s; };
  return el('details', {}, el('summary', {}, keys.slice(0, 4).join(', ') || '–'),
    el('ul', { class: 'diff' }, keys.map((k) => el('li', {}, `${k}: `, userText(`${short((before || {})[k])} → ${short((after || {})[k])}`)))));
}

start();
