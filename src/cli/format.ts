/**
 * Output of `bhcheck validate`: json (the report), csv (one row per finding, or per line without
 * one: src/claims/claims-csv.ts, as the API gives it), text (a table per claim, for a person at a
 * terminal). Each claim is formatted as its report is made and spooled, so output never needs the
 * whole report in memory.
 */
import type { CapReport, ClaimReport } from '../rules/claims';

export type OutputFormat = 'text' | 'json' | 'csv';

export interface Totals {
  claims: number;
  claimsByStatus: Record<string, number>;
  lines: number;
  linesByStatus: Record<string, number>;
}

export function emptyTotals(): Totals {
  return { claims: 0, claimsByStatus: {}, lines: 0, linesByStatus: {} };
}

export function count(t: Totals, c: ClaimReport): void {
  t.claims++;
  t.claimsByStatus[c.status] = (t.claimsByStatus[c.status] ?? 0) + 1;
  for (const l of c.lines) {
    t.lines++;
    t.linesByStatus[l.status] = (t.linesByStatus[l.status] ?? 0) + 1;
  }
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => indent + l).join('\n');
}

export interface TextStyle {
  color: boolean;
  width: number;
}

function paint(status: string, style: TextStyle): string {
  const padded = status.padEnd(9);
  if (!style.color) return padded;
  const code = status === 'PASS' ? 32 : status === 'WARN' ? 33 : status === 'FAIL' ? 31 : 35;
  return `\x1b[${code}m${padded}\x1b[0m`;
}

export function textClaim(c: ClaimReport & { recorded?: boolean; repeat?: boolean }, style: TextStyle): string {
  const where = c.location ? `  (transaction ${c.location.transactionControlNumber}, segment ${c.location.segmentIndex})` : '';
  const rec = c.recorded === undefined ? '' : c.recorded ? (c.repeat ? '  already recorded' : '  recorded') : '  not recorded';
  const out: string[] = [`Claim ${c.claimId}  ${paint(c.status, style).trimEnd()}${rec}${where}`];
  for (const f of c.findings) {
    out.push(`  ${f.severity === 'error' ? 'error' : 'warning'} ${f.code} (${f.citation})`, wrap(f.message, style.width - 6, '      '));
    if (f.action) out.push(wrap(`action: ${f.action}`, style.width - 6, '      '));
  }
  out.push(`  ${'line'.padEnd(12)} ${'service'.padEnd(30)} ${'status'.padEnd(9)} ${'minutes'.padStart(7)}  segment`);
  for (const l of c.lines) {
    out.push(`  ${l.lineId.padEnd(12)} ${(l.service ?? '-').padEnd(30)} ${paint(l.status, style)} ${String(l.minutes).padStart(7)}  ${l.location?.segmentIndex ?? ''}`);
    for (const f of l.findings) {
      out.push(`      ${f.severity === 'error' ? 'error  ' : 'warning'} ${f.code}  ${f.citation}`);
      out.push(wrap(f.message, style.width - 14, '              '));
      if (f.action) out.push(wrap(`action: ${f.action}`, style.width - 14, '              '));
    }
    // --explain: every rule applied, one line each (the reason wrapped under it)
    for (const k of l.checks ?? []) {
      out.push(`      ${k.outcome.padEnd(7)} ${k.ruleId}  ${k.citation}`);
      out.push(wrap(k.reason, style.width - 14, '              '));
    }
  }
  return out.join('\n') + '\n\n';
}

export function textTotals(
  t: Totals,
  caps: CapReport[],
  file?: { interchanges: number; transactions: number; claims: number; lines: number; envelopeWarnings: { message: string }[] },
  medicaidIds: Map<string, string> = new Map(),
): string {
  const part = (m: Record<string, number>) => ['PASS', 'WARN', 'FAIL', 'UNCHECKED'].filter((k) => m[k]).map((k) => `${m[k]} ${k.toLowerCase()}`).join(', ') || 'none';
  const out = [`${t.claims} claim${t.claims === 1 ? '' : 's'}: ${part(t.claimsByStatus)}; ${t.lines} line${t.lines === 1 ? '' : 's'}: ${part(t.linesByStatus)}`];
  if (file) out.push(`file: ${file.interchanges} interchange(s), ${file.transactions} transaction(s), ${file.claims} claims, ${file.lines} service lines`);
  for (const w of file?.envelopeWarnings ?? []) out.push(`envelope warning: ${w.message}`);
  for (const c of caps) {
    const who = medicaidIds.has(c.recipientId) ? `Medicaid ID ${medicaidIds.get(c.recipientId)}` : `recipient ${c.recipientId}`;
    out.push(`${c.sfy} caps, ${who}: targeted case management ${c.tcm.usedMinutes} min used, ${c.tcm.remainingMinutes} left; TLA ${c.tla.usedMinutes} used, ${c.tla.remainingMinutes} left`);
  }
  return out.join('\n') + '\n';
}
