/**
 * Report assembly: statuses from the findings. A line is FAIL when not well formed or with any error,
 * UNCHECKED when its service could not be determined (unmapped code, no catalogue record) or when the
 * claim's provider or recipient is unknown and it has no error of its own, WARN with warnings only,
 * else PASS. A claim is FAIL when it or any line has an error or any line is UNCHECKED (an unchecked
 * line can never let a claim pass), WARN with warnings only, else PASS.
 */
import type { ClaimReport, ClaimStatus, LineReport, LineStatus } from './types';
import type { ClaimWork, LineWork } from './work';

export function lineStatus(line: LineWork): LineStatus {
  if (line.state === 'INVALID') return 'FAIL';
  if (line.state === 'UNCHECKED') return 'UNCHECKED';
  if (line.errors > 0) return 'FAIL';
  if (line.incomplete) return 'UNCHECKED';
  return line.warnings > 0 ? 'WARN' : 'PASS';
}

export function claimReport(claim: ClaimWork): ClaimReport {
  let failed = claim.errors > 0;
  let warned = claim.warnings > 0;
  const lines: LineReport[] = new Array(claim.lines.length);
  for (let i = 0; i < claim.lines.length; i++) {
    const l = claim.lines[i];
    const status = lineStatus(l);
    if (status === 'FAIL' || status === 'UNCHECKED') failed = true;
    else if (status === 'WARN') warned = true;
    const out: LineReport = {
      lineId: typeof l.input.lineId === 'string' ? l.input.lineId : String(l.input.lineId ?? l.index + 1),
      service: l.service,
      status,
      minutes: l.minutes,
      findings: l.findings ?? [],
    };
    // the claim's own checks (its form, who it names) bear on every line
    if (l.checks !== null) out.checks = claim.checks !== null && claim.checks.length ? [...claim.checks, ...l.checks] : l.checks;
    if (l.input.location) out.location = l.input.location;
    lines[i] = out;
  }
  const status: ClaimStatus = failed ? 'FAIL' : warned ? 'WARN' : 'PASS';
  const report: ClaimReport = { claimId: claim.claimId } as ClaimReport;
  if (claim.provider) report.providerId = claim.provider.id;
  if (claim.recipient) report.recipientId = claim.recipient.id;
  report.status = status;
  report.lines = lines;
  report.findings = claim.findings ?? [];
  if (claim.input?.location) report.location = claim.input.location;
  return report;
}
