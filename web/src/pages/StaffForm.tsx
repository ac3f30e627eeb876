/**
 * Add or edit a person. The API checks everything; its problem+json `errors[].path` (a JSON Pointer
 * such as /licenses/0/expiresOn) is shown beside the field with that path, and any error without a
 * field in the summary above the buttons.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { BACKGROUND_CHECK_KINDS, BACKGROUND_CHECK_RESULTS, CERTIFICATION_KINDS, DEGREE_FIELDS, DEGREE_LEVELS, EXPERIENCE_KINDS, LICENSE_KINDS, TRAINING_KINDS } from '../../../src/rules/vocabulary';
import { api, dataOf } from '../api/client';
import type { Problem, RosterEntry, Schemas } from '../api/types';
import { describedBy, Field, focusFirstError, FormProblem, problemOf, words } from '../ui';

type Staff = Schemas['StaffView'];
type Draft = Omit<Schemas['CreateStaffDto'], 'providerId'>;
type ListKey = 'licenses' | 'degrees' | 'experience' | 'trainings' | 'certifications' | 'backgroundChecks';

const MANAGED = ['name', 'npi', 'birthDate', 'hireDate', 'endDate', 'highSchoolOrGed', 'practicumHours', 'supervisorStaffId', 'mhpDesignatedBefore2011', 'rsaAbilitiesAttestedOn', 'fullTime', 'livedExperience', 'clinicalDirector', 'licenses', 'degrees', 'experience', 'trainings', 'certifications', 'backgroundChecks'] as const;

const blank: Record<ListKey, () => Record<string, unknown>> = {
  licenses: () => ({ kind: 'CLINICAL_SOCIAL_WORKER', state: 'IL', number: '', issuedOn: '', expiresOn: '' }),
  degrees: () => ({ level: 'BACHELOR', field: 'PSYCHOLOGY' }),
  experience: () => ({ kind: 'MENTAL_HEALTH_CLINICAL', from: '', to: '', supervisedByQmhp: false }),
  trainings: () => ({ kind: 'MENTAL_HEALTH_SERVICES', completedOn: '' }),
  certifications: () => ({ kind: 'CRSS', issuedOn: '', expiresOn: '' }),
  backgroundChecks: () => ({ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '', result: 'CLEAR' }),
};

/** Table O(c)(3)'s lists by their names (the enrollment page's background checks too). */
export const CHECK_KIND_NAMES: Record<string, string> = {
  HEALTH_CARE_WORKER_REGISTRY: 'Health Care Worker Registry',
  FINGERPRINT: 'Fingerprint-based check',
  OIG_SANCTIONS: 'HFS OIG sanctions list',
};

function draftOf(staff?: Staff): Draft {
  if (!staff) {
    return { name: '', hireDate: '', licenses: [], degrees: [], experience: [], trainings: [], certifications: [], backgroundChecks: [], highSchoolOrGed: false, fullTime: true, livedExperience: false, clinicalDirector: false };
  }
  const d: Record<string, unknown> = {};
  for (const k of MANAGED) d[k] = (staff as Record<string, unknown>)[k];
  return d as Draft;
}

/** Empty optional text is null in the body; dates and numbers are sent as typed so the API can name what is wrong. */
function bodyOf(draft: Draft): Record<string, unknown> {
  const clean = (v: unknown): unknown => {
    if (v === '') return null;
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  const out = clean(draft) as Record<string, unknown>;
  out.name = draft.name;
  out.hireDate = draft.hireDate;
  if (typeof out.practicumHours === 'string') out.practicumHours = Number(out.practicumHours);
  return out;
}

export function StaffForm({ providerId, staff, roster, onSaved, onCancel }: { providerId: string; staff?: Staff; roster: RosterEntry[]; onSaved: () => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(staff));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const prefix = staff ? `edit-${staff.id.slice(0, 8)}` : 'new';
  const idOf = (path: string) => `${prefix}${path.replace(/\//g, '-')}`;
  const errorsAt = (path: string) => problem?.errors?.filter((e) => e.path === path).map((e) => e.message);
  const unplaced = problem?.errors?.filter((e) => !document.getElementById(idOf(e.path))) ?? [];

  const set = (key: string, value: unknown) => setDraft((d) => ({ ...d, [key]: value }));
  const listOf = (key: ListKey) => ((draft as Record<string, unknown>)[key] as Record<string, unknown>[] | undefined) ?? [];
  const setItem = (key: ListKey, i: number, field: string, value: unknown) => set(key, listOf(key).map((it, j) => (j === i ? { ...it, [field]: value } : it)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body = bodyOf(draft);
      if (staff) await dataOf(api.PATCH('/api/v1/staff/{id}', { params: { path: { id: staff.id } }, body: body as never }));
      else await dataOf(api.POST('/api/v1/staff', { body: { ...body, providerId } as never }));
      onSaved();
    } catch (err) {
      setProblem(problemOf(err));
      focusFirstError(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const text = (path: string, label: string, opts: { type?: string; required?: boolean; hint?: string } = {}) => {
    const key = path.slice(1);
    const id = idOf(path);
    const errs = errorsAt(path);
    return (
      <Field id={id} label={label} error={errs} hint={opts.hint}>
        <input id={id} type={opts.type ?? 'text'} required={opts.required} value={String((draft as Record<string, unknown>)[key] ?? '')} onChange={(e) => set(key, e.target.value)} {...describedBy(id, errs, !!opts.hint)} />
      </Field>
    );
  };
  const check = (path: string, label: string) => {
    const key = path.slice(1);
    const id = idOf(path);
    return (
      <div className="field checkbox">
        <input id={id} type="checkbox" checked={!!(draft as Record<string, unknown>)[key]} onChange={(e) => set(key, e.target.checked)} />
        <label htmlFor={id}>{label}</label>
      </div>
    );
  };
  const itemInput = (key: ListKey, i: number, field: string, label: string, type = 'text') => {
    const path = `/${key}/${i}/${field}`;
    const id = idOf(path);
    const errs = errorsAt(path);
    const value = listOf(key)[i][field];
    if (type === 'checkbox') {
      return (
        <div className="field checkbox">
          <input id={id} type="checkbox" checked={!!value} onChange={(e) => setItem(key, i, field, e.target.checked)} />
          <label htmlFor={id}>{label}</label>
        </div>
      );
    }
    return (
      <Field id={id} label={label} error={errs}>
        <input id={id} type={type} value={String(value ?? '')} onChange={(e) => setItem(key, i, field, e.target.value)} {...describedBy(id, errs)} />
      </Field>
    );
  };
  const itemSelect = (key: ListKey, i: number, field: string, label: string, options: readonly string[], names?: Record<string, string>) => {
    const path = `/${key}/${i}/${field}`;
    const id = idOf(path);
    const errs = errorsAt(path);
    return (
      <Field id={id} label={label} error={errs}>
        <select id={id} value={String(listOf(key)[i][field] ?? '')} onChange={(e) => setItem(key, i, field, e.target.value)} {...describedBy(id, errs)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {names?.[o] ?? words(o)}
            </option>
          ))}
        </select>
      </Field>
    );
  };
  const list = (key: ListKey, title: string, noun: string, row: (i: number) => ReactNode) => (
    <fieldset>
      <legend>{title}</legend>
      {listOf(key).length === 0 && <p className="muted">None recorded.</p>}
      {listOf(key).map((_, i) => (
        <div className="item" key={i} role="group" aria-label={`${noun} ${i + 1}`}>
          {row(i)}
          <button type="button" className="link" onClick={() => set(key, listOf(key).filter((__, j) => j !== i))}>
            Remove {noun} {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => set(key, [...listOf(key), blank[key]()])}>
        Add {noun}
      </button>
    </fieldset>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="staff-form">
      <fieldset>
        <legend>Person</legend>
        {text('/name', 'Name', { required: true })}
        {text('/npi', 'NPI', { hint: '10 digits, optional' })}
        {text('/birthDate', 'Birth date', { type: 'date' })}
        {text('/hireDate', 'Hire date', { type: 'date', required: true })}
        {text('/endDate', 'End of employment', { type: 'date' })}
        <Field id={idOf('/supervisorStaffId')} label="QMHP supervisor" error={errorsAt('/supervisorStaffId')}>
          <select id={idOf('/supervisorStaffId')} value={draft.supervisorStaffId ?? ''} onChange={(e) => set('supervisorStaffId', e.target.value || null)} {...describedBy(idOf('/supervisorStaffId'), errorsAt('/supervisorStaffId'))}>
            <option value="">None</option>
            {roster
              .filter((r) => r.staffId !== staff?.id && (r.tiers.includes('QMHP') || r.staffId === draft.supervisorStaffId))
              .map((r) => (
                <option key={r.staffId} value={r.staffId}>
                  {r.name} ({r.tier ?? 'no tier'})
                </option>
              ))}
          </select>
        </Field>
        {text('/practicumHours', 'Supervised practicum hours', { type: 'number' })}
        {text('/rsaAbilitiesAttestedOn', 'RSA abilities recorded on', { type: 'date', hint: '140.453(b)(6)(B)(ii)' })}
        {check('/highSchoolOrGed', 'High school diploma or GED')}
        {check('/mhpDesignatedBefore2011', 'Designated MHP before 1 July 2011')}
        {check('/fullTime', 'Full-time')}
        {check('/livedExperience', 'Lived experience (peer support)')}
        {check('/clinicalDirector', 'Clinical Director')}
      </fieldset>
      {list('licenses', 'Licences', 'licence', (i) => (
        <>
          {itemSelect('licenses', i, 'kind', 'Kind', LICENSE_KINDS)}
          {itemInput('licenses', i, 'state', 'State')}
          {itemInput('licenses', i, 'number', 'Number')}
          {itemInput('licenses', i, 'issuedOn', 'Issued on', 'date')}
          {itemInput('licenses', i, 'expiresOn', 'Expires on', 'date')}
        </>
      ))}
      {list('degrees', 'Degrees', 'degree', (i) => (
        <>
          {itemSelect('degrees', i, 'level', 'Level', DEGREE_LEVELS)}
          {itemSelect('degrees', i, 'field', 'Field', DEGREE_FIELDS)}
        </>
      ))}
      {list('experience', 'Experience', 'experience period', (i) => (
        <>
          {itemSelect('experience', i, 'kind', 'Kind', EXPERIENCE_KINDS)}
          {itemInput('experience', i, 'from', 'From', 'date')}
          {itemInput('experience', i, 'to', 'To (empty: ongoing)', 'date')}
          {itemInput('experience', i, 'supervisedByQmhp', 'Supervised by a QMHP', 'checkbox')}
        </>
      ))}
      {list('trainings', 'Trainings', 'training', (i) => (
        <>
          {itemSelect('trainings', i, 'kind', 'Kind', TRAINING_KINDS)}
          {itemInput('trainings', i, 'completedOn', 'Completed on', 'date')}
        </>
      ))}
      {list('certifications', 'Certifications', 'certification', (i) => (
        <>
          {itemSelect('certifications', i, 'kind', 'Kind', CERTIFICATION_KINDS)}
          {itemInput('certifications', i, 'issuedOn', 'Issued on', 'date')}
          {itemInput('certifications', i, 'expiresOn', 'Expires on', 'date')}
        </>
      ))}
      {list('backgroundChecks', 'Background checks (Table O(c)(3))', 'background check', (i) => (
        <>
          {itemSelect('backgroundChecks', i, 'kind', 'List checked', BACKGROUND_CHECK_KINDS, CHECK_KIND_NAMES)}
          {itemInput('backgroundChecks', i, 'checkedOn', 'Checked on', 'date')}
          {itemSelect('backgroundChecks', i, 'result', 'Result', BACKGROUND_CHECK_RESULTS)}
        </>
      ))}
      <FormProblem problem={problem} unplaced={unplaced} title="Not saved" />
      <div className="buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {staff ? 'Save changes' : 'Add person'}
        </button>
      </div>
    </form>
  );
}
