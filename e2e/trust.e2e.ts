import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { previousPeriod } from '../src/core/periods.ts';
import { cspViolations, journey, PHONE, screenshot } from './support.ts';

// Figures leadership can sign, in the browser, on the demo: coverage beside every figure, the data status on
// screen, targets that mean what they say, a submitted report that cannot change behind the approver, and
// late and overdue reports counted apart (issue 9; the API side is src/server/trust.test.ts).

const REGIME = 'BC_TINH_THANG';

/** Requests the page sends whose URL matches, recorded from now on. */
function recordRequests(page: Page, pattern: RegExp): { method: string; url: string }[] {
  const seen: { method: string; url: string }[] = [];
  page.on('request', (r) => {
    if (pattern.test(r.url())) seen.push({ method: r.method(), url: r.url() });
  });
  return seen;
}

describe('figures leadership can sign, in the browser', () => {
  const site = journey();
  let month = '';

  before(async () => {
    const officer = await site.api('canbo.hanoi');
    const periods = await officer<{ items: { id: string; isCurrent?: boolean; isLocked?: boolean }[] }>('GET', `/api/regimes/${REGIME}/periods`);
    month = (periods.items.find((p) => p.isCurrent) ?? periods.items.filter((p) => !p.isLocked).at(-1))!.id;
  });

  test('the overview says which data it counts, how complete each value is, and judges ended targets', async () => {
    const { page } = await site.as('lanhdao');
    await page.locator('tr[data-target]').first().waitFor();
    await page.locator('.data-status-note[data-status="SUBMITTED"]', { hasText: 'Đã gửi và đã duyệt' }).waitFor();
    // The 5G target: its latest value carries its coverage out of the 34 provinces' reports.
    const g5 = page.locator('tr[data-indicator="TL_PHU_5G"][data-unit="VN"]');
    const coverage = await g5.locator('.latest-value .coverage').first().getAttribute('data-coverage');
    assert.match(coverage ?? '', /^\d+\/34$/);
    // A newer month whose reports are not all in is not judged: it says so, with its coverage.
    const pending = g5.locator('.pending');
    if ((await pending.count()) > 0) {
      assert.match(await pending.innerText(), /Chưa đủ số liệu: Tháng \d{1,2}\/\d{4}/);
      assert.match(await pending.innerText(), /Tạm tính/);
    }
    // Ended targets are met or missed on their final value, never "behind".
    const rows = await page.locator('tr[data-target]').all();
    let ended = 0;
    for (const row of rows) {
      const text = await row.locator('.latest-value').innerText();
      if (!/^Kết quả /.test(text.trim())) continue;
      ended++;
      assert.match(await row.locator('.status').innerText(), /Đã hoàn thành|Không đạt|Chưa đủ số liệu/);
    }
    assert.ok(ended >= 2, `ended targets shown with their final value: ${ended}`);
    // Progress is a bounded bar; a raw share beyond it is written beside it.
    for (const bar of await page.locator('.progress[data-progress]').all()) {
      const shown = Number(await bar.getAttribute('data-progress'));
      const raw = Number(await bar.getAttribute('data-progress-raw'));
      assert.ok(shown >= 0 && shown <= 1, `bounded: ${shown}`);
      if (Math.abs(raw - shown) > 1e-9) {
        const label = await bar.locator('xpath=..').locator('.progress-raw').innerText();
        assert.match(label, /^\([-−]?[\d.]+ %\)$/);
      }
    }
    assert.ok((await page.locator('.progress-raw').count()) >= 1, 'a raw figure beyond 100 % is shown');
    await screenshot(page, 'trust-01-overview');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await screenshot(page, 'trust-01-overview-phone');
  });

  test('each count of late reports opens a list of exactly that many', async () => {
    const { page } = await site.as('lanhdao');
    for (const view of ['overdue', 'late'] as const) {
      await page.goto(`${site.baseUrl}/`);
      const kpi = page.locator(`a.kpi[data-count="${view}"] .kpi-value`);
      await page.waitForFunction((sel) => /^\d+$/.test(document.querySelector(sel)?.textContent ?? ''), `a.kpi[data-count="${view}"] .kpi-value`);
      const count = Number(await kpi.innerText());
      await page.locator(`a.kpi[data-count="${view}"]`).click();
      const list = page.locator(`.lateness[data-view="${view}"]`);
      await list.waitFor();
      assert.equal(Number(await list.getAttribute('data-total')), count, view);
      assert.equal(await list.locator('li[data-unit]').count(), count, view);
      await screenshot(page, `trust-02-${view}`);
    }
  });

  test('the indicator page shows coverage beside each value, the data status on screen, and who is missing', async () => {
    const { page } = await site.as('lanhdao', '/indicators/TL_PHU_5G');
    const select = page.getByLabel('Số liệu được tính');
    await select.waitFor();
    assert.equal(await select.locator('option:checked').innerText(), 'Đã gửi và đã duyệt');
    await page.locator('.latest-summary .coverage').waitFor();
    await page.getByText('Bảng giá trị').first().click();
    // The latest months: a value below full coverage is provisional, and says how many reports it counts.
    const partial = page.locator('tr[data-period] .coverage-partial').first();
    await partial.waitFor();
    assert.match(await partial.innerText(), /\d+\/34 báo cáo\s*Tạm tính/);
    const row = partial.locator('xpath=ancestor::tr');
    const period = await row.getAttribute('data-period');
    const [reported, expected] = ((await partial.getAttribute('data-coverage')) ?? '').split('/').map(Number);
    // Explain lists the missing units by name, with the period in words.
    await row.getByRole('button', { name: 'Giải thích con số' }).click();
    const missing = page.locator('.explain .missing-list li[data-missing]');
    await missing.first().waitFor();
    assert.equal(await missing.count(), expected - reported);
    assert.match(await missing.first().innerText(), / · Tháng \d{1,2}\/\d{4}$/);
    await screenshot(page, 'trust-03-explain');
    await page.keyboard.press('Escape');

    // Drafts too, when asked: the choice is in the address and in every request.
    const requests = recordRequests(page, /\/api\/analytics/);
    await select.selectOption('ALL');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('data') === 'ALL');
    await page.locator(`tr[data-period="${period}"] .coverage`).waitFor();
    assert.ok(requests.length > 0 && requests.every((r) => r.url.includes('dataStatus=ALL')), JSON.stringify(requests));
    assert.match((await page.getByRole('link', { name: 'Tải CSV' }).getAttribute('href')) ?? '', /dataStatus=ALL/);
    await screenshot(page, 'trust-04-indicator-all-data');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await screenshot(page, 'trust-04-indicator-phone');
  });

  test('each target of an indicator opens on its own, by its id', async () => {
    const leader = await site.api('lanhdao');
    const targets = await leader<{ id: number; targetPeriod: string; orgUnitCode: string }[]>('GET', '/api/targets?indicator=TL_KTS_GDP');
    assert.ok(targets.length >= 2);
    const { page } = await site.as('lanhdao');
    for (const target of targets) {
      await page.goto(`${site.baseUrl}/targets/${target.id}`);
      const view = page.locator(`[data-target-view="${target.id}"]`);
      await view.waitFor();
      assert.equal(await view.getAttribute('data-target-period'), target.targetPeriod);
      assert.match(await view.innerText(), new RegExp(`Mục tiêu Năm ${target.targetPeriod}`));
      await screenshot(page, `trust-05-target-${target.targetPeriod}`);
    }
  });

  test('a report form refuses wrong values before sending, and a submitted report is read-only until withdrawn', async () => {
    const url = `/data-entry?regime=${REGIME}&period=${month}&orgUnit=01`;
    const officerApi = await site.api('canbo.hanoi');
    const officer = await site.page();
    const { page } = officer;
    const writes = recordRequests(page, /\/api\/regimes\/.*\/(form|submit)/);
    await site.signIn(page, 'canbo.hanoi', url);
    const stations = page.locator('input[data-field="TRAM_5G"]');
    await stations.waitFor();
    // Nothing typed yet: sending names every compulsory field, and nothing is sent.
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('.field-error', { hasText: 'Trường bắt buộc chưa nhập' }).first().waitFor();
    assert.ok((await page.locator('.field-error', { hasText: 'Trường bắt buộc chưa nhập' }).count()) >= 10);
    // −5 base stations: the server's own rule, in the browser, quoting what was typed.
    await stations.fill('-5');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    const error = page.locator('.cell-input.has-error .field-error').first();
    await error.waitFor();
    assert.match(await error.innerText(), /^'-5' không hợp lệ: chỉ số nhận số nguyên không âm/);
    assert.deepEqual(
      writes.filter((w) => w.method !== 'GET'),
      [],
      'nothing was sent',
    );
    await screenshot(page, 'trust-06-form-refused');

    // The report is filled and sent (last month's approved figures, a valid 5G count).
    const previous = await officerApi<{ values: Record<string, number | string | null> }>('GET', `/api/regimes/${REGIME}/form?orgUnit=01&period=${previousPeriod(month)}`);
    const values: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(previous.values)) if (v !== null) values[k] = v;
    Object.assign(values, { HO_SO_TRUC_TUYEN: 100_000, HO_SO_TONG: 120_000, TRAM_5G: 4_000 });
    await officerApi('PUT', `/api/regimes/${REGIME}/form?orgUnit=01&period=${month}`, { values });
    await officerApi('POST', `/api/regimes/${REGIME}/submit`, { orgUnit: '01', period: month, comment: 'Số liệu đã đối chiếu' });
    await page.reload();
    await stations.waitFor();
    await page.locator('.form-status .badge', { hasText: /^Đã gửi/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Lưu nháp' }).count(), 0, 'no save button on a submitted report');
    assert.ok(await stations.isDisabled());
    assert.match(await page.locator('[data-upload-disabled]').innerText(), /^Không tải lên được tệp Excel: .*đã được gửi/);
    assert.equal(await page.locator('#excel-file').count(), 0);
    await screenshot(page, 'trust-07-submitted-read-only');

    // Withdrawn with a reason, corrected, saved: the difference from what was sent is shown.
    await page.getByRole('button', { name: 'Rút lại để sửa' }).click();
    await page.getByLabel(/Lý do rút lại/).fill('Nhập nhầm số trạm 5G');
    await page.locator('dialog').getByRole('button', { name: 'Rút lại để sửa' }).click();
    await page
      .getByText(/Đã rút lại báo cáo/)
      .waitFor({ timeout: 10_000 })
      .catch(async (err) => {
        await screenshot(page, 'trust-fail-withdraw');
        throw new Error(`${err}: ${await page.locator('.form-error, .state-error').allInnerTexts()}`);
      });
    await page.locator('.form-status .badge', { hasText: 'Bản nháp' }).waitFor();
    await stations.fill('4.100');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu nháp.').waitFor();
    const change = page.locator('[data-changes="since-submitted"] tr[data-change="TRAM_5G"]');
    await change.waitFor();
    assert.match(await change.innerText(), /4\.000\s+4\.100/);
    await screenshot(page, 'trust-08-withdrawn-changed');
    await officerApi('POST', `/api/regimes/${REGIME}/submit`, { orgUnit: '01', period: month, comment: 'Đã sửa số trạm 5G' });

    // The approver sees the figures as sent and what changed since the first submission.
    for (const viewport of [{ width: 1366, height: 768 }, PHONE]) {
      const manager = await site.page(viewport);
      const { page } = manager;
      await site.signIn(page, 'quanly.vtt', url);
      const review = page.locator('[data-review]');
      await review.waitFor();
      const change = review.locator('[data-changes="since-previous"] tr[data-change="TRAM_5G"]');
      await change.waitFor();
      assert.match(await change.innerText(), /4\.000\s+4\.100/);
      assert.match(await review.locator('tr[data-sent="TRAM_5G"]').innerText(), /4\.100/);
      await page.getByRole('button', { name: 'Phê duyệt' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Lưu nháp' }).count(), 0);
      await screenshot(page, `trust-09-review-${viewport.width}`);
    }
  });

  test('an administrator writes a validation rule, tries it on a unit and period, then saves it', async () => {
    const { page } = await site.as('admin', '/admin/validation-rules');
    await page.getByRole('heading', { level: 1, name: 'Quy tắc kiểm tra số liệu' }).waitFor();
    await page.getByRole('button', { name: '+ Thêm quy tắc' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Mã', { exact: true }).fill('VR_E2E_TT_LE_TONG');
    await dialog.getByLabel('Tên (tiếng Việt)').fill('Hồ sơ trực tuyến không vượt tổng số hồ sơ (thử nghiệm)');
    // A wrong left side is named while it is typed.
    await dialog.getByLabel('Vế trái').fill('#{HO_SO_TRUC_TUYEN} +');
    await dialog.locator('.field.has-error .field-error').first().waitFor();
    await dialog.getByLabel('Vế trái').fill('#{HO_SO_TRUC_TUYEN}');
    await dialog.getByLabel('Phép so sánh').selectOption('LE');
    await dialog.getByLabel('Vế phải').fill('#{HO_SO_TONG}');
    await dialog.getByLabel('Đơn vị thử').fill('ha noi');
    await page
      .getByRole('option', { name: /Thành phố Hà Nội/ })
      .first()
      .click();
    await dialog.getByLabel('Kỳ (mã)').fill(previousPeriod(month));
    await dialog.getByRole('button', { name: 'Thử trên số liệu' }).click();
    const result = dialog.locator('[data-test-status]');
    await result.waitFor();
    assert.match((await result.getAttribute('data-test-status')) ?? '', /^(PASS|FAIL)$/);
    assert.match(await result.innerText(), /Thành phố Hà Nội · Tháng \d{1,2}\/\d{4}/);
    assert.match(await result.innerText(), /#\{HO_SO_TONG\} = [\d.]+/);
    await screenshot(page, 'trust-10-rule-tested');
    await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.locator('tr[data-rule="VR_E2E_TT_LE_TONG"]').waitFor();
    await screenshot(page, 'trust-11-rules');
  });

  test('no page broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
