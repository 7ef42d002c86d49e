import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, fieldError } from '../api/client.ts';
import type { CampaignDetail, EmulationRules, EligibilityAnswer, Nomination } from '../api/emulation.ts';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { PersonPicker, type PersonOption } from '../components/person-picker.tsx';
import { Field, Notice, SelectField } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

function useAwards() {
  return useQuery({ queryKey: ['emulation', 'rules'], queryFn: () => api<EmulationRules>('/api/emulation/rules'), staleTime: 10 * 60_000 });
}

/** The first message for a field or any of its items ("members" matches body.members[2]). */
function errorAt(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return fieldError(err, field) ?? err.details.find((d) => d.path.startsWith(`body.${field}[`) || d.path.startsWith(`${field}[`))?.message;
}

/** A message not tied to one of the form's fields (a closed registration, a refused right). */
export function FormError({ err, fields }: { err: unknown; fields: string[] }) {
  if (!(err instanceof Error)) return null;
  if (err instanceof ApiError && err.details.some((d) => fields.some((f) => d.path === `body.${f}` || d.path.startsWith(`body.${f}[`)))) return null;
  return (
    <Notice kind="warn">
      <span role="alert">{err.message}</span>
    </Notice>
  );
}

export function TextArea({ label, value, onChange, error, required }: { label: string; value: string; onChange: (v: string) => void; error?: string; required?: boolean }) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        value={value}
        required={required}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

// ---------- registration ----------
/** A unit or a person of it registers a title with their commitment, before the campaign's deadline. */
export function RegistrationForm({ campaign }: { campaign: CampaignDetail }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const awards = useAwards();
  const [orgUnit, setOrgUnit] = useState('');
  const [forPerson, setForPerson] = useState(true);
  const [person, setPerson] = useState<PersonOption | null>(null);
  const [award, setAward] = useState('');
  const [commitment, setCommitment] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api<{ id: number }>(`/api/emulation/campaigns/${campaign.id}/registrations`, {
        method: 'POST',
        body: { orgUnit, staffId: forPerson ? (person?.id ?? null) : null, award, commitment: commitment.trim() || null },
      }),
    onSuccess: () => {
      setPerson(null);
      setAward('');
      setCommitment('');
      void qc.invalidateQueries({ queryKey: ['emulation', 'campaign', campaign.id] });
    },
  });
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const subject = forPerson ? 'PERSON' : 'UNIT';
  return (
    <form className="card stack" onSubmit={submit} data-form="registration" noValidate>
      <h3>{t('emuf.reg.title')}</h3>
      <OrgUnitPicker
        label={t('emuf.unit')}
        value={orgUnit}
        onChange={(c) => {
          setOrgUnit(c);
          setPerson(null);
        }}
        error={errorAt(err, 'orgUnit')}
        required
      />
      <fieldset className="inline-choices">
        <legend>{t('emuf.for')}</legend>
        <label>
          <input
            type="radio"
            name="reg-for"
            checked={forPerson}
            onChange={() => {
              setForPerson(true);
              setAward('');
            }}
          />{' '}
          {t('emuf.forPerson')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name="reg-for"
            checked={!forPerson}
            onChange={() => {
              setForPerson(false);
              setAward('');
              setPerson(null);
            }}
          />{' '}
          {t('emuf.forUnit')}
        </label>
      </fieldset>
      {forPerson && (
        <PersonPicker
          label={t('emuf.person')}
          value={person}
          onChange={setPerson}
          orgUnit={orgUnit || undefined}
          error={errorAt(err, 'staffId')}
          hint={orgUnit ? undefined : t('emuf.person.hintUnit')}
        />
      )}
      <SelectField label={t('emuf.award')} value={award} onChange={(e) => setAward(e.target.value)} error={errorAt(err, 'award')}>
        <option value="">–</option>
        {awards.data?.awards
          .filter((a) => a.subject === subject)
          .map((a) => (
            <option key={a.code} value={a.code}>
              {lang === 'en' ? a.nameEn : a.nameVi}
            </option>
          ))}
      </SelectField>
      <TextArea label={t('emuf.commitment')} value={commitment} onChange={setCommitment} error={errorAt(err, 'commitment')} />
      <FormError err={err} fields={['orgUnit', 'staffId', 'award', 'commitment']} />
      {save.isSuccess && (
        <Notice>
          <span role="status">{t('emuf.reg.done')}</span>
        </Notice>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('emuf.reg.submit')}
        </button>
      </div>
    </form>
  );
}

/** The unit head approves or rejects a pending registration. */
export function RegistrationDecision({ id, campaignId }: { id: number; campaignId: number }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const decide = useMutation({
    mutationFn: (approve: boolean) => api(`/api/emulation/registrations/${id}/decision`, { method: 'POST', body: { approve } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['emulation', 'campaign', campaignId] }),
  });
  return (
    <span className="inline-actions">
      <button type="button" className="btn btn-small" disabled={decide.isPending} onClick={() => decide.mutate(true)}>
        {t('emuf.approve')}
      </button>{' '}
      <button type="button" className="btn btn-small" disabled={decide.isPending} onClick={() => decide.mutate(false)}>
        {t('emuf.reject')}
      </button>
      {decide.error && (
        <small className="field-error" role="alert">
          {' '}
          {decide.error.message}
        </small>
      )}
    </span>
  );
}

// ---------- nomination ----------
/**
 * A nomination: the person or unit and the title chosen by searching, the eligibility computed from the records
 * shown with its reasons, and an override reason asked for (and required by the server) when not eligible.
 */
export function NominationForm() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const awards = useAwards();
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [forPerson, setForPerson] = useState(true);
  const [person, setPerson] = useState<PersonOption | null>(null);
  const [unit, setUnit] = useState('');
  const [award, setAward] = useState('');
  const [proposing, setProposing] = useState('');
  const [achievements, setAchievements] = useState('');
  const [override, setOverride] = useState('');
  const subjectChosen = forPerson ? person !== null : unit !== '';
  const y = Number(year);
  const judged = useQuery({
    queryKey: ['emulation', 'eligibility', 'nominee', y, forPerson ? `p${person?.id}` : `u${unit}`],
    queryFn: () => api<EligibilityAnswer>('/api/emulation/eligibility', { query: { year: y, staffId: forPerson ? person!.id : undefined, orgUnit: forPerson ? undefined : unit } }),
    enabled: subjectChosen && Number.isInteger(y) && y >= 2000 && y <= 2100,
  });
  const eligibility = judged.data?.eligibility.find((e) => e.award === award) ?? null;
  const save = useMutation({
    mutationFn: () =>
      api<{ id: number; eligible: boolean }>('/api/emulation/nominations', {
        method: 'POST',
        body: {
          year: y,
          award,
          staffId: forPerson ? (person?.id ?? null) : null,
          orgUnit: forPerson ? null : unit || null,
          proposingOrgUnit: proposing,
          achievements: achievements.trim() || null,
          overrideReason: eligibility && !eligibility.eligible ? override.trim() || null : null,
        },
      }),
    onSuccess: () => {
      setOverride('');
      setAchievements('');
      void qc.invalidateQueries({ queryKey: ['emulation', 'nominations'] });
    },
  });
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const subject = forPerson ? 'PERSON' : 'UNIT';
  return (
    <form className="card stack" onSubmit={submit} data-form="nomination" noValidate>
      <h3>{t('emuf.nom.title')}</h3>
      <Field label={t('emu.year')} value={year} inputMode="numeric" onChange={(e) => setYear(e.target.value)} error={errorAt(err, 'year')} />
      <fieldset className="inline-choices">
        <legend>{t('emuf.for')}</legend>
        <label>
          <input
            type="radio"
            name="nom-for"
            checked={forPerson}
            onChange={() => {
              setForPerson(true);
              setAward('');
            }}
          />{' '}
          {t('emuf.forPerson')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name="nom-for"
            checked={!forPerson}
            onChange={() => {
              setForPerson(false);
              setAward('');
            }}
          />{' '}
          {t('emuf.forUnit')}
        </label>
      </fieldset>
      {forPerson ? (
        <PersonPicker label={t('emuf.person')} value={person} onChange={setPerson} error={errorAt(err, 'staffId')} />
      ) : (
        <OrgUnitPicker label={t('emuf.nomineeUnit')} value={unit} onChange={setUnit} error={errorAt(err, 'orgUnit')} />
      )}
      <SelectField label={t('emuf.award')} value={award} onChange={(e) => setAward(e.target.value)} error={errorAt(err, 'award')}>
        <option value="">–</option>
        {awards.data?.awards
          .filter((a) => a.subject === subject)
          .map((a) => (
            <option key={a.code} value={a.code}>
              {lang === 'en' ? a.nameEn : a.nameVi}
            </option>
          ))}
      </SelectField>
      {eligibility && (
        <div className="card" data-nominee-eligibility={eligibility.eligible ? 'yes' : 'no'}>
          <p>
            <span className={`badge ${eligibility.eligible ? 'badge-ok' : 'badge-warn'}`}>{eligibility.eligible ? t('emu.eligible') : t('emu.notEligible')}</span>{' '}
            <small className="muted">{eligibility.ruleSet.legalBasis}</small>
          </p>
          <ul>
            {eligibility.conditions.map((c, i) => (
              <li key={i}>
                {c.met ? '✓' : '✗'} {lang === 'en' ? c.reasonEn : c.reasonVi} <small className="muted">— {c.article}</small>
                {!c.confirmed && <small className="badge">{t('emu.unconfirmed')}</small>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {judged.error && <Notice kind="warn">{judged.error.message}</Notice>}
      {eligibility && !eligibility.eligible && (
        <TextArea
          label={t('emuf.override')}
          value={override}
          onChange={setOverride}
          required
          error={err instanceof ApiError && err.code === 'NOT_ELIGIBLE' ? t('emuf.override.needed') : errorAt(err, 'overrideReason')}
        />
      )}
      <OrgUnitPicker label={t('emuf.proposing')} value={proposing} onChange={setProposing} error={errorAt(err, 'proposingOrgUnit')} required />
      <TextArea label={t('emuf.achievements')} value={achievements} onChange={setAchievements} error={errorAt(err, 'achievements')} />
      <FormError err={err} fields={['year', 'staffId', 'orgUnit', 'award', 'overrideReason', 'proposingOrgUnit', 'achievements']} />
      {save.isSuccess && (
        <Notice>
          <span role="status">{t('emuf.nom.done', { id: save.data.id })}</span>
        </Notice>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('emuf.nom.submit')}
        </button>
      </div>
    </form>
  );
}

// ---------- council session ----------

/** Vietnamese local time (UTC+7) of a datetime-local value, as the API's ISO date-time. */
const vnDateTime = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}+07:00` : '');

/** Opens a council session: its members (found by name), the window, the quorum and the nominations put to it. */
export function SessionForm({ onCreated }: { onCreated?: (id: number) => void }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [quorumNum, setQuorumNum] = useState('2');
  const [quorumDen, setQuorumDen] = useState('3');
  const [members, setMembers] = useState<PersonOption[]>([]);
  const [chosen, setChosen] = useState<number[]>([]);
  const y = Number(year);
  const nominations = useQuery({
    queryKey: ['emulation', 'nominations', 'proposed', y],
    queryFn: () => api<{ items: Nomination[] }>('/api/emulation/nominations', { query: { year: y, status: 'PROPOSED' } }),
    enabled: Number.isInteger(y) && y >= 2000 && y <= 2100,
  });
  const save = useMutation({
    mutationFn: () =>
      api<{ id: number }>('/api/emulation/sessions', {
        method: 'POST',
        body: {
          title,
          orgUnit,
          year: y,
          opensAt: vnDateTime(opensAt),
          closesAt: vnDateTime(closesAt),
          quorum: { num: Number(quorumNum), den: Number(quorumDen) },
          members: members.map((m) => m.username),
          nominationIds: chosen,
        },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['emulation', 'sessions'] });
      void qc.invalidateQueries({ queryKey: ['emulation', 'nominations'] });
      onCreated?.(r.id);
    },
  });
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const name = (n: Nomination) => `${n.staff ? n.staff.fullName : (n.orgUnit?.nameVi ?? '')} — ${lang === 'en' ? n.awardName.en : n.awardName.vi}`;
  return (
    <form className="card stack" onSubmit={submit} data-form="session" noValidate>
      <h3>{t('emuf.ses.title')}</h3>
      <Field label={t('emuf.ses.name')} value={title} onChange={(e) => setTitle(e.target.value)} error={errorAt(err, 'title')} />
      <OrgUnitPicker label={t('emuf.ses.unit')} value={orgUnit} onChange={setOrgUnit} error={errorAt(err, 'orgUnit')} required />
      <Field
        label={t('emu.year')}
        value={year}
        inputMode="numeric"
        onChange={(e) => {
          setYear(e.target.value);
          setChosen([]);
        }}
        error={errorAt(err, 'year')}
      />
      <div className="form-row">
        <Field label={t('emuf.ses.opens')} type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} error={errorAt(err, 'opensAt')} />
        <Field label={t('emuf.ses.closes')} type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} error={errorAt(err, 'closesAt')} />
      </div>
      <div className="form-row">
        <Field label={t('emuf.ses.quorumNum')} value={quorumNum} inputMode="numeric" onChange={(e) => setQuorumNum(e.target.value)} error={errorAt(err, 'quorum')} />
        <Field label={t('emuf.ses.quorumDen')} value={quorumDen} inputMode="numeric" onChange={(e) => setQuorumDen(e.target.value)} />
      </div>
      <p className="muted small">{t('emuf.ses.thresholdNote')}</p>
      <PersonPicker
        label={t('emuf.ses.members')}
        value={null}
        keepText
        withAccount
        onChange={(p) => p && !members.some((m) => m.id === p.id) && setMembers([...members, p])}
        error={errorAt(err, 'members')}
        hint={t('emuf.ses.membersHint', { n: members.length })}
      />
      <ul className="chips" data-members>
        {members.map((m) => (
          <li key={m.id}>
            {m.fullName} <small className="muted">({m.orgUnit.nameVi})</small>{' '}
            <button type="button" className="link" aria-label={t('emuf.remove', { name: m.fullName })} onClick={() => setMembers(members.filter((x) => x.id !== m.id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <fieldset className={errorAt(err, 'nominationIds') ? 'has-error' : ''}>
        <legend>{t('emuf.ses.nominations')}</legend>
        {nominations.data?.items.length === 0 && <p className="muted">{t('emuf.ses.noNominations')}</p>}
        {nominations.data?.items.map((n) => (
          <label key={n.id} className="check-row">
            <input type="checkbox" checked={chosen.includes(n.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, n.id] : chosen.filter((x) => x !== n.id))} /> {name(n)}
            {!n.eligible && <small className="badge badge-warn">{t('emuf.overridden')}</small>}
          </label>
        ))}
        {errorAt(err, 'nominationIds') && <small className="field-error">{errorAt(err, 'nominationIds')}</small>}
      </fieldset>
      <FormError err={err} fields={['title', 'orgUnit', 'year', 'opensAt', 'closesAt', 'quorum', 'members', 'nominationIds']} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('emuf.ses.submit')}
        </button>
      </div>
    </form>
  );
}
