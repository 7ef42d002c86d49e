import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CreateRuleInput, MissingValueStrategy, RuleImportance, RuleOperator, UpdateRuleInput } from '../../server/modules/validation-rules/schema.ts';
import { api, fieldError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { regimeSchema } from '../../server/modules/regimes/schema.ts';
import { useAuth } from '../auth.tsx';
import { FormulaField } from '../components/formula-field.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { Dialog, Field, FormActions, PageHeader, SearchToolbar, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { matchesSearch } from '../lib/search.ts';
import { useSearchParam } from '../router.tsx';

type Regime = Wire<typeof regimeSchema>;

interface Rule {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  description: string | null;
  leftExpression: string;
  operator: RuleOperator;
  rightExpression: string;
  importance: RuleImportance;
  regime: string | null;
  missingValueStrategy: MissingValueStrategy;
  isActive: boolean;
}

interface TestResult {
  status: 'PASS' | 'FAIL' | 'SKIPPED';
  leftValue: number | null;
  rightValue: number | null;
  message: string;
  orgUnit: { code: string; name: string };
  period: string;
  periodName: string;
  values: Record<string, number | null>;
}

const OPERATORS: RuleOperator[] = ['LE', 'LT', 'EQ', 'NE', 'GE', 'GT', 'COMPULSORY_PAIR', 'EXCLUSIVE_PAIR'];
const SYMBOL: Record<RuleOperator, string> = { EQ: '=', NE: '≠', LT: '<', LE: '≤', GT: '>', GE: '≥', COMPULSORY_PAIR: '⇔', EXCLUSIVE_PAIR: '⊕' };
const STRATEGIES: MissingValueStrategy[] = ['SKIP_IF_ALL_VALUES_MISSING', 'SKIP_IF_ANY_VALUE_MISSING', 'NEVER_SKIP'];

/** The administrator writes left side, operator and right side, tries the rule on a unit and period, then saves it. */
function RuleForm({ rule, regimes, onDone }: { rule: Rule | null; regimes: Regime[]; onDone: () => void }) {
  const { t, lang, num } = useI18n();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(rule?.code ?? '');
  const [nameVi, setNameVi] = useState(rule?.nameVi ?? '');
  const [nameEn, setNameEn] = useState(rule?.nameEn ?? '');
  const [left, setLeft] = useState(rule?.leftExpression ?? '');
  const [operator, setOperator] = useState<RuleOperator>(rule?.operator ?? 'LE');
  const [right, setRight] = useState(rule?.rightExpression ?? '');
  const [importance, setImportance] = useState<RuleImportance>(rule?.importance ?? 'ERROR');
  const [regime, setRegime] = useState(rule?.regime ?? '');
  const [strategy, setStrategy] = useState<MissingValueStrategy>(rule?.missingValueStrategy ?? 'SKIP_IF_ALL_VALUES_MISSING');
  const [isActive, setActive] = useState(rule?.isActive ?? true);
  const [testUnit, setTestUnit] = useState('01');
  const [testPeriod, setTestPeriod] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const body: UpdateRuleInput = {
        nameVi,
        nameEn: nameEn.trim() || null,
        leftExpression: left,
        operator,
        rightExpression: right,
        importance,
        regime: regime || null,
        missingValueStrategy: strategy,
        isActive,
      };
      if (rule) return api<Rule>(`/api/validation-rules/${encodeURIComponent(rule.code)}`, { method: 'PATCH', body });
      const created: CreateRuleInput = { ...body, code: code.trim(), nameVi, leftExpression: left, operator, rightExpression: right, importance, missingValueStrategy: strategy, isActive };
      return api<Rule>('/api/validation-rules', { method: 'POST', body: created });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['validation-rules'] });
      onDone();
    },
  });
  const test = useMutation({
    mutationFn: () =>
      api<TestResult>('/api/validation-rules/test', {
        method: 'POST',
        body: { leftExpression: left, operator, rightExpression: right, missingValueStrategy: strategy, orgUnit: testUnit.trim(), period: testPeriod.trim() },
      }),
  });
  const err = save.error ?? test.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const result = test.data;
  return (
    <form onSubmit={submit} noValidate className="rule-form">
      {!rule && <Field label={t('common.code')} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(save.error, 'code')} required />}
      <Field label={t('ind.nameVi')} value={nameVi} onChange={(e) => setNameVi(e.target.value)} error={fieldError(save.error, 'nameVi')} required />
      <Field label={`${t('ind.nameEn')} ${t('common.optional')}`} value={nameEn} onChange={(e) => setNameEn(e.target.value)} error={fieldError(save.error, 'nameEn')} />
      <p className="muted small">{t('ind.formulaHelp')}</p>
      <div className="rule-sides">
        <FormulaField label={t('vr.left')} value={left} onChange={setLeft} error={fieldError(err, 'leftExpression')} />
        <SelectField label={t('vr.operator')} value={operator} onChange={(e) => setOperator(e.target.value as RuleOperator)}>
          {OPERATORS.map((o) => (
            <option key={o} value={o}>
              {SYMBOL[o]} {t(`vr.op.${o}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <FormulaField label={t('vr.right')} value={right} onChange={setRight} error={fieldError(err, 'rightExpression')} />
      </div>
      <div className="grid grid-2">
        <SelectField label={t('vr.importance')} value={importance} onChange={(e) => setImportance(e.target.value as RuleImportance)}>
          <option value="ERROR">{t('vr.ERROR')}</option>
          <option value="WARNING">{t('vr.WARNING')}</option>
        </SelectField>
        <SelectField label={t('entry.regime')} value={regime} onChange={(e) => setRegime(e.target.value)} error={fieldError(save.error, 'regime')}>
          <option value="">{t('vr.anyRegime')}</option>
          {regimes.map((r) => (
            <option key={r.code} value={r.code}>
              {lang === 'en' && r.nameEn ? r.nameEn : r.nameVi}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vr.missing')} value={strategy} onChange={(e) => setStrategy(e.target.value as MissingValueStrategy)}>
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {t(`vr.strategy.${s}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <label className="check">
          <input type="checkbox" checked={isActive} onChange={(e) => setActive(e.target.checked)} /> {t('vr.active')}
        </label>
      </div>
      <fieldset className="rule-test">
        <legend>{t('vr.test')}</legend>
        <div className="grid grid-2">
          <OrgUnitPicker label={t('vr.testUnit')} value={testUnit} onChange={setTestUnit} error={fieldError(test.error, 'orgUnit')} />
          <Field label={t('vr.testPeriod')} hint={t('vr.testPeriodHint')} value={testPeriod} onChange={(e) => setTestPeriod(e.target.value)} error={fieldError(test.error, 'period')} />
        </div>
        <button type="button" className="btn" disabled={test.isPending || !left.trim() || !right.trim() || !testUnit.trim() || !testPeriod.trim()} onClick={() => test.mutate()}>
          {test.isPending ? t('common.loading') : t('vr.runTest')}
        </button>
        {test.error && <FormError error={test.error} />}
        {result && !test.error && (
          <div className={`rule-result rule-${result.status.toLowerCase()}`} data-test-status={result.status} role="status">
            <strong>{t(`vr.result.${result.status}` as MessageKey)}</strong> · {result.orgUnit.name} · {result.periodName}
            <p>{result.message}</p>
            <ul className="small">
              {Object.entries(result.values).map(([k, v]) => (
                <li key={k}>
                  <code>{`#{${k}}`}</code> = {v === null ? t('vr.emptyValue') : num(v)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>
      {save.error && <FormError error={save.error} />}
      <FormActions onCancel={onDone} pending={save.isPending} />
    </form>
  );
}

export default function ValidationRulesAdminPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const rules = useQuery({ queryKey: ['validation-rules'], queryFn: ({ signal }) => api<Rule[]>('/api/validation-rules', { signal }) });
  const regimes = useQuery({ queryKey: ['regimes', lang], queryFn: ({ signal }) => api<Regime[]>('/api/regimes', { signal }) });
  const regimeName = (code: string | null) => {
    if (!code) return t('vr.anyRegime');
    const r = regimes.data?.find((x) => x.code === code);
    return r ? (lang === 'en' && r.nameEn ? r.nameEn : r.nameVi) : code;
  };
  return (
    <section>
      <PageHeader title={t('vr.title')} intro={t('vr.intro')}>
        {can('metadata.write') && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            + {t('vr.new')}
          </button>
        )}
      </PageHeader>
      <SearchToolbar value={q} onChange={setQ} />
      <QueryView query={rules} isEmpty={(d) => d.length === 0} empty={t('vr.empty')}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('common.name')}</th>
                  <th className="hide-phone">{t('vr.rule')}</th>
                  <th>{t('vr.importance')}</th>
                  <th className="hide-phone">{t('entry.regime')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list
                  .filter((r) => matchesSearch([r.code, r.nameVi, r.nameEn, r.leftExpression, r.rightExpression], q))
                  .map((r) => (
                    <tr key={r.code} data-rule={r.code}>
                      <td>
                        {lang === 'en' && r.nameEn ? r.nameEn : r.nameVi}
                        <div className="muted small">
                          <code>{r.code}</code>
                          {!r.isActive && <> · {t('vr.inactive')}</>}
                        </div>
                      </td>
                      <td className="hide-phone">
                        <code>
                          {r.leftExpression} {SYMBOL[r.operator]} {r.rightExpression}
                        </code>
                      </td>
                      <td>
                        <span className={`badge ${r.importance === 'ERROR' ? 'badge-bad' : 'badge-warn'}`}>{t(`vr.${r.importance}` as MessageKey)}</span>
                      </td>
                      <td className="hide-phone">{regimeName(r.regime)}</td>
                      <td>
                        {can('metadata.write') && (
                          <button type="button" className="btn btn-small" onClick={() => setEditing(r)}>
                            {t('common.edit')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <Dialog title={editing === 'new' ? t('vr.new') : t('vr.edit')} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && <RuleForm key={editing === 'new' ? 'new' : editing.code} rule={editing === 'new' ? null : editing} regimes={regimes.data ?? []} onDone={() => setEditing(null)} />}
      </Dialog>
    </section>
  );
}
