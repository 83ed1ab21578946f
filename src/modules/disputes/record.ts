/**
 * R16: the parties get the records of their case — a printable HTML page of the
 * claim, the timeline with every message and piece of evidence, the outcome and the
 * money moved. Every text a person typed is escaped.
 */
import escapeHtml from 'escape-html';
import type { Transfer } from '../ledger/index.js';
import type { DisputeView } from './service.js';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;

export function renderRecord(d: DisputeView, money: readonly Transfer[]): string {
  const allEvidence = [...d.evidence, ...d.messages.flatMap((m) => m.evidence)];
  const timeline = d.timeline.map((e) => `<tr>${cell(e.at)}${cell(e.type)}${cell(e.actorId ?? 'platform timer')}${cell(e.body ?? '')}${cell(JSON.stringify(e.detail))}</tr>`);
  const messages = d.messages.map((m) => `<tr>${cell(m.at)}${cell(m.authorId)}${cell(m.body)}${cell(m.evidence.join(' '))}</tr>`);
  const ruling = d.ruling
    ? `<p>Decided by the ${escapeHtml(d.ruling.by)}: refund ${yuan(d.ruling.refund)}, compensation ${yuan(d.ruling.compensation)}${d.ruling.providerCompensation > 0 ? `, compensation charged to the service provider ${yuan(d.ruling.providerCompensation)}` : ''}${d.ruling.reason ? ` — ${escapeHtml(d.ruling.reason)}` : ''}</p>`
    : `<p>No outcome yet (status: ${escapeHtml(d.status)}).</p>`;
  const lines = money.map((t) => `<tr>${cell(t.createdAt.toISOString())}${cell(t.id)}${cell(t.code)}${cell(yuan(t.amount))}</tr>`);
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>纠纷记录 Dispute record ${escapeHtml(d.id)}</title>`,
    '<style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}</style>',
    '</head><body>',
    `<h1>纠纷记录 Dispute record</h1>`,
    `<p>Case ${escapeHtml(d.id)} on order ${escapeHtml(d.orderId)}; opened ${escapeHtml(d.createdAt)}; status ${escapeHtml(d.status)}${d.closedAt ? `; closed ${escapeHtml(d.closedAt)}` : ''}.</p>`,
    d.serviceProvider
      ? `<p>Service provider ${escapeHtml(d.serviceProvider.id)} is a party (D7); its answer: ${escapeHtml(d.serviceProvider.answer ?? 'none yet')}${d.serviceProvider.share !== null ? `, bearing ${yuan(d.serviceProvider.share)}` : ''}.</p>`
      : '',
    `<h2>Claim</h2><p>Category ${escapeHtml(d.category)}; paid ${yuan(d.paid)}; refund claimed ${yuan(d.claim.refund)}; compensation claimed ${yuan(d.claim.compensation)}.</p>`,
    `<p>${escapeHtml(d.description)}</p>`,
    `<h2>Evidence</h2><ul>${allEvidence.map((url) => `<li>${escapeHtml(url)}</li>`).join('')}</ul>`,
    `<h2>Timeline</h2><table><tr><th>At</th><th>Event</th><th>By</th><th>Text</th><th>Detail</th></tr>${timeline.join('')}</table>`,
    `<h2>Messages</h2><table><tr><th>At</th><th>From</th><th>Message</th><th>Evidence</th></tr>${messages.join('')}</table>`,
    `<h2>Outcome</h2>${ruling}`,
    `<h2>Money moved</h2><table><tr><th>At</th><th>Transfer</th><th>Kind</th><th>Amount</th></tr>${lines.join('')}</table>`,
    '</body></html>',
  ].join('\n');
}
