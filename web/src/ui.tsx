/** Small pieces every page uses: status badges that read without colour, problems, field errors, dates. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiProblem } from './api/client';
import type { Problem } from './api/types';

const STATUS_TEXT: Record<string, { icon: string; label: string }> = {
  PASS: { icon: '✓', label: 'Pass' },
  WARN: { icon: '!', label: 'Warning' },
  FAIL: { icon: '✕', label: 'Fail' },
  UNCHECKED: { icon: '?', label: 'Unchecked' },
  MET: { icon: '✓', label: 'Met' },
  NOT_MET: { icon: '✕', label: 'Not met' },
  NOT_RECORDED: { icon: '?', label: 'Not recorded' },
  EXPIRING: { icon: '!', label: 'Expiring' },
  CLEAR: { icon: '✓', label: 'Clear' },
  FINDING: { icon: '✕', label: 'Finding' },
};

/** A status in words and a symbol; the colour only repeats them. */
export function StatusBadge({ status }: { status: string }) {
  const s = STATUS_TEXT[status] ?? { icon: '•', label: status };
  return (
    <span className={`badge badge-${status.toLowerCase().replace(/_/g, '-')}`}>
      <span aria-hidden="true">{s.icon} </span>
      {s.label}
    </span>
  );
}

export function problemOf(e: unknown): Problem {
  if (e instanceof ApiProblem) return e.problem;
  return { status: 0, detail: e instanceof Error ? e.message : String(e) };
}

/** A refusal, in place: what, why and the citation the API gave. */
export function ProblemMessage({ problem, title }: { problem: Problem | null; title?: string }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <p>
        <strong>{title ?? (problem.status === 409 ? 'Refused' : problem.title ?? 'Something went wrong')}:</strong> {problem.detail}
      </p>
      {problem.citation && <p>Citation: <cite>{problem.citation}</cite></p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e, i) => (
            <li key={i}>
              <code>{e.path || '(body)'}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A refused form's summary: the errors no field shows, or how many fields show theirs. */
export function FormProblem({ problem, unplaced, title }: { problem: Problem | null; unplaced: { path: string; message: string }[]; title: string }) {
  if (!problem) return null;
  const placed = problem.errors?.length ?? 0;
  if (unplaced.length > 0 || placed === 0) return <ProblemMessage problem={{ ...problem, errors: unplaced }} title={title} />;
  return (
    <p className="problem" role="alert" tabIndex={-1}>
      {title}: {placed === 1 ? 'one field needs' : `${placed} fields need`} correcting (shown beside each field).
    </p>
  );
}

/** After a refused form: focus its first field in error, or its summary. */
export function focusFirstError(form: HTMLFormElement | null): void {
  setTimeout(() => (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.problem'))?.focus(), 0);
}

/** Data loaded for the current inputs; reload() asks again. */
export function useLoad<T>(load: (() => Promise<T>) | null, deps: unknown[]): { data: T | null; problem: Problem | null; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; problem: Problem | null; loading: boolean }>({ data: null, problem: null, loading: !!load });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!load) {
      setState({ data: null, problem: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true, problem: null }));
    load().then(
      (data) => live && setState({ data, problem: null, loading: false }),
      (e) => live && setState({ data: null, problem: problemOf(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** The page's heading, focused when the page opens so keyboard and screen reader users start there. */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** A complete YYYY-MM-DD from a date input (empty or partial while the user types). */
export const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value);

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** SFY2027 runs 2026-07-01 to 2027-06-30. */
export function stateFiscalYear(date: string): string {
  const year = Number(date.slice(0, 4));
  return `SFY${date.slice(5) >= '07-01' ? year + 1 : year}`;
}

export const words = (code: string): string => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string[]; hint?: string; children: ReactNode }) {
  return (
    <div className={`field${error?.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error?.map((m, i) => (
        <small key={i} id={i === 0 ? `${id}-error` : undefined} className="field-error">
          {m}
        </small>
      ))}
    </div>
  );
}

/** aria attributes that tie an input to its hint and error. */
export function describedBy(id: string, error?: string[], hint?: boolean): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const ids = [hint ? `${id}-hint` : '', error?.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(error?.length ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}

