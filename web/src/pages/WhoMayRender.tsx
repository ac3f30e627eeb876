/**
 * "Who may render…": the provider's staff who would pass every staff rule a claim line of a service meets
 * on a day (GET /providers/{id}/eligible-staff), each with what it rests on, and the others with why not;
 * and, first, whether the service can be billed there at all that day.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { CONTACTS, MODALITIES, SERVICES } from '../../../src/rules/vocabulary';
import { api, dataOf } from '../api/client';
import type { Finding, Problem, Schemas } from '../api/types';
import { Link } from '../router';
import { problemOf, ProblemMessage, StatusBadge, today, words } from '../ui';

type Answer = Schemas['EligibleStaffView'];
type Entry = Schemas['StaffEligibilityView'];
type Query = { service: Answer['service']; date: string; modality?: NonNullable<Answer['modality']>; contact?: NonNullable<Answer['contact']> };

/** A finding: its code, and its message (which names the fact and ends with the citation). */
function FindingText({ f }: { f: Finding }) {
  return (
    <>
      <strong>{f.code}</strong>: {f.message}
    </>
  );
}

/** Staff rules whose pass says nothing a scheduler needs beyond the tier's route (employed, not excluded, the tier itself). */
const SAID_BY_THE_ROUTE = /^(CLM-STAFF-EMPLOYED-|CLM-STAFF-EXCLUDED-)|#tiers$/;

/** What a pass rests on: the tier's route, then each further staff rule that held (supervisor, designation, licence to administer, the IP practitioner). */
function Basis({ e }: { e: Entry }) {
  const held = e.checks.filter((c) => c.outcome === 'passed' && !SAID_BY_THE_ROUTE.test(c.ruleId));
  return (
    <ul className="plain">
      {e.tierBasis.map((b, i) => (
        <li key={`t${i}`}>
          {b.reason} <cite>{b.citation}</cite>
        </li>
      ))}
      {held.map((c, i) => (
        <li key={i}>
          {c.reason} <cite>{c.citation}</cite>
        </li>
      ))}
    </ul>
  );
}

/** People with their tier and two columns of their own (nothing when there is nobody to list). */
function StaffTable({ caption, columns, entries, children }: { caption: string; columns: [string, string]; entries: Entry[]; children: (e: Entry) => [ReactNode, ReactNode] }) {
  if (entries.length === 0) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Tier</th>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const [first, second] = children(e);
            return (
              <tr key={e.staffId}>
                <th scope="row">
                  <Link to={`/staff/${e.staffId}`}>{e.name}</Link>
                </th>
                <td>{e.tier ?? 'No tier'}</td>
                <td>{first}</td>
                <td>{second}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A labelled choice of codes, shown in words; `any`: a first, empty choice with that text. */
function CodeSelect({ id, label, value, codes, onChange, any }: { id: string; label: string; value: string; codes: readonly string[]; onChange: (value: string) => void; any?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {any !== undefined && <option value="">{any}</option>}
        {codes.map((c) => (
          <option key={c} value={c}>
            {words(c)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function WhoMayRender({ providerId }: { providerId: string }) {
  const [service, setService] = useState<Answer['service']>('THERAPY_COUNSELING');
  const [date, setDate] = useState(today());
  const [modality, setModality] = useState('');
  const [contact, setContact] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function ask(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const query: Query = { service, date, ...(modality ? { modality: modality as Query['modality'] } : {}), ...(contact ? { contact: contact as Query['contact'] } : {}) };
    try {
      setAnswer(await dataOf<Answer>(api.GET('/api/v1/providers/{id}/eligible-staff', { params: { path: { id: providerId }, query } })));
    } catch (err) {
      setAnswer(null);
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const errors = answer?.providerFindings.filter((f) => f.severity === 'error') ?? [];
  const warnings = answer?.providerFindings.filter((f) => f.severity === 'warning') ?? [];
  return (
    <section aria-labelledby="who-heading" className="panel">
      <h2 id="who-heading">Who may render…</h2>
      <p>Everyone here checked against every staff rule a claim line of the service meets on that day: tier, supervision, licence, designation, employment, exclusion.</p>
      <form className="toolbar" onSubmit={ask}>
        <CodeSelect id="who-service" label="Service" value={service} codes={SERVICES} onChange={(v) => setService(v as Answer['service'])} />
        <div className="field">
          <label htmlFor="who-day">Day</label>
          <input id="who-day" type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </div>
        <CodeSelect id="who-modality" label="Modality" value={modality} codes={MODALITIES} onChange={setModality} any="Any (not checked)" />
        <CodeSelect id="who-contact" label="Contact" value={contact} codes={CONTACTS} onChange={setContact} any="Any (not checked)" />
        <button type="submit" disabled={busy || !providerId}>
          Check who may render
        </button>
      </form>
      <ProblemMessage problem={problem} title="Not checked" />
      {answer && (
        <div role="status" aria-live="polite">
          {!answer.serviceBillable && (
            <div className="problem">
              <p>
                <strong>
                  Nobody can bill {answer.serviceName} here on {answer.date}
                </strong>
                , whoever renders it:
              </p>
              <ul>
                {errors.map((f, i) => (
                  <li key={i}>
                    <FindingText f={f} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          {warnings.length > 0 && (
            <ul className="warnings">
              {warnings.map((f, i) => (
                <li key={i}>
                  <FindingText f={f} />
                </li>
              ))}
            </ul>
          )}
          <p>
            {answer.eligible.length} of {answer.eligible.length + answer.notEligible.length} people pass every staff rule for {answer.serviceName} on {answer.date}
            {answer.serviceBillable ? '.' : ' (the service itself cannot be billed, above).'}
          </p>
        </div>
      )}
      {answer && (
        <>
          <StaffTable caption={`May render ${answer.serviceName} on ${answer.date}`} columns={['Basis', 'To document']} entries={answer.eligible}>
            {(e) => [<Basis key="basis" e={e} />, e.findings.length === 0 ? 'Nothing' : e.findings.map((f, i) => <p key={i}>{f.message}</p>)]}
          </StaffTable>
          <StaffTable caption={`May not render ${answer.serviceName} on ${answer.date}`} columns={['Why not', 'What would clear it']} entries={answer.notEligible}>
            {(e) => {
              const refusals = e.findings.filter((f) => f.severity === 'error');
              return [
                refusals.map((f, i) => (
                  <p key={i}>
                    <StatusBadge status="FAIL" /> <FindingText f={f} />
                  </p>
                )),
                refusals.map((f, i) => <p key={i}>{f.action}</p>),
              ];
            }}
          </StaffTable>
        </>
      )}
    </section>
  );
}
