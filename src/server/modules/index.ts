import type { FastifyInstance } from 'fastify';
import { apiTokenRoutes } from './api-tokens/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { indicatorRoutes } from './indicators/routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { targetRoutes } from './targets/routes.ts';
import { alertRoutes } from './alerts/routes.ts';
import { orgUnitRoutes } from './org-units/routes.ts';
import { userRoutes } from './users/routes.ts';
import { metadataRoutes } from './metadata/routes.ts';
import { periodRoutes } from './periods/routes.ts';
import { regimeRoutes } from './regimes/routes.ts';
import { dataValueRoutes } from './data-values/routes.ts';
import { reportStatusRoutes } from './report-status/routes.ts';
import { validationRuleRoutes } from './validation-rules/routes.ts';
import { outlierRoutes } from './outliers/routes.ts';
import { dataQualityRoutes } from './data-quality/routes.ts';
import { excelRoutes } from './excel/routes.ts';
import { jobRoutes } from './jobs/routes.ts';
import { dhis2Routes } from './dhis2/routes.ts';
import { openDataRoutes } from './opendata/routes.ts';
import { taskRoutes } from './tasks/routes.ts';
import { briefingRoutes } from './briefings/routes.ts';
import { savedAnalysisRoutes } from './saved-analyses/routes.ts';
import { evaluationRoutes } from './evaluation/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { emulationRoutes } from './emulation/routes.ts';
import { takedownRoutes } from './takedown/routes.ts';
import { commitmentRoutes } from './commitments/routes.ts';

/** Every capability's routes, registered by buildApp. Add a module here with one line. */
export const MODULE_ROUTES: ((app: FastifyInstance) => Promise<void>)[] = [
  healthRoutes,
  authRoutes,
  userRoutes,
  apiTokenRoutes,
  auditRoutes,
  orgUnitRoutes,
  indicatorRoutes,
  analyticsRoutes,
  targetRoutes,
  alertRoutes,
  validationRuleRoutes,
  outlierRoutes,
  dataQualityRoutes,
  excelRoutes,
  jobRoutes,
  openDataRoutes,
  taskRoutes,
  commitmentRoutes,
  briefingRoutes,
  savedAnalysisRoutes,
  emulationRoutes,
  takedownRoutes,
  metadataRoutes,
  periodRoutes,
  regimeRoutes,
  dataValueRoutes,
  reportStatusRoutes,
  dhis2Routes,
  evaluationRoutes,
  homeRoutes,
];
