import { useState } from 'react';
import { api, dataOf } from '../api/client';
import type { Credential, Roster, Schemas, Session } from '../api/types';
import { can } from '../pages';
import { Link } from '../router';
import { isDate, Loading, PageHeading, ProblemMessage, today, useLoad } from '../ui';
import { StaffForm } from './StaffForm';

type Staff = Schemas['StaffView'];

export function PersonPage({ staffId, session }: { staffId: string; session: Session }) {
  const [asOf, setAsOf] = useState(today());
  const [editing, setEditing] = useState(false);
  const staff = useLoad<Staff>(() => dataOf<Staff>(api.GET('/api/v1/staff/{id}', { params: { path: { id: staffId } } })), [staffId]);
  const credential = useLoad<Credential>(
    isDate(asOf) ? () => dataOf<Credential>(api.GET('/api/v1/staff/{id}/credential', { params: { path: { id: staffId }, query: { asOf } } })) : null,
    [staffId, asOf, staff.data?.version],
  );
  const providerId = staff.data?.providerId;
  const roster = useLoad<Roster>(
    editing && providerId ? () => dataOf<Roster>(api.GET('/api/v1/providers/{id}/credentials', { params: { path: { id: providerId }, query: { asOf: today() } as never } })) : null,
    [editing, providerId],
  );
  const c = credential.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff">Back to the roster</Link>
      </p>
      <PageHeading>{staff.data?.name ?? 'Person'}</PageHeading>
      <ProblemMessage problem={staff.problem ?? credential.problem} />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="person-as-of">Date</label>
          <input id="person-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
        {can.editStaff(session.role) && staff.data && (
          <button type="button" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
            {editing ? 'Close the form' : 'Edit'}
          </button>
        )}
      </div>
      {editing && staff.data && (
        <section aria-labelledby="edit-heading" className="panel">
          <h2 id="edit-heading">Edit {staff.data.name}</h2>
          <StaffForm providerId={staff.data.providerId} staff={staff.data} roster={roster.data?.staff ?? []} onSaved={() => { setEditing(false); staff.reload(); }} onCancel={() => setEditing(false)} />
        </section>
      )}
      {credential.loading && <Loading what="the credential" />}
      {c && (
        <>
          <section aria-labelledby="tier-heading">
            <h2 id="tier-heading">
              {c.tier ? `${c.tier} on ${c.asOf}` : `No tier on ${c.asOf}`}
              {c.tiers.length > 1 && <span className="muted"> (also {c.tiers.slice(1).join(', ')})</span>}
            </h2>
            <p>
              {c.employed ? 'Employed' : 'Not employed'} on {c.asOf}. {c.validUntil ? `This answer holds until ${c.validUntil}.` : 'Nothing recorded changes this answer later.'}
            </p>
            <h3>Basis</h3>
            {c.basis.length === 0 ? (
              <p>No route of 140.453(b) is met.</p>
            ) : (
              <ul className="basis">
                {c.basis.map((b, i) => (
                  <li key={i}>
                    <strong>{b.tier}</strong> <cite>{b.citation}</cite>: {b.reason}
                  </li>
                ))}
              </ul>
            )}
            <h3>Supervision</h3>
            <p>
              {c.requiresQmhpSupervision ? 'Needs QMHP supervision. ' : 'Does not need QMHP supervision. '}
              {c.supervisorReason ?? ''}
            </p>
            {c.mayAdministerMedication && (
              <>
                <h3>Medication administration</h3>
                <p>
                  {c.mayAdministerMedication.allowed ? 'May administer medication' : 'May not administer medication'} (<cite>{c.mayAdministerMedication.citation}</cite>): {c.mayAdministerMedication.reason}
                </p>
              </>
            )}
            <h3>Missing for the next tier</h3>
            {c.missingForNextTier.length === 0 ? <p>Nothing: this is the highest tier.</p> : <ul>{c.missingForNextTier.map((m, i) => <li key={i}>{m}</li>)}</ul>}
            {c.warnings.length > 0 && (
              <>
                <h3>Warnings</h3>
                <ul>
                  {c.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
