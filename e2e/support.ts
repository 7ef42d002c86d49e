// Shared set-up for the browser journeys: the real server (buildApp) on a fresh database with the
// demo seed, listening on a random port, plus Debian's chromium driven by playwright-core.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before } from 'node:test';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../src/server/demo/seed.ts';
import { createTestDb } from '../src/server/testing/test-db.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');
const WEB_DIR = path.join(ROOT, 'dist', 'web');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface E2eServer {
  baseUrl: string;
  demoPassword: string;
  close: () => Promise<void>;
}

function todayInVietnam(): string {
  // Vietnam is UTC+7 all year; periods and due dates are counted on its calendar.
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Starts the real app with the built web client on a fresh, demo-seeded database. */
export async function startServer(): Promise<E2eServer> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build:web` before the browser journeys');
  }
  const { db, drop } = await createTestDb();
  const seeded = await seedDemo(db, { today: todayInVietnam() });
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: 'true', JOBS: 'off' });
  const app = await buildApp({ config, db, webDir: WEB_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    demoPassword: seeded.password ?? DEFAULT_DEMO_PASSWORD,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Every Content-Security-Policy violation any page of the journeys reported; the journeys end by checking it is empty. */
export const cspViolations: string[] = [];

export interface Viewport {
  width: number;
  height: number;
}

/** A phone's screen, as the journeys check it. */
export const PHONE: Viewport = { width: 390, height: 844 };

/** A fresh browser context (own cookies) at a laptop's 1366×768 unless told otherwise; in the machine's time zone unless one is named. */
export async function newPage(browser: Browser, viewport: Viewport = { width: 1366, height: 768 }, timezoneId?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', acceptDownloads: true, ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  // Chromium reports a blocked script, style, image or request in the console.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page };
}

/** Signs in through the sign-in page and waits for the signed-in shell. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string, to = '/'): Promise<void> {
  await page.goto(baseUrl + to);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('.topbar').waitFor();
}

export interface JourneyOptions {
  /** The journeys' own regime, data element, indicator and targets ({@link createJourneyFixtures}) before the first test. */
  fixtures?: boolean;
  /** Every page in this time zone (e.g. 'Asia/Ho_Chi_Minh', the officers' wall clock); the machine's otherwise. */
  timezoneId?: string;
}

export interface Journey {
  /** The started server's address (only inside a test or hook). */
  readonly baseUrl: string;
  /** The demo users' password. */
  readonly demoPassword: string;
  readonly browser: Browser;
  /** A fresh browser context and its page, closed after the test that opened it. */
  page(viewport?: Viewport): Promise<{ context: BrowserContext; page: Page }>;
  /** Signs `page` in as a demo user (demo password) at `to`. */
  signIn(page: Page, username: string, to?: string): Promise<void>;
  /** A fresh page signed in as a demo user at `to`: {@link Journey.page} then {@link Journey.signIn}. */
  as(username: string, to?: string, viewport?: Viewport): Promise<{ context: BrowserContext; page: Page }>;
  /** JSON calls on the API as a demo user. */
  api(username: string): ReturnType<typeof apiSession>;
}

/**
 * The set-up every journey file shares, called once inside its `describe`: before the first test the real
 * server on a fresh demo-seeded database (with the journeys' fixtures if asked) and chromium; after each test
 * the pages it opened are closed; after the last one, the browser and the server.
 */
export function journey(options: JourneyOptions = {}): Journey {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const opened: BrowserContext[] = [];
  const started = () => {
    if (!server || !browser) throw new Error('the journey has not started: use it inside a test or a hook');
    return { server, browser };
  };

  before(async () => {
    server = await startServer();
    if (options.fixtures) await createJourneyFixtures(server.baseUrl, server.demoPassword);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of opened.splice(0)) await context.close().catch(() => undefined);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const site: Journey = {
    get baseUrl() {
      return started().server.baseUrl;
    },
    get demoPassword() {
      return started().server.demoPassword;
    },
    get browser() {
      return started().browser;
    },
    async page(viewport) {
      const opening = await newPage(started().browser, viewport, options.timezoneId);
      opened.push(opening.context);
      return opening;
    },
    async signIn(page, username, to = '/') {
      await signIn(page, started().server.baseUrl, username, started().server.demoPassword, to);
    },
    async as(username, to, viewport) {
      const opening = await site.page(viewport);
      await site.signIn(opening.page, username, to);
      return opening;
    },
    api(username) {
      return apiSession(started().server.baseUrl, username, started().server.demoPassword);
    },
  };
  return site;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** JSON call on the API with a signed-in session (for fixtures the journeys rely on). */
export async function apiSession(baseUrl: string, username: string, password: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(baseUrl + url, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export const E2E = {
  regime: 'E2E-THANG',
  element: 'E2E_CASES',
  indicator: 'E2E_CASES_IND',
} as const;

/** Current calendar month as a DHIS2 period id (202611). */
export function currentMonth(): string {
  return todayInVietnam().slice(0, 7).replace('-', '');
}

/**
 * A small regime, data element, indicator and target of the journeys' own, created through the API
 * so the journeys do not depend on the exact content of the demo data.
 */
export async function createJourneyFixtures(baseUrl: string, adminPassword: string): Promise<void> {
  const call = await apiSession(baseUrl, 'admin', adminPassword);
  await call('POST', '/api/dataElements', {
    code: E2E.element,
    nameVi: 'Số vụ việc đã xử lý (thử nghiệm)',
    nameEn: 'Cases handled (test)',
    valueType: 'INTEGER',
    aggregationType: 'SUM',
  });
  await call('POST', '/api/regimes', {
    code: E2E.regime,
    nameVi: 'Báo cáo tháng thử nghiệm',
    nameEn: 'Test monthly report',
    periodType: 'MONTHLY',
    cutoffRule: 'CALENDAR',
    deadlineDays: 5,
    sections: [{ code: 'E2E_S1', nameVi: 'Phần I. Số liệu', nameEn: 'Part I. Figures', elements: [{ dataElement: E2E.element, isCompulsory: true }] }],
    assignments: [{ orgUnit: '01' }, { orgUnit: '48' }],
  });
  await call('POST', '/api/indicators', {
    code: E2E.indicator,
    nameVi: 'Số vụ việc đã xử lý (thử nghiệm)',
    nameEn: 'Cases handled (test)',
    sector: 'ATTT',
    unit: 'vụ',
    decimals: 0,
    numerator: `#{${E2E.element}}`,
  });
  const year = Number(currentMonth().slice(0, 4));
  await call('POST', '/api/targets', {
    indicator: E2E.indicator,
    orgUnit: 'VN',
    targetPeriod: String(year + 1),
    targetValue: 10000,
    sourceDocument: 'Kế hoạch thử nghiệm',
  });
  // The province's own target, which its reporting officer sees on the overview.
  await call('POST', '/api/targets', { indicator: E2E.indicator, orgUnit: '01', targetPeriod: String(year + 1), targetValue: 2000, sourceDocument: 'Kế hoạch thử nghiệm' });
}

const AXE_SOURCE: string = createRequire(import.meta.url)('axe-core').source;

/** Runs axe-core in the page (through the debugging protocol, so the page's CSP stays strict) and lists its serious and critical problems (WCAG 2 A/AA). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
}

/** The Excel file of a data-entry form, as the upload field takes it. */
export interface FormWorkbook {
  file: { name: string; mimeType: string; buffer: Buffer };
  /** The sheet and the cell (e.g. E7) where `value` was written. */
  sheet: string;
  address: string;
}

/**
 * On an open data-entry form: downloads its Excel template ("Tải mẫu Excel") and writes `value` in the value cell
 * of the row of data element `element`; fails if the template has no such row.
 */
export async function downloadFormTemplate(page: Page, element: string, value: ExcelJS.CellValue): Promise<FormWorkbook> {
  await page.locator(`input[data-field="${element}"]`).waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Tải mẫu Excel/ }).click();
  const file = await (await download).path();
  if (!file) throw new Error('the Excel template did not download');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  let written: { sheet: string; address: string } | null = null;
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      if (!written && String(row.getCell(1).value ?? '').startsWith(`${element}|`)) {
        const cell = row.getCell(5);
        cell.value = value;
        written = { sheet: sheet.name, address: cell.address };
      }
    });
  });
  if (!written) throw new Error(`the Excel template has no row for data element ${element}`);
  const { sheet, address } = written as { sheet: string; address: string };
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { file: { name: 'bieu-mau.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer }, sheet, address };
}
