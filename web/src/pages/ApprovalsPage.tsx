import { useMemo, useState } from 'react';
import { PROGRAMS } from '../../../src/rules/vocabulary';
import { api, dataOf, requestJson } from '../api/client';
import type { Deadline, Page, ProgramApproval, Problem, Session } from '../api/types';
import { Link } from '../router';
import { addDays, isMissingEndpoint, Loading, PageHeading, ProblemMessage, problemOf, today, useLoad, words } from '../ui';

/** The board's columns: overdue, due in the next 7 days, in the 30 days after today, and later. */
function columnOf(d: Deadline, asOf: string): 'overdue' | 'week' | 'month' | 'later' {
  if (d.overdue || d.dueOn < asOf) return 'overdue';
  if (d.dueOn <= addDays(asOf, 7)) return 'week';
  if (d.dueOn <= addDays(asOf, 30)) return 'month';
  return 'later';
}

const COLUMNS = [
  { key: 'overdue', title: 'Overdue' },
  { key: 'week', title: 'This week' },
  { key: 'month', title: 'This month' },
  { key: 'later', title: 'Later' },
] as const;

export function ApprovalsPage({ session }: { session: Session }) {
  const asOf = today();
  const [program, setProgram] = useState('');
  const [kind, setKind] = useState('');
  const [party, setParty] = useState('');
  const deadlines = useLoad<Deadline[]>(() => dataOf<Deadline[]>(api.GET('/api/v1/deadlines', { params: { query: { asOf } as never } })), [asOf]);
  const approvals = useLoad<Page<ProgramApproval>>(() => dataOf<Page<ProgramApproval>>(api.GET('/api/v1/program-approvals', { params: { query: { limit: 500 } as never } })), []);
  const providerName = useMemo(() => new Map(session.providers.map((p) => [p.id, p.name])), [session]);
  const all = deadlines.data ?? [];
  const kinds = [...new Set(all.map((d) => d.kind))].sort();
  const parties = [...new Set(all.map((d) => d.party))].sort();
  const shown = all.filter((d) => (!program || d.program === program) && (!kind || d.kind === kind) && (!party || d.party === party));

  return (
    <>
      <PageHeading>Program approvals</PageHeading>
      <p>Table N approvals of CST, IO and PSR: every open deadline by provider, soonest first (with enrollment evidence coming due, for the roles that check enrollment), and each approval's record.</p>
      <CalendarFeed />
      <section aria-labelledby="board-heading">
        <h2 id="board-heading">Deadlines on {asOf}</h2>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="filter-program">Program</label>
            <select id="filter-program" value={program} onChange={(e) => setProgram(e.target.value)}>
              <option value="">All</option>
              {PROGRAMS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-kind">Kind</label>
            <select id="filter-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">All</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {words(k)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-party">Party</label>
            <select id="filter-party" value={party} onChange={(e) => setParty(e.target.value)}>
              <option value="">All</option>
              {parties.map((p) => (
                <option key={p} value={p}>
                  {words(p)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ProblemMessage problem={deadlines.problem} />
        {deadlines.loading && <Loading what="deadlines" />}
        {deadlines.data && (
          <div className="board">
            {COLUMNS.map((col) => {
              const items = shown.filter((d) => columnOf(d, asOf) === col.key);
              return (
                <section key={col.key} className={`board-column column-${col.key}`} aria-labelledby={`col-${col.key}`}>
                  <h3 id={`col-${col.key}`}>
                    {col.title} <span className="count">({items.length})</span>
                  </h3>
                  {items.length === 0 ? (
                    <p className="muted">None.</p>
                  ) : (
                    <ul>
                      {items.map((d, i) => (
                        <li key={d.id ?? i} className="deadline">
                          <DeadlineLink d={d} />
                          <span className="due">
                            {words(d.kind)}, due <time dateTime={d.dueOn}>{d.dueOn}</time>
                            {d.overdue && <strong> (overdue)</strong>}
                          </span>
                          <span>{d.description}</span>
                          <span className="muted">
                            {words(d.party)} · <cite>{d.citation}</cite>
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        )}
      </section>
      <section aria-labelledby="all-heading">
        <h2 id="all-heading">Approvals</h2>
        <ProblemMessage problem={approvals.problem} />
        {approvals.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Provider and program</th>
                  <th scope="col">Status</th>
                  <th scope="col">Approved through</th>
                  <th scope="col">Open deadlines</th>
                </tr>
              </thead>
              <tbody>
                {approvals.data.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/approvals/${a.id}`}>
                        {providerName.get(a.providerId) ?? a.providerId}: {a.program}
                      </Link>
                    </th>
                    <td>{words(a.status)}</td>
                    <td>{a.approvedThrough ?? '—'}</td>
                    <td>{a.deadlines.filter((d) => d.open).length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** Where a deadline is dealt with: its approval, the provider's enrollment check, or (the access review) nowhere on these pages. */
function DeadlineLink({ d }: { d: Deadline }) {
  if (d.programApprovalId) return <Link to={`/approvals/${d.programApprovalId}`}>{`${d.providerName}: ${d.program}`}</Link>;
  const what = d.source === 'ENROLLMENT' ? 'enrollment' : words(d.source);
  if (d.source === 'ENROLLMENT' && d.providerId) return <Link to={`/enrollment?providerId=${d.providerId}`}>{`${d.providerName}: ${what}`}</Link>;
  return <strong>{d.providerName ? `${d.providerName}: ${what}` : words(d.kind)}</strong>;
}

/** POST /calendar-feeds (CONTRACT, second round): a secret URL a calendar subscribes to, scoped like this key. */
function CalendarFeed() {
  const [feed, setFeed] = useState<{ id: string; url: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const make = async () => {
    setProblem(null);
    try {
      setFeed(await requestJson<{ id: string; url: string }>('/api/v1/calendar-feeds', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }));
    } catch (e) {
      const p = problemOf(e);
      setProblem(isMissingEndpoint(p) ? { ...p, title: 'Not available', detail: 'this server does not make calendar feeds yet' } : p);
    }
  };
  return (
    <section aria-labelledby="feed-heading" className="feed">
      <h2 id="feed-heading">Calendar</h2>
      {!feed && (
        <button type="button" onClick={make}>
          Make a calendar feed
        </button>
      )}
      <ProblemMessage problem={problem} />
      {feed && (
        <div className="field">
          <label htmlFor="feed-url">Subscribe to this address in your calendar (keep it private: anyone with it can read these deadlines)</label>
          <input id="feed-url" readOnly value={new URL(feed.url, window.location.origin).toString()} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(new URL(feed.url, window.location.origin).toString())}>
            Copy address
          </button>
        </div>
      )}
    </section>
  );
}
