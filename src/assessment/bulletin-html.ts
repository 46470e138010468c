/** The 通报 as an A4 HTML page in the style of a government notice, for Chromium to print (./bulletin-pdf.ts). */
import type { BulletinContent, BulletinRow, BulletinSection } from './bulletin-content.js';
import { KIND_LABELS, RATE_LABELS } from './bulletin-content.js';
import { RATES } from './scheme.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const change = (x: number | null) => (x === null || x === 0 ? '—' : x > 0 ? `↑${x}` : `↓${-x}`);

/** Scores as horizontal bars (inline SVG: no script, prints as drawn). */
function chart(rows: BulletinRow[]): string {
  const ranked = rows.filter((r) => r.rank !== null && r.score !== null);
  if (ranked.length === 0) return '';
  const h = 18;
  const max = Math.max(100, ...ranked.map((r) => r.score!));
  const bars = ranked
    .map((r, i) => {
      const w = Math.max(0, (r.score! / max) * 420);
      return (
        `<text x="0" y="${i * h + 13}" font-size="11">${escapeHtml(r.name)}</text>` +
        `<rect x="130" y="${i * h + 3}" width="${w.toFixed(1)}" height="12" fill="#c00000" opacity="0.75"/>` +
        `<text x="${(136 + w).toFixed(1)}" y="${i * h + 13}" font-size="10">${num(r.score)}</text>`
      );
    })
    .join('');
  return `<svg class="chart" width="600" height="${ranked.length * h + 4}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

function section(s: BulletinSection, index: number): string {
  const head = RATES.map((r) => `<th>${RATE_LABELS[r]}</th>`).join('');
  const rows = s.rows
    .map(
      (r) =>
        `<tr><td>${r.rank ?? '—'}</td><td class="name">${escapeHtml(r.name)}</td><td>${r.dispatched}</td>` +
        RATES.map((rate) => `<td>${pct(r.rates[rate])}</td>`).join('') +
        `<td>${num(r.deduction_points)}</td><td><b>${num(r.score)}</b></td><td>${change(r.change)}</td>` +
        `<td class="note">${escapeHtml(r.note)}</td></tr>`,
    )
    .join('');
  const list = (names: string[]) => (names.length ? names.map(escapeHtml).join('、') : '（无）');
  const n = ['一', '二', '三', '四'][index] ?? String(index + 1);
  return `
<h2>${n}、${KIND_LABELS[s.kind]}排名</h2>
<p class="lists"><span class="red">红榜：${list(s.red)}</span><span class="black">黑榜：${list(s.black)}</span></p>
${chart(s.rows)}
<table>
<thead><tr><th>名次</th><th>单位</th><th>派单数</th>${head}<th>扣分</th><th>综合得分</th><th>名次变化</th><th>备注</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

export function bulletinHtml(c: BulletinContent): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(c.title)}</title>
<style>
@page { size: A4; margin: 22mm 18mm 20mm; }
body { font-family: 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif; font-size: 12px; color: #000; }
.masthead { color: #c00000; text-align: center; font-size: 30px; font-weight: bold; letter-spacing: 4px; }
.number { text-align: center; margin: 8px 0 4px; }
.rule { border-top: 2px solid #c00000; margin-bottom: 18px; }
h1 { text-align: center; font-size: 20px; margin: 10px 0 16px; }
h2 { font-size: 15px; margin: 18px 0 6px; }
.provisional { color: #c00000; text-align: center; font-weight: bold; }
.lists span { display: inline-block; margin-right: 24px; font-weight: bold; }
.lists .red { color: #c00000; }
table { width: 100%; border-collapse: collapse; margin-top: 6px; }
th, td { border: 1px solid #444; padding: 3px 4px; text-align: center; font-size: 10.5px; }
td.name { text-align: left; }
td.note { font-size: 9.5px; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.method li { margin: 2px 0; }
.date { text-align: right; margin-top: 18px; }
</style></head><body>
<div class="masthead">12345热线工作通报</div>
<div class="number">${escapeHtml(c.number)}</div>
<div class="rule"></div>
<h1>${escapeHtml(c.title)}</h1>
${c.provisional ? '<p class="provisional">（临时排名 · 本月成绩尚未冻结）</p>' : ''}
<p>${escapeHtml(c.summary)}</p>
${c.sections.map(section).join('\n')}
<h2>说明</h2>
<ol class="method">${c.method.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ol>
<p class="date">${escapeHtml(c.date)}</p>
</body></html>`;
}
