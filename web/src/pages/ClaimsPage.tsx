import { useMemo, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { ApiProblem, request, upload, type UploadProgress } from '../api/client';
import type { ClaimReport, ClaimsReport, LineReport, Problem, Session } from '../api/types';
import { PageHeading, ProblemMessage, StatusBadge, problemOf, words } from '../ui';
import { CapUsage } from './CapUsage';

type Kind = 'x12' | 'json';

interface Checked {
  file: File;
  kind: Kind;
  report: ClaimsReport;
  committed: boolean;
}

const X12_TYPE = 'application/edi-x12';

async function kindOf(file: File): Promise<Kind> {
  if (/\.json$/i.test(file.name)) return 'json';
  const head = (await file.slice(0, 64).text()).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('{') || head.startsWith('[') ? 'json' : 'x12';
}

/** JSON claim files are one claim, an array, or { claims: [...] }: the API takes one claim or { claims }. */
async function jsonBody(file: File): Promise<Blob> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch (e) {
    throw new ApiProblem({ status: 400, detail: `${file.name} is not valid JSON: ${(e as Error).message}` });
  }
  return new Blob([JSON.stringify(Array.isArray(parsed) ? { claims: parsed } : parsed)], { type: 'application/json' });
}

async function send(file: File, kind: Kind, commit: boolean, explain: boolean, onProgress: (p: UploadProgress) => void): Promise<ClaimsReport> {
  const q = (params: string[]) => (params.length ? `?${params.join('&')}` : '');
  const params = [...(explain ? ['explain=true'] : []), ...(commit && kind === 'x12' ? ['commit=true'] : [])];
  if (kind === 'x12') return upload<ClaimsReport>(`/api/v1/claims/x12${q(params)}`, file, X12_TYPE, onProgress);
  return upload<ClaimsReport>(`${commit ? '/api/v1/claims' : '/api/v1/claims/validate'}${q(params)}`, await jsonBody(file), 'application/json', onProgress);
}

/**
 * The report with every line's checks; a file longer than the server explains in one answer (413 naming
 * `explainLineLimit`) is sent again without, and the page says so.
 */
async function sendExplained(file: File, kind: Kind, commit: boolean, onProgress: (p: UploadProgress) => void, onUnexplained: (limit: number) => void): Promise<ClaimsReport> {
  try {
    return await send(file, kind, commit, true, onProgress);
  } catch (e) {
    const limit = e instanceof ApiProblem ? e.problem.explainLineLimit : undefined;
    if (limit === undefined) throw e;
    onUnexplained(limit);
    return send(file, kind, commit, false, onProgress);
  }
}

function saveAs(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const baseName = (file: File) => file.name.replace(/\.[^.]+$/, '') || 'claims';

export function ClaimsPage({ session }: { session: Session }) {
  const [checked, setChecked] = useState<Checked | null>(null);
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number; phase: 'upload' | 'check' } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const run = async (file: File, kind: Kind, commit: boolean): Promise<ClaimsReport | null> => {
    setProblem(null);
    setNotice(null);
    setProgress({ name: file.name, loaded: 0, total: file.size, phase: 'upload' });
    try {
      const onProgress = (p: UploadProgress) => setProgress({ name: file.name, loaded: p.loaded, total: p.total, phase: p.loaded >= p.total ? 'check' : 'upload' });
      const unexplained = (limit: number) =>
        setNotice(`${file.name} has more than ${limit.toLocaleString('en-US')} claim lines: the report gives each finding and its action, without every rule applied to each line (the server explains up to ${limit.toLocaleString('en-US')} lines at a time).`);
      return await sendExplained(file, kind, commit, onProgress, unexplained);
    } catch (e) {
      setProblem(problemOf(e));
      return null;
    } finally {
      setProgress(null);
    }
  };

  const check = async (file: File | undefined) => {
    if (!file) return;
    const kind = await kindOf(file);
    setChecked(null);
    const report = await run(file, kind, false);
    if (report) setChecked({ file, kind, report, committed: false });
  };

  const onChoose = (e: ChangeEvent<HTMLInputElement>) => void check(e.target.files?.[0]);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void check(e.dataTransfer.files[0]);
  };

  const commit = async () => {
    if (!checked) return;
    const report = await run(checked.file, checked.kind, true);
    if (!report) return;
    const recorded = report.claims.filter((c) => c.recorded);
    const repeats = recorded.filter((c) => c.repeat).length;
    setChecked({ ...checked, report, committed: true });
    setNotice(
      `Recorded ${recorded.length} of ${report.claims.length} claims in the cap ledger` +
        (repeats ? ` (${repeats} had been recorded before: nothing changed for them)` : '') +
        '. Claims with errors were not recorded.',
    );
  };

  const downloadCsv = async () => {
    if (!checked) return;
    setProblem(null);
    try {
      const body = checked.kind === 'x12' ? checked.file : await jsonBody(checked.file);
      const path = checked.kind === 'x12' ? '/api/v1/claims/x12' : '/api/v1/claims/validate';
      const res = await request(path, { method: 'POST', body, headers: { 'Content-Type': checked.kind === 'x12' ? X12_TYPE : 'application/json', Accept: 'text/csv' } });
      saveAs(await res.blob(), `${baseName(checked.file)}.report.csv`);
    } catch (e) {
      setProblem(problemOf(e));
    }
  };

  return (
    <>
      <PageHeading>Claims check</PageHeading>
      <p>Check an X12 837P file or JSON claims against Part 140 before billing. Checking changes nothing; recording puts the case-management minutes of claims without errors in the cap ledger.</p>
      <section aria-labelledby="file-heading" className={`drop-zone${dragging ? ' dragging' : ''}`} onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <h2 id="file-heading">File</h2>
        <div className="field">
          <label htmlFor="claim-file">Claim file</label>
          <input ref={inputRef} id="claim-file" type="file" accept=".837,.x12,.edi,.txt,.json,application/json,text/plain" onChange={onChoose} aria-describedby="claim-file-hint" />
          <small id="claim-file-hint" className="hint">
            An 837P (005010X222A1) or JSON claims. You can also drop a file here.
          </small>
        </div>
        {progress && (
          <div className="progress" role="status">
            <label htmlFor="upload-progress">{progress.phase === 'upload' ? `Sending ${progress.name}` : `Checking ${progress.name}`}</label>
            <progress id="upload-progress" max={progress.total || 1} value={progress.phase === 'upload' ? progress.loaded : undefined}>
              {progress.total ? Math.round((100 * progress.loaded) / progress.total) : 0}%
            </progress>
          </div>
        )}
      </section>
      <ProblemMessage problem={problem} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {checked && <Report checked={checked} onCommit={commit} onCsv={downloadCsv} onJson={() => saveAs(new Blob([JSON.stringify(checked.report, null, 2)], { type: 'application/json' }), `${baseName(checked.file)}.report.json`)} busy={!!progress} />}
      <CapUsage session={session} />
    </>
  );
}

function Report({ checked, onCommit, onCsv, onJson, busy }: { checked: Checked; onCommit: () => void; onCsv: () => void; onJson: () => void; busy: boolean }) {
  const { report } = checked;
  const [status, setStatus] = useState('');
  const [code, setCode] = useState('');
  const dialogRef = useRef<HTMLDialogElement>(null);
  const lines = report.claims.flatMap((c) => c.lines);
  const codes = useMemo(() => [...new Set(report.claims.flatMap((c) => [...c.findings, ...c.lines.flatMap((l) => l.findings)]).map((f) => f.code))].sort(), [report]);
  const count = (items: { status: string }[], s: string) => items.filter((i) => i.status === s).length;
  const lineShown = (l: LineReport) => (!status || l.status === status) && (!code || l.findings.some((f) => f.code === code));
  const claimShown = (c: ClaimReport) => c.lines.some(lineShown) || (!status && (!code || c.findings.some((f) => f.code === code)));
  const recordable = report.claims.filter((c) => c.status !== 'FAIL');
  const shown = report.claims.filter(claimShown);

  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">Report: {checked.file.name}</h2>
      <p role="status">
        {report.claims.length} claims: {count(report.claims, 'PASS')} pass, {count(report.claims, 'WARN')} with warnings, {count(report.claims, 'FAIL')} fail; {lines.length} lines: {count(lines, 'PASS')} pass,{' '}
        {count(lines, 'WARN')} with warnings, {count(lines, 'FAIL')} fail, {count(lines, 'UNCHECKED')} unchecked.
      </p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            <option value="PASS">Pass</option>
            <option value="WARN">Warning</option>
            <option value="FAIL">Fail</option>
            <option value="UNCHECKED">Unchecked</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-code">Finding code</label>
          <select id="filter-code" value={code} onChange={(e) => setCode(e.target.value)}>
            <option value="">All</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={onJson}>
          Download JSON
        </button>
        <button type="button" onClick={onCsv} disabled={busy}>
          Download CSV
        </button>
        {!checked.committed && (
          <button type="button" className="primary" disabled={busy || recordable.length === 0} onClick={() => dialogRef.current?.showModal()}>
            Record in the cap ledger…
          </button>
        )}
      </div>
      <dialog ref={dialogRef} aria-labelledby="confirm-heading" aria-describedby="confirm-text">
        <form method="dialog">
          <h2 id="confirm-heading">Record these claims?</h2>
          <div id="confirm-text">
            <p>
              {recordable.length} of {report.claims.length} claims have no errors. Their targeted case management and Transition, Linkage and Aftercare minutes will be recorded in the cap ledger for each
              recipient and State fiscal year (140.453(e)(2)): {recordable.map((c) => c.claimId).join(', ')}.
            </p>
            <p>{report.claims.length - recordable.length} claims with errors will not be recorded. Recording the same claims again changes nothing.</p>
          </div>
          <div className="buttons">
            <button value="cancel" type="submit">
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => { dialogRef.current?.close(); onCommit(); }}>
              Record {recordable.length} claims
            </button>
          </div>
        </form>
      </dialog>
      {shown.length === 0 && <p>No line matches the filters.</p>}
      {shown.map((c) => (
        <ClaimTable key={`${c.claimId}|${c.location?.segmentIndex ?? ''}`} claim={c} lineShown={lineShown} />
      ))}
    </section>
  );
}

function ClaimTable({ claim, lineShown }: { claim: ClaimReport; lineShown: (l: LineReport) => boolean }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setOpen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const idBase = `claim-${claim.claimId.replace(/[^A-Za-z0-9_-]/g, '_')}-${claim.location?.segmentIndex ?? 0}`;
  return (
    <section className="claim" aria-labelledby={`${idBase}-h`}>
      <h3 id={`${idBase}-h`}>
        Claim {claim.claimId} <StatusBadge status={claim.status} />
        {claim.recorded !== undefined && <span className="tag">{claim.recorded ? (claim.repeat ? 'recorded before' : 'recorded') : 'not recorded'}</span>}
        {claim.location && <span className="muted"> transaction {claim.location.transactionControlNumber}, segment {claim.location.segmentIndex}</span>}
      </h3>
      {claim.findings.length > 0 && <Findings findings={claim.findings} />}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Minutes</th>
              <th scope="col">Findings</th>
              <th scope="col">Explanation</th>
            </tr>
          </thead>
          <tbody>
            {claim.lines.filter(lineShown).map((l) => {
              const id = `${idBase}-line-${l.lineId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
              const expanded = open.has(l.lineId);
              return (
                <LineRows key={l.lineId} line={l} id={id} expanded={expanded} onToggle={() => toggle(l.lineId)} recordedBefore={claim.repeat === true} />
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function LineRows({ line, id, expanded, onToggle, recordedBefore }: { line: LineReport; id: string; expanded: boolean; onToggle: () => void; recordedBefore: boolean }) {
  return (
    <>
      <tr className={`row-${line.status.toLowerCase()}`}>
        <th scope="row">
          {line.lineId}
          {line.location && <span className="muted"> (segment {line.location.segmentIndex})</span>}
        </th>
        <td>{line.service ? words(line.service) : '—'}</td>
        <td>
          <StatusBadge status={line.status} />
        </td>
        <td className="num">{line.minutes}</td>
        <td>{line.findings.length ? <Findings findings={line.findings} /> : 'None'}</td>
        <td>
          <button type="button" className="link" aria-expanded={expanded} aria-controls={`${id}-explain`} onClick={onToggle}>
            {expanded ? 'Hide' : 'Explain'}
            <span className="visually-hidden"> line {line.lineId}</span>
          </button>
        </td>
      </tr>
      <tr id={`${id}-explain`} hidden={!expanded} className="explain">
        <td colSpan={6}>{expanded && <Explanation line={line} recordedBefore={recordedBefore} />}</td>
      </tr>
    </>
  );
}

function Findings({ findings }: { findings: ClaimReport['findings'] }) {
  return (
    <ul className="findings">
      {findings.map((f, i) => (
        <li key={i} className={`finding-${f.severity}`}>
          <span className="finding-head">
            <span className="sev">{f.severity === 'error' ? 'Error' : 'Warning'}</span> <code>{f.code}</code> <cite>{f.citation}</cite>
          </span>
          <span className="finding-message">{f.message}</span>
          <span className="finding-action">
            <strong>Action:</strong> {f.action}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The rules applied to the line (`checks`: the page asks for them). Without them: a claim recorded before
 * is answered with the report it got then, which keeps none; a file longer than the server explains at a
 * time was checked without them. The page says which, and how to see them.
 */
function Explanation({ line, recordedBefore }: { line: LineReport; recordedBefore: boolean }) {
  if (!line.checks?.length) {
    return recordedBefore ? (
      <p>This claim was recorded before: its report is the one it got then, which does not keep the rules applied. Check the file again (without recording) to see them.</p>
    ) : (
      <p>This file was checked without explanations (it has more lines than the server explains at a time): the findings say what failed. Check a smaller part of the file to see every rule applied.</p>
    );
  }
  return (
    <table className="checks">
      <caption>Rules applied to line {line.lineId}</caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Citation</th>
          <th scope="col">Outcome</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {line.checks.map((c, i) => (
          <tr key={i} className={`check-${c.outcome}`}>
            <td>
              <code>{c.ruleId}</code>
            </td>
            <td>
              <cite>{c.citation}</cite>
            </td>
            <td>{c.outcome === 'passed' ? '✓ passed' : c.outcome === 'failed' ? '✗ failed' : '– skipped'}</td>
            <td>{c.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
