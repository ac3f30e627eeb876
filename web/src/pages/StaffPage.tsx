import { useState } from 'react';
import { api, dataOf } from '../api/client';
import type { Roster, RosterEntry, Session } from '../api/types';
import { can } from '../pages';
import { Link } from '../router';
import { isDate, Loading, PageHeading, ProblemMessage, StatusBadge, today, useLoad } from '../ui';
import { StaffForm } from './StaffForm';
import { WhoMayRender } from './WhoMayRender';

export function ProviderPicker({ session, value, onChange, id = 'provider' }: { session: Session; value: string; onChange: (id: string) => void; id?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>Provider</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {session.providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function supervision(e: RosterEntry): string {
  if (!e.requiresQmhpSupervision) return 'Not required';
  if (e.supervisorOk === true) return 'QMHP supervisor recorded';
  if (e.supervisorOk === false) return 'Needs a QMHP supervisor';
  return 'Required';
}

export function StaffPage({ session }: { session: Session }) {
  const [providerId, setProviderId] = useState(session.providers[0]?.id ?? '');
  const [asOf, setAsOf] = useState(today());
  const [days, setDays] = useState('60');
  const [lapsingOnly, setLapsingOnly] = useState(false);
  const [adding, setAdding] = useState(false);
  const within = /^\d{1,4}$/.test(days) ? Number(days) : 60;
  const roster = useLoad<Roster>(
    providerId && isDate(asOf)
      ? () => dataOf<Roster>(api.GET('/api/v1/providers/{id}/credentials', { params: { path: { id: providerId }, query: { asOf, expiringWithinDays: String(within) } as never } }))
      : null,
    [providerId, asOf, within],
  );
  const rows = (roster.data?.staff ?? []).filter((e) => !lapsingOnly || e.expiring.length > 0);

  return (
    <>
      <PageHeading>Staff credentials</PageHeading>
      <p>Each person's credential tier under 140.453(b) on a date, how it is held, supervision, and what lapses soon.</p>
      <div className="toolbar">
        <ProviderPicker session={session} value={providerId} onChange={setProviderId} />
        <div className="field">
          <label htmlFor="as-of">Date</label>
          <input id="as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="lapsing-days">Lapsing within N days</label>
          <input id="lapsing-days" type="number" min={0} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
        </div>
        <div className="field checkbox">
          <input id="lapsing-only" type="checkbox" checked={lapsingOnly} onChange={(e) => setLapsingOnly(e.target.checked)} />
          <label htmlFor="lapsing-only">Only people with something lapsing</label>
        </div>
        {can.editStaff(session.role) && (
          <button type="button" onClick={() => setAdding(true)} aria-expanded={adding}>
            Add a person
          </button>
        )}
      </div>
      {adding && (
        <section aria-labelledby="add-heading" className="panel">
          <h2 id="add-heading">Add a person</h2>
          <StaffForm providerId={providerId} roster={roster.data?.staff ?? []} onSaved={() => { setAdding(false); roster.reload(); }} onCancel={() => setAdding(false)} />
        </section>
      )}
      <ProblemMessage problem={roster.problem} />
      {roster.loading && <Loading what="the roster" />}
      {roster.data && roster.data.warnings?.length > 0 && (
        <section aria-labelledby="roster-warnings" className="warnings">
          <h2 id="roster-warnings">Warnings</h2>
          <ul>
            {roster.data.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      {roster.data && (
        <div className="table-wrap">
          <table>
            <caption>
              Roster on {roster.data.asOf}: {rows.length} {lapsingOnly ? `with something lapsing within ${roster.data.expiringWithinDays} days` : 'people'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Tier</th>
                <th scope="col">Route</th>
                <th scope="col">Supervision</th>
                <th scope="col">Valid until</th>
                <th scope="col">Lapsing within {roster.data.expiringWithinDays} days</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.staffId}>
                  <th scope="row">
                    <Link to={`/staff/${e.staffId}`}>{e.name}</Link>
                    {!e.employed && <span className="tag">not employed</span>}
                  </th>
                  <td>{e.tier ?? 'No tier'}</td>
                  <td>
                    {e.route ? (
                      <>
                        <cite title={e.route.reason}>{e.route.citation}</cite>
                        <span className="visually-hidden">: {e.route.reason}</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {e.requiresQmhpSupervision && e.supervisorOk === false ? <StatusBadge status="FAIL" /> : null} {supervision(e)}
                  </td>
                  <td>{e.validUntil ? `until ${e.validUntil}` : 'no change ahead'}</td>
                  <td>
                    {e.expiring.length === 0
                      ? 'Nothing'
                      : e.expiring.map((x, i) => (
                          <p key={i} className={x.dropsTier ? 'lapse-drops' : undefined}>
                            {x.description} {x.dropsTier && <strong>Would fall to {x.tierAfter ?? 'no tier'}.</strong>}
                          </p>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {providerId && <WhoMayRender key={providerId} providerId={providerId} />}
    </>
  );
}
