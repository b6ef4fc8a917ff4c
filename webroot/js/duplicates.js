// Why the centre's queue suggests a ticket repeats another: each flagged candidate with how far and how
// long apart the two were filed, the words both use, whether they name the same building and whether a
// photo of each is the same picture; and the
// incidents forming live in the centre's feed.
import { el, addText, t, lang, userText, plural } from './app.js';

addText({
  zh: { dupReason: '疑似重复', dupMeters: '相距 {m} 米', dupHours: '相隔 {h} 小时', dupSameBuilding: '同一楼栋', dupSamePhoto: '同一照片',
    incidentReports: '{n} 条诉求' },
  en: { dupReason: 'Possible duplicate of', dupMeters: '{m} m apart', dupHours: '{h} h apart', dupSameBuilding: 'same building', dupSamePhoto: 'same photo',
    incidentReports: '{n} reports', incidentReports_one: '{n} report' },
});

/** One line per flagged candidate of ticket {@code x}, best first; none when it is not flagged. */
export function reasonLines(x) {
  // the words both tickets use are the residents' own: shown as written, marked as theirs
  return (x.duplicateReasons || []).map((r) => {
    const words = (r.sharedWords || []).slice(0, 4);
    const parts = [`${t('dupReason')} ${r.number || ''}`, t('dupMeters').replace('{m}', r.meters), t('dupHours').replace('{h}', r.hoursApart),
      words.length ? userText(words.join(lang === 'zh' ? '、' : ', '), 'span', { class: 'shared-words' }) : '', r.sameBuilding ? t('dupSameBuilding') : '',
      r.samePhoto ? t('dupSamePhoto') : '']
      .filter((s) => s);
    return el('p', { class: 'muted', 'data-reason': r.ticketId }, parts.flatMap((s, i) => (i ? [' · ', s] : [s])));
  });
}

/** Marks a line of the centre's live feed when its event forms an incident: {@code incident} class and how many reports. */
export function markIncident(line, frame) {
  if (frame.type !== 'incident_formed') return line;
  line.classList.add('incident', 'overdue');
  line.setAttribute('data-incident', frame.ticketId);
  if (frame.data && frame.data.reports) line.append(` · ${plural('incidentReports', frame.data.reports)}`);
  return line;
}
