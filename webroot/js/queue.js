// A live queue of tickets with their actions: the worker terminal and the department desk.
import { api, el, t, lang, countdown, timelineView, keyed, nameOf } from './app.js';

const RANK = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Most urgent first, then the nearest (or most overdue) deadline. */
function order(a, b) {
  return (RANK[a.priority] ?? 9) - (RANK[b.priority] ?? 9)
    || String(a.deadlines.respondBy || a.deadlines.resolveBy).localeCompare(String(b.deadlines.respondBy || b.deadlines.resolveBy));
}

export class Queue {
  /**
   * {@code open}: the states still being handled (the vocabulary's); a ticket leaves the queue when it
   * leaves them. {@code entries}: the catalogue by code, for category and item names.
   */
  constructor(container, { open, entries, actionsFor, deadlineOf }) {
    this.container = container;
    this.entries = entries;
    this.open = new Set(open);
    this.actionsFor = actionsFor;
    this.deadlineOf = deadlineOf;
    this.tickets = new Map();
    this.events = new Map();
    setInterval(() => this.tick(), 30000); // countdowns move
  }

  put(ticket) { if (ticket) this.tickets.set(ticket.id, ticket); }

  async open(id) {
    this.events.set(id, await api('GET', `/tickets/${id}/events`));
    this.render();
  }

  /** Moves the countdowns on without rebuilding any card. */
  tick() {
    for (const card of this.container.querySelectorAll('article[data-ticket]')) {
      const ticket = this.tickets.get(card.dataset.ticket);
      const badge = card.querySelector('.countdown');
      if (ticket && badge) badge.textContent = countdown(this.deadlineOf(ticket));
    }
  }

  render() {
    const items = [...this.tickets.values()].filter((x) => this.open.has(x.status)).sort(order);
    this.container.dataset.empty = t('emptyQueue'); // shown by the stylesheet while the queue is empty
    keyed(this.container, items, (x) => x.id, (x) => `${lang}:${x.version}:${x.status}:${(this.events.get(x.id) || []).length}`, (ticket) => {
      const deadline = this.deadlineOf(ticket);
      const late = deadline && new Date(deadline) < Date.now();
      const card = el('article', { class: `ticket ${ticket.priority}`, 'data-ticket': ticket.id, 'data-status': ticket.status, tabindex: 0 },
        el('div', { class: 'row' }, el('span', { class: 'num' }, ticket.number), el('span', { class: 'badge' }, nameOf(this.entries[ticket.category || ticket.serviceCode], ticket.category || ticket.serviceCode)),
          el('span', { class: 'badge status' }, t(ticket.status)), el('span', { class: `badge ${late ? 'overdue' : ''} countdown` }, countdown(deadline))),
        el('p', { class: 'desc' }, ticket.description), ticket.address ? el('p', { class: 'muted' }, ticket.address) : null,
        el('div', { class: 'row actions' }, this.actionsFor(ticket)),
        this.events.has(ticket.id) ? timelineView(this.events.get(ticket.id)) : el('button', { type: 'button', class: 'show-timeline', onclick: () => this.open(ticket.id) }, '⋯'));
      return card;
    });
  }
}

/** A small inline form: one text field and a submit button; shows refusals in place. */
export function inlineForm(label, field, onSubmit, extra) {
  const input = el('input', { 'data-tp': field, 'aria-label': t(field), class: 'grow', maxlength: 500 });
  const msg = el('span', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'row grow' }, extra || null, input, el('button', { type: 'submit', 'data-t': label }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    try { await onSubmit(input.value.trim(), form); input.value = ''; } catch (e) { msg.textContent = e.describe ? e.describe() : e.message; }
  });
  return form;
}
