import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { orgUnitPageSchema, orgUnitSchema } from '../../server/modules/org-units/schema.ts';
import { useI18n, type Lang } from '../i18n/index.tsx';

type OrgUnit = Wire<typeof orgUnitSchema>;

const CHILD_LIMIT = 500;

function nameOf(unit: { nameVi: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && unit.nameEn ? unit.nameEn : unit.nameVi;
}

/** The units under one parent (null: the roots), closed ones on request. */
function useChildren(parent: string | null, includeClosed: boolean, enabled = true) {
  return useQuery({
    queryKey: ['orgUnits', 'tree', parent, includeClosed],
    queryFn: ({ signal }) =>
      api<Wire<typeof orgUnitPageSchema>>('/api/orgUnits', {
        query: { ...(parent === null ? { level: 1 } : { parent }), includeClosed: includeClosed ? 'true' : undefined, limit: CHILD_LIMIT },
        signal,
      }),
    enabled,
    staleTime: 60_000,
  });
}

/** Moves focus between the visible tree items with the arrow keys (WAI-ARIA tree view pattern). */
function onTreeKey(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
  const tree = e.currentTarget.closest('[role="tree"]');
  if (!tree) return;
  const items = [...tree.querySelectorAll<HTMLElement>('.tree-label')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : at + (e.key === 'ArrowDown' ? 1 : -1);
  if (next >= 0 && next < items.length) {
    e.preventDefault();
    items[next].focus();
  }
}

function TreeNode({
  unit,
  selected,
  onSelect,
  includeClosed,
  openPath,
}: {
  unit: OrgUnit;
  selected: string | null;
  onSelect: (code: string) => void;
  includeClosed: boolean;
  /** Codes of the selected unit's ancestors: those nodes start open, so the selection is in view. */
  openPath: ReadonlySet<string>;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(openPath.has(unit.code));
  const onPath = openPath.has(unit.code);
  // A unit chosen elsewhere (its address, the detail pane) opens its ancestors when they come to be known.
  useEffect(() => {
    if (onPath) setOpen(true);
  }, [onPath]);
  const children = useChildren(unit.code, includeClosed, open);
  const items = children.data?.items ?? [];
  // A unit's children are unknown until it is opened; one known to have none shows no toggle.
  const leaf = children.isSuccess && items.length === 0;
  return (
    <li role="treeitem" aria-expanded={leaf ? undefined : open} aria-selected={selected === unit.code} className="tree-node">
      <div className={`tree-row${selected === unit.code ? ' selected' : ''}`}>
        {leaf ? (
          <span className="tree-toggle" aria-hidden="true" />
        ) : (
          <button type="button" className="tree-toggle" aria-label={`${open ? t('orgUnits.collapse') : t('orgUnits.expand')} ${nameOf(unit, lang)}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        )}
        <button
          type="button"
          className="tree-label"
          onClick={() => onSelect(unit.code)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' && !open && !leaf) setOpen(true);
            else if (e.key === 'ArrowLeft' && open) setOpen(false);
            else onTreeKey(e);
          }}
        >
          <span>{nameOf(unit, lang)}</span>
          <span className="muted small">
            {' '}
            {unit.code}
            {unit.closingDate ? ` · ${t('orgUnits.closed')}` : ''}
          </span>
        </button>
      </div>
      {open && children.isLoading && <div className="muted small tree-loading">{t('common.loading')}</div>}
      {open && items.length > 0 && (
        <ul role="group">
          {items.map((c) => (
            <TreeNode key={c.id} unit={c} selected={selected} onSelect={onSelect} includeClosed={includeClosed} openPath={openPath} />
          ))}
        </ul>
      )}
      {open && children.data && children.data.total > items.length && <div className="muted small tree-more">{t('orgUnits.treeMore', { shown: items.length, total: children.data.total })}</div>}
    </li>
  );
}

/**
 * The org-unit hierarchy as a tree: the roots first, each unit's children loaded when it is opened. The
 * ancestors of the selected unit start open.
 */
export function OrgUnitTree({ selected, onSelect, includeClosed, openPath }: { selected: string | null; onSelect: (code: string) => void; includeClosed: boolean; openPath: ReadonlySet<string> }) {
  const { t } = useI18n();
  const roots = useChildren(null, includeClosed);
  if (roots.isLoading) return <div className="state">{t('common.loading')}</div>;
  if (roots.error) return <div className="state state-error">{roots.error.message}</div>;
  return (
    <ul role="tree" aria-label={t('orgUnits.tree')} className="org-tree">
      {(roots.data?.items ?? []).map((u) => (
        <TreeNode key={u.id} unit={u} selected={selected} onSelect={onSelect} includeClosed={includeClosed} openPath={openPath} />
      ))}
    </ul>
  );
}
