/**
 * Enrollment (GET /providers/{id}/enrollment-check): a provider's criteria on a date, what is missing
 * or lapsing first, then the checklist grouped by section (140.452, 140.499, Table O (a)-(e)), each
 * criterion's evidence history, a form to record evidence (the API's problem+json errors beside the
 * fields they name), and the person-by-person background checks of Table O(c)(3).
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { CRITERION_SECTIONS, ENROLLMENT_CRITERIA, type EnrollmentCriterion as CriterionRecord } from '../../../src/rules/enrollment/criteria';
import { api, dataOf } from '../api/client';
import type { BackgroundCheckList, EnrollmentCheck, EnrollmentCriterion, Evidence, Problem, Schemas, Session } from '../api/types';
import { can } from '../pages';
import { Link } from '../router';
import { describedBy, Field, focusFirstError, FormProblem, isDate, Loading, PageHeading, ProblemMessage, problemOf, StatusBadge, today, useLoad } from '../ui';
import { CHECK_KIND_NAMES } from './StaffForm';
import { ProviderPicker } from './StaffPage';

/** The criteria as data (one record per id; the versions share what the page shows). */
const RECORDS = new Map<string, CriterionRecord>(ENROLLMENT_CRITERIA.map((c) => [c.id, c]));

const RESTS_TEXT = (c: CriterionRecord | undefined): string => {
  if (!c) return '';
  if (c.rests === 'DERIVED') return c.evidence ? 'Derived from the registry, or evidence' : 'Derived from the registry';
  const lapse = c.evidence!.lapse;
  return lapse === 'ANNUAL' ? 'Evidence, annual' : lapse === 'QUARTERLY' ? 'Evidence, every quarter' : c.evidence!.expiresOnRequired ? 'Evidence, until it expires' : 'Evidence';
};

/** Missing or lapsing first: NOT_MET, then EXPIRING soonest first, then NOT_RECORDED. */
const ATTENTION_ORDER: Record<string, number> = { NOT_MET: 0, EXPIRING: 1, NOT_RECORDED: 2 };

function initialProvider(session: Session): string {
  const wanted = new URLSearchParams(window.location.search).get('providerId');
  return session.providers.find((p) => p.id === wanted)?.id ?? session.providers[0]?.id ?? '';
}

export function EnrollmentPage({ session }: { session: Session }) {
  const [providerId, setProviderId] = useState(() => initialProvider(session));
  const [asOf, setAsOf] = useState(today());
  const [formCriterion, setFormCriterion] = useState('');
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [recorded, setRecorded] = useState(0);
  const formRef = useRef<HTMLElement>(null);
  const ready = providerId && isDate(asOf);
  const check = useLoad<EnrollmentCheck>(
    ready ? () => dataOf<EnrollmentCheck>(api.GET('/api/v1/providers/{id}/enrollment-check', { params: { path: { id: providerId }, query: { asOf } } })) : null,
    [providerId, asOf, recorded],
  );
  const checks = useLoad<BackgroundCheckList>(
    ready ? () => dataOf<BackgroundCheckList>(api.GET('/api/v1/providers/{id}/background-checks', { params: { path: { id: providerId }, query: { asOf } } })) : null,
    [providerId, asOf],
  );
  const providerName = session.providers.find((p) => p.id === providerId)?.name ?? providerId;
  const canRecord = can.recordEvidence(session.role);
  const criteria = check.data?.criteria ?? [];
  const attention = criteria
    .filter((c) => c.status !== 'MET' && !RECORDS.get(c.id)?.summarises)
    .sort((a, b) => ATTENTION_ORDER[a.status] - ATTENTION_ORDER[b.status] || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  const recordable = criteria.filter((c) => RECORDS.get(c.id)?.evidence);
  const counts = (['MET', 'EXPIRING', 'NOT_RECORDED', 'NOT_MET'] as const).map((s) => [s, criteria.filter((c) => c.status === s).length] as const).filter(([, n]) => n > 0);

  const startRecording = (id: string) => {
    setFormCriterion(id);
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('#evidence-documentedOn')?.focus(), 0);
  };
  const rowProps = { providerId, canRecord, historyOf, onHistory: (id: string) => setHistoryOf((h) => (h === id ? null : id)), onRecord: startRecording, recorded };

  return (
    <>
      <PageHeading>Enrollment</PageHeading>
      <p>Whether a provider qualifies on a date: for a BHC, 140.499 and every criterion of Table O; for a CMHC, its certification under 59 Ill. Adm. Code 132; for an independent practitioner, 140.452(a)(3).</p>
      <div className="toolbar">
        <ProviderPicker session={session} value={providerId} onChange={setProviderId} id="enrollment-provider" />
        <div className="field">
          <label htmlFor="enrollment-as-of">Date</label>
          <input id="enrollment-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} required />
        </div>
      </div>
      <ProblemMessage problem={check.problem} />
      {check.loading && <Loading what="the enrollment check" />}
      {check.data && (
        <>
          <section aria-labelledby="enrollment-summary" className="enrollment-summary">
            <h2 id="enrollment-summary">
              {providerName} ({check.data.type}) on {check.data.asOf}
            </h2>
            <StatusBadge status={check.data.status} />
            <p role="status">
              {criteria.length} criteria: {counts.map(([s, n]) => `${n} ${s.toLowerCase().replace(/_/g, ' ')}`).join(', ')}.
            </p>
          </section>

          <section aria-labelledby="attention-heading">
            <h2 id="attention-heading">Missing or lapsing</h2>
            {attention.length === 0 ? (
              <p className="notice">Every criterion is met on {check.data.asOf}.</p>
            ) : (
              <CriteriaTable caption={`Missing or lapsing on ${check.data.asOf}`} criteria={attention} {...rowProps} historyOf={null} />
            )}
          </section>

          <section aria-labelledby="checklist-heading">
            <h2 id="checklist-heading">Checklist</h2>
            {CRITERION_SECTIONS.map((section) => {
              const rows = criteria.filter((c) => RECORDS.get(c.id)?.section === section.id);
              return rows.length ? <CriteriaTable key={section.id} caption={section.title} criteria={rows} {...rowProps} /> : null;
            })}
          </section>

          {canRecord && recordable.length > 0 && (
            <section aria-labelledby="evidence-heading" className="panel" ref={formRef}>
              <h2 id="evidence-heading">Record evidence</h2>
              <p>A document, meeting or attestation with the day it was dated, and the day it expires if it does. Nothing is overwritten: each record is a new version.</p>
              <EvidenceForm
                providerId={providerId}
                criteria={recordable}
                criterionId={formCriterion}
                onCriterion={setFormCriterion}
                onSaved={() => setRecorded((n) => n + 1)}
              />
            </section>
          )}
        </>
      )}

      {checks.data && (
        <section aria-labelledby="checks-heading">
          <h2 id="checks-heading">Background checks</h2>
          <p>Table O(c)(3), person by person: the latest check of each kind on or before {checks.data.asOf} for everyone employed. A finding on the Registry or the sanctions list means the person may not be engaged; lines they render fail STAFF_EXCLUDED. Checks are recorded on each person's staff record.</p>
          <BackgroundChecks list={checks.data} />
        </section>
      )}
      <ProblemMessage problem={checks.problem} />
    </>
  );
}

interface RowProps {
  providerId: string;
  canRecord: boolean;
  historyOf: string | null;
  onHistory: (id: string) => void;
  onRecord: (id: string) => void;
  recorded: number;
}

function CriteriaTable({ caption, criteria, providerId, canRecord, historyOf, onHistory, onRecord, recorded }: RowProps & { caption: string; criteria: EnrollmentCriterion[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Status</th>
            <th scope="col">What it rests on</th>
            <th scope="col">Due</th>
            <th scope="col">Citation</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {criteria.map((c) => {
            const record = RECORDS.get(c.id);
            const historyId = `history-${c.id}`;
            const open = historyOf === c.id;
            return [
              <tr key={c.id}>
                <th scope="row">
                  {c.title}
                  <span className="criterion-id">{c.id}</span>
                </th>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>{c.basis}</td>
                <td>{c.dueOn ? <time dateTime={c.dueOn}>{c.dueOn}</time> : '—'}</td>
                <td>
                  <cite>{c.citation}</cite>
                </td>
                <td>
                  <span className="muted">{RESTS_TEXT(record)}</span>
                  {record?.evidence && (
                    <div className="buttons-inline">
                      <button type="button" className="link" aria-expanded={open} aria-controls={open ? historyId : undefined} aria-label={`Evidence history of ${c.citation}`} onClick={() => onHistory(c.id)}>
                        {open ? 'Hide history' : 'History'}
                      </button>
                      {canRecord && (
                        <button type="button" className="link" aria-label={`Record evidence of ${c.citation}`} onClick={() => onRecord(c.id)}>
                          Record
                        </button>
                      )}
                    </div>
                  )}
                </td>
              </tr>,
              open && (
                <tr key={`${c.id}-history`} id={historyId}>
                  <td colSpan={6}>
                    <EvidenceHistory providerId={providerId} criterionId={c.id} recorded={recorded} />
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

function EvidenceHistory({ providerId, criterionId, recorded }: { providerId: string; criterionId: string; recorded: number }) {
  const history = useLoad<Evidence[]>(
    () => dataOf<Evidence[]>(api.GET('/api/v1/providers/{id}/evidence', { params: { path: { id: providerId }, query: { criterionId } } })),
    [providerId, criterionId, recorded],
  );
  if (history.loading) return <Loading what="the evidence history" />;
  if (history.problem) return <ProblemMessage problem={history.problem} />;
  const items = history.data ?? [];
  if (items.length === 0) return <p className="muted">No evidence recorded.</p>;
  return (
    <ol className="history" aria-label={`Evidence of ${criterionId}, newest first`} reversed>
      {items.map((e) => (
        <li key={e.id} className={e.correctedByEvidenceId ? 'superseded' : undefined}>
          Version {e.version}: documented <time dateTime={e.documentedOn}>{e.documentedOn}</time>
          {e.expiresOn && `, expires ${e.expiresOn}`}
          {e.dueOn ? `, counts through ${e.dueOn}` : ', does not lapse unless replaced'}
          {e.note && `: ${e.note}`}
          <span className="muted">
            {' '}
            (recorded {e.recordedAt.slice(0, 10)} by {e.recordedByRole.toLowerCase().replace(/_/g, ' ')}
            {e.correctedByEvidenceId && '; corrected by a later version'}
            {e.correctsEvidenceId && '; a correction'})
          </span>
        </li>
      ))}
    </ol>
  );
}

type EvidenceDraft = { criterionId: string; documentedOn: string; expiresOn: string; note: string };
const FIELDS: { key: keyof EvidenceDraft; path: string }[] = [
  { key: 'criterionId', path: '/criterionId' },
  { key: 'documentedOn', path: '/documentedOn' },
  { key: 'expiresOn', path: '/expiresOn' },
  { key: 'note', path: '/note' },
];

function EvidenceForm({ providerId, criteria, criterionId, onCriterion, onSaved }: { providerId: string; criteria: EnrollmentCriterion[]; criterionId: string; onCriterion: (id: string) => void; onSaved: () => void }) {
  const [draft, setDraft] = useState<Omit<EvidenceDraft, 'criterionId'>>({ documentedOn: '', expiresOn: '', note: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const selected = criterionId || criteria[0]?.id || '';
  const record = RECORDS.get(selected);
  const errorsAt = (path: string) => problem?.errors?.filter((e) => e.path === path).map((e) => e.message);
  const unplaced = useMemo(() => problem?.errors?.filter((e) => !FIELDS.some((f) => f.path === e.path)) ?? [], [problem]);
  const idOf = (key: string) => `evidence-${key}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const body: Schemas['RecordEvidenceDto'] = { criterionId: selected, documentedOn: draft.documentedOn, expiresOn: draft.expiresOn || null, note: draft.note || null };
      const saved = await dataOf<Schemas['RecordedEvidenceView']>(api.POST('/api/v1/providers/{id}/evidence', { params: { path: { id: providerId } }, body }));
      setDone(
        `${saved.repeat ? 'Already recorded' : 'Recorded'}: version ${saved.version} of ${saved.citation}, documented ${saved.documentedOn}${saved.dueOn ? `, counts through ${saved.dueOn}` : ''}.`,
      );
      setDraft({ documentedOn: '', expiresOn: '', note: '' });
      onSaved();
    } catch (err) {
      setProblem(problemOf(err));
      focusFirstError(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const input = (key: 'documentedOn' | 'expiresOn' | 'note', label: string, type: string, hint?: string) => {
    const id = idOf(key);
    const errs = errorsAt(`/${key}`);
    return (
      <div className={key === 'note' ? 'note-field' : undefined}>
        <Field id={id} label={label} error={errs} hint={hint}>
          <input id={id} type={type} value={draft[key]} required={key === 'documentedOn'} onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))} {...describedBy(id, errs, !!hint)} />
        </Field>
      </div>
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="evidence-form">
      <Field id={idOf('criterionId')} label="Criterion" error={errorsAt('/criterionId')} hint={record?.evidence?.what}>
        <select id={idOf('criterionId')} value={selected} onChange={(e) => onCriterion(e.target.value)} {...describedBy(idOf('criterionId'), errorsAt('/criterionId'), !!record?.evidence)}>
          {criteria.map((c) => (
            <option key={c.id} value={c.id}>
              {c.citation}: {c.title}
            </option>
          ))}
        </select>
      </Field>
      {input('documentedOn', 'Documented on', 'date')}
      {input('expiresOn', 'Expires on', 'date', record?.evidence?.expiresOnRequired ? 'required for this evidence' : 'if it expires')}
      {input('note', 'Note', 'text', 'what the document is, who issued it')}
      <FormProblem problem={problem} unplaced={unplaced} title="Not recorded" />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          Record evidence
        </button>
      </div>
    </form>
  );
}

function BackgroundChecks({ list }: { list: BackgroundCheckList }) {
  if (list.people.length === 0) return <p className="muted">No one is employed on {list.asOf}.</p>;
  const kinds = list.people[0].checks.map((c) => c.kind);
  return (
    <div className="table-wrap">
      <table>
        <caption>Background checks on {list.asOf}</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            {kinds.map((k) => (
              <th scope="col" key={k}>
                {CHECK_KIND_NAMES[k]}
              </th>
            ))}
            <th scope="col">What is missing or wrong</th>
          </tr>
        </thead>
        <tbody>
          {list.people.map((p) => (
            <tr key={p.staffId}>
              <th scope="row">
                <Link to={`/staff/${p.staffId}`}>{p.name}</Link>
              </th>
              {p.checks.map((c) => (
                <td key={c.kind}>
                  <StatusBadge status={c.state} /> {c.checkedOn && <time dateTime={c.checkedOn}>{c.checkedOn}</time>}
                  <span className="visually-hidden"> ({c.citation})</span>
                </td>
              ))}
              <td>{p.problem ?? 'Nothing: all three recorded, clear.'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
