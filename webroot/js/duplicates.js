// Why the centre's queue suggests a ticket repeats another: each flagged candidate with how far and how
// long apart the two were filed, the words both use and whether they name the same building.
import { el, addText, t } from './app.js';

addText({
  zh: { dupReason: '疑似重复', dupMeters: '相距 {m} 米', dupHours: '相隔 {h} 小时', dupSameBuilding: '同一楼栋' },
  en: { dupReason: 'Possible duplicate of', dupMeters: '{m} m apart', dupHours: '{h} h apart', dupSameBuilding: 'same building' },
});

/** One line per flagged candidate of ticket {@code x}, best first; none when it is not flagged. */
export function reasonLines(x) {
  return (x.duplicateReasons || []).map((r) => el('p', { class: 'muted', 'data-reason': r.ticketId },
    [`${t('dupReason')} ${r.number || ''}`, t('dupMeters').replace('{m}', r.meters), t('dupHours').replace('{h}', r.hoursApart),
      (r.sharedWords || []).slice(0, 4).join('、'), r.sameBuilding ? t('dupSameBuilding') : '']
      .filter((s) => s).join(' · ')));
}
