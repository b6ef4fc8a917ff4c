// Notifications on this device (Web Push): one button for the worker terminal and the resident page.
// It says where things stand (not supported here, blocked in the browser, on, off) and turns them on
// only when the person asks: the browser's permission, a subscription with the server's VAPID key, and
// the subscription registered with the server for the signed-in user; off undoes both. The service
// worker (/sw.js) shows what arrives and opens the ticket on a tap.
import { api, el, t, addText } from './app.js';

addText({
  zh: {
    pushUnsupported: '此浏览器不支持通知', pushDenied: '通知已被浏览器拦截', pushOn: '通知：已开启', pushOff: '通知：未开启',
    pushWorking: '正在设置通知…', pushFailed: '未能开启通知，请重试',
    pushUnsupportedHelp: '这个浏览器（或非 https 地址）不能接收推送通知',
    pushDeniedHelp: '请在浏览器的网站设置中允许本站通知，再刷新页面', pushOnHelp: '点按关闭本机的通知',
    pushOffHelp: '点按开启：工单有进展或紧急工单时，即使页面没有打开也会通知本机',
  },
  en: {
    pushUnsupported: 'No alerts here', pushDenied: 'Alerts blocked', pushOn: 'Alerts: on',
    pushOff: 'Alerts: off', pushWorking: 'Setting up notifications…', pushFailed: 'Could not turn notifications on; try again',
    pushUnsupportedHelp: 'This browser (or a non-https address) cannot receive push notifications',
    pushDeniedHelp: 'Allow notifications for this site in the browser\'s site settings, then reload',
    pushOnHelp: 'Tap to turn notifications off on this device',
    pushOffHelp: 'Tap to turn on: this device is told of your tickets\' progress and urgent tickets even when the page is closed',
  },
});

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;

function keyBytes(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

const SVG = 'http://www.w3.org/2000/svg';

/** A bell (struck through by the style sheet while notifications are not on), beside or instead of the words. */
function bell() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'bell');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = (d, cls) => {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    if (cls) p.setAttribute('class', cls);
    svg.append(p);
  };
  path('M12 22c1.1 0 2-.9 2-2h-4c0 1.1.9 2 2 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4c0-.83-.67-1.5-1.5-1.5s-1.5.67-1.5 1.5v.68'
    + 'C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z');
  path('M3 3l18 18', 'slash-gap');
  path('M3 3l18 18', 'slash');
  return svg;
}

/**
 * The button, for the page's header: a bell and the words of where things stand (the worker's
 * terminal on a phone shows the bell alone; its words are still read out). {@code scope}: the service worker's scope for this page
 * ('/worker' for the terminal, '/' for the resident page).
 */
export function pushButton(scope) {
  const label = el('span', { class: 'label' });
  const button = el('button', { type: 'button', id: 'push', class: 'push', 'data-state': 'off', 'aria-live': 'polite' }, bell(), label);
  let state = 'off';
  const show = (s) => {
    state = s;
    button.dataset.state = s;
    const key = { unsupported: 'pushUnsupported', denied: 'pushDenied', on: 'pushOn', off: 'pushOff', working: 'pushWorking', failed: 'pushFailed' }[s];
    const help = { unsupported: 'pushUnsupportedHelp', denied: 'pushDeniedHelp', on: 'pushOnHelp' }[s] || 'pushOffHelp';
    label.dataset.t = key; // a switch of language re-labels it
    label.textContent = t(key);
    button.title = t(help);
    button.setAttribute('aria-pressed', s === 'on' ? 'true' : 'false');
    button.disabled = s === 'unsupported' || s === 'denied' || s === 'working';
  };
  document.addEventListener('pagelanguage', () => show(state)); // the help too

  const registration = () => navigator.serviceWorker.register('/sw.js', { scope })
    .then(() => navigator.serviceWorker.getRegistration(scope));

  /** The server's record of this browser for the signed-in user, or undefined. */
  const mine = async (sub) => (await api('GET', '/push/subscriptions')).items.find((x) => x.endpoint === sub.endpoint);

  async function refresh() {
    if (!supported()) return show('unsupported');
    if (Notification.permission === 'denied') return show('denied');
    try {
      const reg = await navigator.serviceWorker.getRegistration(scope);
      const sub = reg && await reg.pushManager.getSubscription();
      show(sub && Notification.permission === 'granted' && await mine(sub) ? 'on' : 'off');
    } catch { show('off'); }
  }

  async function turnOn() {
    show('working');
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return show(permission === 'denied' ? 'denied' : 'off');
      const reg = await registration();
      await navigator.serviceWorker.ready;
      const { publicKey } = await api('GET', '/push/key');
      let sub = await reg.pushManager.getSubscription();
      if (sub && sub.options && sub.options.applicationServerKey) {
        const had = new Uint8Array(sub.options.applicationServerKey);
        const wanted = keyBytes(publicKey);
        if (had.length !== wanted.length || had.some((b, i) => b !== wanted[i])) { await sub.unsubscribe(); sub = null; }
      }
      sub ||= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      await api('POST', '/push/subscriptions', sub.toJSON());
      show('on');
    } catch (e) {
      show('failed');
    }
  }

  async function turnOff() {
    show('working');
    try {
      const reg = await navigator.serviceWorker.getRegistration(scope);
      const sub = reg && await reg.pushManager.getSubscription();
      if (sub) {
        const known = await mine(sub);
        if (known) await api('DELETE', `/push/subscriptions/${encodeURIComponent(known.id)}`);
        await sub.unsubscribe();
      }
      show('off');
    } catch { refresh(); }
  }

  button.addEventListener('click', () => (state === 'on' ? turnOff() : turnOn()));
  show(supported() ? (Notification.permission === 'denied' ? 'denied' : 'off') : 'unsupported');
  refresh();
  return button;
}
