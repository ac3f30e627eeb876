import { useState, type FormEvent } from 'react';
import { api, dataOf } from '../api/client';
import type { CapBalance, CapLedger, CapsView, Problem, Recipient, Session } from '../api/types';
import { ProblemMessage, problemOf, stateFiscalYear, today, words } from '../ui';
import { can } from '../pages';

/** A recipient's TCM and TLA minutes in a State fiscal year, found by Medicaid ID (sent in a body, never in a URL). */
export function CapUsage({ session }: { session: Session }) {
  const current = stateFiscalYear(today());
  const year = Number(current.slice(3));
  const years = [`SFY${year + 1}`, current, `SFY${year - 1}`, `SFY${year - 2}`];
  const [result, setResult] = useState<{ recipient: Recipient; caps: CapsView; ledger: CapLedger } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  if (!can.readRecipients(session.role)) return null;

  const show = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const medicaidId = String(form.get('medicaidId') ?? '').trim();
    const sfy = String(form.get('sfy'));
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      const recipient = await dataOf<Recipient>(api.POST('/api/v1/recipients/lookup', { body: { medicaidId } }));
      const params = { path: { id: recipient.id }, query: { sfy } };
      const [caps, ledger] = await Promise.all([
        dataOf<CapsView>(api.GET('/api/v1/recipients/{id}/caps', { params })),
        dataOf<CapLedger>(api.GET('/api/v1/recipients/{id}/cap-ledger', { params })),
      ]);
      setResult({ recipient, caps, ledger });
    } catch (err) {
      const p = problemOf(err);
      setProblem(p.status === 404 ? { ...p, title: 'Not found', detail: 'No recipient with that Medicaid ID is registered for your providers.' } : p);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="caps-heading" className="caps">
      <h2 id="caps-heading">Cap usage</h2>
      <p>Targeted case management (240 hours) and Transition, Linkage and Aftercare (40 hours) per person and State fiscal year, across providers.</p>
      <form className="toolbar" onSubmit={show}>
        <div className="field">
          <label htmlFor="cap-medicaid-id">Medicaid ID</label>
          <input id="cap-medicaid-id" name="medicaidId" required autoComplete="off" spellCheck={false} inputMode="text" pattern="[A-Za-z0-9]{1,20}" />
        </div>
        <div className="field">
          <label htmlFor="cap-sfy">State fiscal year</label>
          <select id="cap-sfy" name="sfy" defaultValue={current}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          Show cap usage
        </button>
      </form>
      <ProblemMessage problem={problem} />
      {result && (
        <div aria-live="polite">
          <h3>
            {result.recipient.name ?? 'Recipient'}, {result.caps.sfy} ({result.caps.from} to {result.caps.to})
          </h3>
          <CapBar id="cap-tcm" label="Targeted case management" balance={result.caps.tcm} limit={result.caps.tcm.limitMinutes} citation={result.caps.tcm.citation} />
          <CapBar id="cap-tla" label="Transition, Linkage and Aftercare" balance={result.caps.tla} limit={result.caps.tla.limitMinutes} citation={result.caps.tla.citation} />
          <div className="table-wrap">
            <table>
              <caption>Claims and outside records that used the minutes</caption>
              <thead>
                <tr>
                  <th scope="col">Date of service</th>
                  <th scope="col">Cap</th>
                  <th scope="col" className="num">Minutes</th>
                  <th scope="col">Claim</th>
                  <th scope="col">Line</th>
                  <th scope="col">Service</th>
                  <th scope="col">Provider</th>
                </tr>
              </thead>
              <tbody>
                {result.ledger.entries.length === 0 && (
                  <tr>
                    <td colSpan={7}>No minutes recorded in {result.caps.sfy}.</td>
                  </tr>
                )}
                {result.ledger.entries.map((e) => (
                  <tr key={e.id}>
                    <td>{e.dateOfService}</td>
                    <td>{e.category}</td>
                    <td className="num">{e.minutes.toLocaleString('en-US')}</td>
                    <td>{e.source === 'EXTERNAL' ? `billed elsewhere${e.externalReference ? `: ${e.externalReference}` : ''}` : (e.claimId ?? "another provider's claim")}</td>
                    <td>{e.lineId ?? '—'}</td>
                    <td>{e.service ? words(e.service) : '—'}</td>
                    <td>{e.inScope ? (e.providerName ?? '—') : 'another provider'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function CapBar({ id, label, balance, limit, citation }: { id: string; label: string; balance: CapBalance; limit: number; citation: string }) {
  const pct = limit ? Math.round((1000 * balance.usedMinutes) / limit) / 10 : 0;
  const n = (m: number) => m.toLocaleString('en-US');
  return (
    <div className="cap-bar">
      <label htmlFor={id}>
        {label} (<cite>{citation}</cite>)
      </label>
      <meter id={id} min={0} max={limit} low={limit * 0.75} high={limit * 0.9} optimum={0} value={balance.usedMinutes} aria-describedby={`${id}-text`}>
        {pct}%
      </meter>
      <p id={`${id}-text`}>
        {n(balance.usedMinutes)} of {n(limit)} minutes used ({pct}%), {n(balance.remainingMinutes)} left{pct >= 90 ? ' — near the cap' : ''}
      </p>
    </div>
  );
}
