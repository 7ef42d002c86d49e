import { assertPermissionAnywhere } from '../../access.ts';
import type { ServiceContext } from '../../http/context.ts';
import { badRequest, notFound, unauthenticated } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repo.ts';
import type { z } from 'zod';
import type { SaveAnalysisInput, savedAnalysisSchema } from './schema.ts';

/** Analyses one person may keep. */
export const MAX_SAVED_ANALYSES = 200;

export type SavedAnalysisView = z.infer<typeof savedAnalysisSchema>;

const viewOf = (row: repo.SavedAnalysisRow): SavedAnalysisView => ({
  id: row.id,
  name: row.name,
  query: row.query,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Saved analyses belong to a person: an API token (no person) has none. Reading figures is the gate. */
function ownerOf(ctx: ServiceContext): number {
  if (ctx.actor.userId === undefined) throw unauthenticated();
  assertPermissionAnywhere(ctx.actor, 'data.read');
  return ctx.actor.userId;
}

export async function listSavedAnalyses(ctx: ServiceContext): Promise<SavedAnalysisView[]> {
  return (await repo.listSavedAnalyses(ctx.db, ownerOf(ctx))).map(viewOf);
}

/** Saves an analysis under a name; the caller's analysis of the same name (ignoring case) is replaced. */
export async function saveAnalysis(ctx: ServiceContext, input: SaveAnalysisInput): Promise<{ created: boolean; analysis: SavedAnalysisView }> {
  const owner = ownerOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findSavedAnalysisByName(tx, owner, input.name);
    if (!before && (await repo.countSavedAnalyses(tx, owner)) >= MAX_SAVED_ANALYSES) {
      throw badRequest('TOO_MANY_SAVED_ANALYSES', `Đã lưu đủ ${MAX_SAVED_ANALYSES} phân tích; hãy xóa bớt phân tích cũ`, `${MAX_SAVED_ANALYSES} analyses are saved already; delete old ones first`, [
        { path: 'body.name', messageVi: `Tối đa ${MAX_SAVED_ANALYSES} phân tích`, messageEn: `At most ${MAX_SAVED_ANALYSES} analyses` },
      ]);
    }
    const after = before ? await repo.updateSavedAnalysis(tx, before.id, input.name, input.query) : await repo.insertSavedAnalysis(tx, owner, input.name, input.query);
    await recordAudit(tx, ctx.actor, {
      action: before ? 'analysis.update' : 'analysis.create',
      objectType: 'saved_analysis',
      objectId: after.id,
      before: before ? viewOf(before) : undefined,
      after: viewOf(after),
    });
    return { created: !before, analysis: viewOf(after) };
  });
}

/** Deletes one of the caller's analyses; somebody else's is not found (its existence is not disclosed). */
export async function deleteAnalysis(ctx: ServiceContext, id: number): Promise<void> {
  const owner = ownerOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findSavedAnalysis(tx, owner, id);
    if (!before) throw notFound('phân tích đã lưu', 'Saved analysis', id);
    await repo.deleteSavedAnalysis(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'analysis.delete', objectType: 'saved_analysis', objectId: id, before: viewOf(before) });
  });
}
