import { useState, type FormEvent } from 'react';
import { FINAL_DECISION_OUTCOMES, INFORMAL_REVIEW_OUTCOMES, PROGRAM_APPROVAL_EVENT_TYPES } from '../../../src/rules/program-approval/events';
import { api, dataOf } from '../api/client';
import type { ProgramApproval, Problem, Readiness, Session } from '../api/types';
import { can } from '../pages';
import { Link } from '../router';
import { describedBy, Field, Loading, PageHeading, ProblemMessage, problemOf, StatusBadge, today, useLoad, words } from '../ui';

const OUTCOMES: Record<string, readonly string[]> = { INFORMAL_REVIEW_DECIDED: INFORMAL_REVIEW_OUTCOMES, FINAL_DECISION: FINAL_DECISION_OUTCOMES };
const TAKES_EFFECT = ['NOT_APPROVED', 'FINAL_NOTICE', 'REVOKED'];

export function ApprovalPage({ approvalId, session }: { approvalId: string; session: Session }) {
  const approval = useLoad<ProgramApproval>(() => dataOf<ProgramApproval>(api.GET('/api/v1/program-approvals/{id}', { params: { path: { id: approvalId } } })), [approvalId]);
  const readiness = useLoad<Readiness>(
    can.readReadiness(session.role) ? () => dataOf<Readiness>(api.GET('/api/v1/program-approvals/{id}/readiness', { params: { path: { id: approvalId } } })) : null,
    [approvalId],
  );
  const a = approval.data;
  const provider = a && session.providers.find((p) => p.id === a.providerId)?.name;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/approvals">Back to the deadline board</Link>
      </p>
      <PageHeading>{a ? `${provider ?? 'Provider'}: ${a.program}` : 'Program approval'}</PageHeading>
      <ProblemMessage problem={approval.problem} />
      {approval.loading && !a && <Loading what="the approval" />}
      {a && (
        <>
          <section aria-labelledby="status-heading">
            <h2 id="status-heading">
              {words(a.status)} on {a.asOf}
            </h2>
            <p>
              {a.reason}
              {a.citation && (
                <>
                  {' '}
                  (<cite>{a.citation}</cite>)
                </>
              )}
              . {a.approvedThrough ? `Approved through ${a.approvedThrough}.` : ''}
            </p>
          </section>
          <section aria-labelledby="deadlines-heading">
            <h2 id="deadlines-heading">Open deadlines</h2>
            {a.deadlines.filter((d) => d.open).length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="deadlines">
                {a.deadlines
                  .filter((d) => d.open)
                  .map((d, i) => (
                    <li key={i}>
                      <strong>
                        {words(d.kind)}, due <time dateTime={d.dueOn}>{d.dueOn}</time>
                        {d.overdue ? ' (overdue)' : ''}
                      </strong>
                      : {d.description}. {words(d.party)} · <cite>{d.citation}</cite>
                    </li>
                  ))}
              </ul>
            )}
          </section>
          {can.recordEvent(session.role) && <EventForm approvalId={approvalId} onRecorded={approval.reload} />}
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <ol className="timeline">
              {a.history.map((h, i) => (
                <li key={i}>
                  <time dateTime={h.on}>{h.on}</time> <strong>{words(h.type)}</strong>: {h.summary} <span className="muted">→ {words(h.status)}</span>
                </li>
              ))}
            </ol>
          </section>
          {readiness.data && (
            <section aria-labelledby="readiness-heading">
              <h2 id="readiness-heading">Readiness (Table N (c))</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Criterion</th>
                      <th scope="col">Status</th>
                      <th scope="col">Detail</th>
                      <th scope="col">Citation</th>
                    </tr>
                  </thead>
                  <tbody>
                    {readiness.data.criteria.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">{c.description}</th>
                        <td>
                          <StatusBadge status={c.status} />
                        </td>
                        <td>{c.detail}</td>
                        <td>
                          <cite>{c.citation}</cite>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          <ProblemMessage problem={readiness.problem} />
        </>
      )}
    </>
  );
}

/**
 * Requests whose sending and receipt differ (Table N(e)(3)(A)): the day sent governs the 10-day request
 * window, the day received governs the stay and the decision periods (CONTRACT, second round).
 */
const IS_REQUEST = ['INFORMAL_REVIEW_REQUESTED', 'FORMAL_APPEAL_FILED'];

function EventForm({ approvalId, onRecorded }: { approvalId: string; onRecorded: () => void }) {
  const [type, setType] = useState<string>('ONSITE_REVIEW_SCHEDULED');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorsAt = (path: string) => problem?.errors?.filter((e) => e.path === path).map((e) => e.message);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (k: string) => {
      const v = String(form.get(k) ?? '').trim();
      return v === '' ? undefined : v;
    };
    const body = {
      type,
      occurredOn: value('occurredOn') ?? '',
      submittedOn: value('submittedOn'),
      noticeOn: value('noticeOn'),
      reviewOn: value('reviewOn'),
      outcome: value('outcome'),
      effectiveOn: value('effectiveOn'),
      note: value('note'),
    };
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      await dataOf(api.POST('/api/v1/program-approvals/{id}/events', { params: { path: { id: approvalId } }, body: body as never }));
      setNotice(`Recorded ${words(type)} on ${body.occurredOn}.`);
      onRecorded();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="event-heading" className="panel">
      <h2 id="event-heading">Record the next event</h2>
      <form onSubmit={submit} noValidate>
        <div className="toolbar">
          <Field id="event-type" label="Event">
            <select id="event-type" value={type} onChange={(e) => setType(e.target.value)}>
              {PROGRAM_APPROVAL_EVENT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {words(t)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="event-on" label={IS_REQUEST.includes(type) ? 'Received on' : 'Date'} error={errorsAt('/occurredOn')}>
            <input id="event-on" name="occurredOn" type="date" defaultValue={today()} required {...describedBy('event-on', errorsAt('/occurredOn'))} />
          </Field>
          {IS_REQUEST.includes(type) && (
            <Field id="event-submitted" label="Sent on (empty: the day it was received)" error={errorsAt('/submittedOn')}>
              <input id="event-submitted" name="submittedOn" type="date" {...describedBy('event-submitted', errorsAt('/submittedOn'))} />
            </Field>
          )}
          {type === 'ONSITE_REVIEW_SCHEDULED' && (
            <>
              <Field id="event-notice" label="Written notice given on" error={errorsAt('/noticeOn')}>
                <input id="event-notice" name="noticeOn" type="date" {...describedBy('event-notice', errorsAt('/noticeOn'))} />
              </Field>
              <Field id="event-review" label="On-site review on" error={errorsAt('/reviewOn')}>
                <input id="event-review" name="reviewOn" type="date" {...describedBy('event-review', errorsAt('/reviewOn'))} />
              </Field>
            </>
          )}
          {OUTCOMES[type] && (
            <Field id="event-outcome" label="Outcome" error={errorsAt('/outcome')}>
              <select id="event-outcome" name="outcome" {...describedBy('event-outcome', errorsAt('/outcome'))}>
                {OUTCOMES[type].map((o) => (
                  <option key={o} value={o}>
                    {words(o)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {TAKES_EFFECT.includes(type) && (
            <Field id="event-effective" label="Takes effect on (empty: after the informal review period)" error={errorsAt('/effectiveOn')}>
              <input id="event-effective" name="effectiveOn" type="date" {...describedBy('event-effective', errorsAt('/effectiveOn'))} />
            </Field>
          )}
          <Field id="event-note" label="Note" error={errorsAt('/note')}>
            <input id="event-note" name="note" type="text" maxLength={2000} {...describedBy('event-note', errorsAt('/note'))} />
          </Field>
        </div>
        <ProblemMessage problem={problem && (problem.status === 409 || !problem.errors?.length) ? problem : null} title={problem?.status === 409 ? 'Refused' : undefined} />
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Record event
        </button>
      </form>
    </section>
  );
}
