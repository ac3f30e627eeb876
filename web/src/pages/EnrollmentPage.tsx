import { useState } from 'react';
import { requestJson } from '../api/client';
import type { EnrollmentCheck, Session } from '../api/types';
import { isDate, isMissingEndpoint, Loading, PageHeading, ProblemMessage, StatusBadge, today, useLoad } from '../ui';
import { ProviderPicker } from './StaffPage';

/** GET /providers/{id}/enrollment-check (CONTRACT, second round): the provider type's enrollment criteria on a date. */
export function EnrollmentPage({ session }: { session: Session }) {
  const [providerId, setProviderId] = useState(session.providers[0]?.id ?? '');
  const [asOf, setAsOf] = useState(today());
  const check = useLoad<EnrollmentCheck>(
    providerId && isDate(asOf) ? () => requestJson<EnrollmentCheck>(`/api/v1/providers/${encodeURIComponent(providerId)}/enrollment-check?asOf=${asOf}`) : null,
    [providerId, asOf],
  );
  const missing = isMissingEndpoint(check.problem);
  return (
    <>
      <PageHeading>Enrollment</PageHeading>
      <p>A provider's enrollment criteria on a date: for a BHC, 140.499 and Table O; for a CMHC, its certification; for an independent practitioner, 140.452(a)(3).</p>
      <div className="toolbar">
        <ProviderPicker session={session} value={providerId} onChange={setProviderId} id="enrollment-provider" />
        <div className="field">
          <label htmlFor="enrollment-as-of">Date</label>
          <input id="enrollment-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
      </div>
      {missing ? <p role="status">This server does not check enrollment yet.</p> : <ProblemMessage problem={check.problem} />}
      {check.loading && <Loading what="the enrollment check" />}
      {check.data && (
        <div className="table-wrap">
          <table>
            <caption>
              {check.data.type} on {check.data.asOf}: <StatusBadge status={check.data.status} />
            </caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Status</th>
                <th scope="col">Basis</th>
                <th scope="col">Due</th>
                <th scope="col">Citation</th>
              </tr>
            </thead>
            <tbody>
              {check.data.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.title}</th>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>{c.basis ?? '—'}</td>
                  <td>{c.dueOn ?? '—'}</td>
                  <td>
                    <cite>{c.citation}</cite>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
