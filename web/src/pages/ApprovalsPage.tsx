import { useState } from 'react';
import { PROGRAMS } from '../../../src/rules/vocabulary';
import { api, dataOf, request, requestJson } from '../api/client';
import type { CalendarFeedView, Deadline, Page, ProgramApproval, Problem, Session } from '../api/types';
import { Link } from '../router';
import { addDays, Loading, PageHeading, ProblemMessage, problemOf, today, useLoad, words } from '../ui';

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

/** The board's filters as the API takes them (the list, its CSV and a calendar feed made from the page). */
interface BoardFilters {
  program: string;
  kind: string;
  party: string;
}

function deadlinesCsvUrl(asOf: string, f: BoardFilters): string {
  const q = new URLSearchParams({ asOf, format: 'csv' });
  if (f.program) q.set('program', f.program);
  if (f.kind) q.set('kind', f.kind);
  if (f.party) q.set('party', f.party);
  return `/api/v1/deadlines?${q.toString()}`;
}

export function ApprovalsPage(_: { session: Session }) {
  const asOf = today();
  const [program, setProgram] = useState('');
  const [kind, setKind] = useState('');
  const [party, setParty] = useState('');
  const deadlines = useLoad<Deadline[]>(() => dataOf<Deadline[]>(api.GET('/api/v1/deadlines', { params: { query: { asOf } as never } })), [asOf]);
  const approvals = useLoad<Page<ProgramApproval>>(() => dataOf<Page<ProgramApproval>>(api.GET('/api/v1/program-approvals', { params: { query: { limit: 500 } as never } })), []);
  const all = deadlines.data ?? [];
  const kinds = [...new Set(all.map((d) => d.kind))].sort();
  const parties = [...new Set(all.map((d) => d.party))].sort();
  const shown = all.filter((d) => (!program || d.program === program) && (!kind || d.kind === kind) && (!party || d.party === party));

  return (
    <>
      <PageHeading>Program approvals</PageHeading>
      <p>Table N approvals of CST, IO and PSR: every open deadline by provider, soonest first (with enrollment evidence coming due, for the roles that check enrollment), and each approval's record.</p>
      <CalendarFeeds filters={{ program, kind, party }} />
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
        <p>
          <a href={deadlinesCsvUrl(asOf, { program, kind, party })} download>
            Download these deadlines as CSV
          </a>{' '}
          (for a spreadsheet)
        </p>
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
                        {a.providerName}: {a.program}
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
  // (named for what is due, not for the page: a link named like a navigation link would be ambiguous)
  if (d.source === 'ENROLLMENT' && d.providerId) return <Link to={`/enrollment?providerId=${d.providerId}`}>{`${d.providerName}: evidence due`}</Link>;
  return <strong>{d.providerName ? `${d.providerName}: ${words(d.source)}` : words(d.kind)}</strong>;
}

/**
 * Calendar feeds (CONTRACT, second round): a secret address a calendar subscribes to without a key,
 * showing what this key may see and the board's filters of the moment; each can be revoked.
 */
function CalendarFeeds({ filters }: { filters: BoardFilters }) {
  const feeds = useLoad<CalendarFeedView[]>(() => requestJson<CalendarFeedView[]>('/api/v1/calendar-feeds'), []);
  const [made, setMade] = useState<{ id: string; url: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const describe = (f: CalendarFeedView['filters']) =>
    [f.program, ...(f.kinds ?? []).map(words), ...(f.parties ?? []).map(words)].filter(Boolean).join(', ') || 'every deadline this key may see';
  const make = async () => {
    setProblem(null);
    const body = {
      name: `bhcheck deadlines${filters.program ? ` (${filters.program})` : ''}`,
      ...(filters.program ? { program: filters.program } : {}),
      ...(filters.kind ? { kinds: [filters.kind] } : {}),
      ...(filters.party ? { parties: [filters.party] } : {}),
    };
    try {
      setMade(await requestJson<{ id: string; url: string }>('/api/v1/calendar-feeds', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
      feeds.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const revoke = async (id: string) => {
    setProblem(null);
    try {
      await request(`/api/v1/calendar-feeds/${encodeURIComponent(id)}`, { method: 'DELETE' }); // 204, no body
      if (made?.id === id) setMade(null);
      feeds.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const active = (feeds.data ?? []).filter((f) => !f.revokedAt);
  return (
    <section aria-labelledby="feed-heading" className="feed">
      <h2 id="feed-heading">Calendar</h2>
      <p>A calendar feed shows these deadlines in your calendar program, with reminders a week and a day before. It uses the filters chosen below.</p>
      <button type="button" onClick={make}>
        Make a calendar feed
      </button>
      <ProblemMessage problem={problem ?? feeds.problem} />
      {made && (
        <div className="field">
          <label htmlFor="feed-url">Subscribe to this address in your calendar (keep it private: anyone with it can read these deadlines; it is shown once)</label>
          <input id="feed-url" readOnly value={new URL(made.url, window.location.origin).toString()} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(new URL(made.url, window.location.origin).toString())}>
            Copy address
          </button>
        </div>
      )}
      {active.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Your calendar feeds</caption>
            <thead>
              <tr>
                <th scope="col">Feed</th>
                <th scope="col">Shows</th>
                <th scope="col">Made</th>
                <th scope="col">
                  <span className="visually-hidden">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {active.map((f) => (
                <tr key={f.id}>
                  <th scope="row">{f.name}</th>
                  <td>{describe(f.filters)}</td>
                  <td>
                    <time dateTime={f.createdAt}>{f.createdAt.slice(0, 10)}</time>
                  </td>
                  <td>
                    <button type="button" onClick={() => void revoke(f.id)} aria-label={`Revoke the feed ${f.name} made ${f.createdAt.slice(0, 10)}`}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
