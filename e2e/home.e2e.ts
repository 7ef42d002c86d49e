import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityProblems, cspViolations, currentMonth, downloadFormTemplate, E2E, journey, PHONE, screenshot } from './support.ts';

/** The page at desktop size, then on a 390 × 844 phone, with its pictures and an axe-core check at both. */
async function checkBothSizes(page: Page, name: string): Promise<void> {
  assert.deepEqual(await accessibilityProblems(page), [], `${name} passes axe-core (WCAG 2 A/AA, serious and critical)`);
  await screenshot(page, `home-${name}`);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(400);
  await screenshot(page, `home-${name}-phone`);
  // Nothing wider than the phone: no sideways scrolling.
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed')
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`)
      .slice(0, 5),
  );
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${name} fits a 390 px screen (overflow ${overflow} px: ${wide.join(', ')})`);
  assert.deepEqual(await accessibilityProblems(page), [], `${name} on a phone passes axe-core`);
  await page.setViewportSize({ width: 1366, height: 768 });
}

const navLinks = async (page: Page) => (await page.locator('#sidebar a').allInnerTexts()).map((s) => s.trim());

describe('browser journeys: each role lands on its own home', () => {
  const site = journey({ fixtures: true });

  test('a reporting officer lands on the reports due with their Decree 09 deadline, one click from the form', async () => {
    const { page } = await site.as('canbo.hanoi');
    await page.getByRole('heading', { level: 1, name: 'Việc cần làm' }).waitFor();
    const item = page.locator(`[data-work][data-regime="${E2E.regime}"][data-period="${currentMonth()}"][data-unit="01"]`);
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, /Hạn gửi: \d{2}\/\d{2}\/\d{4}/);
    assert.match(text, /Nghị định 09\/2019/);
    assert.match(text, /Thành phố Hà Nội/);
    // Only the officer's own province is listed.
    assert.equal(await page.locator('[data-work][data-unit="48"]').count(), 0);
    await page.getByRole('heading', { name: 'Từ lần đăng nhập trước' }).waitFor();
    assert.ok((await navLinks(page)).includes('Nhập số liệu'));
    await checkBothSizes(page, 'officer');
    await item.getByRole('link').click();
    await page.locator(`input[data-field="${E2E.element}"]`).waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/data-entry');
    assert.equal(url.searchParams.get('regime'), E2E.regime);
    assert.equal(url.searchParams.get('orgUnit'), '01');
  });

  test('the form: errors summed up at the top with focus and links, the failed save and the held-back submission said in words', async () => {
    const { page } = await site.page();
    const period = currentMonth();
    await site.signIn(page, 'canbo.hanoi', `/data-entry?regime=${E2E.regime}&period=${period}&orgUnit=01`);
    const field = page.locator(`input[data-field="${E2E.element}"]`);
    await field.waitFor();
    // The previous period and the same period last year stand beside the field.
    const context_ = page.locator(`[data-context="${E2E.element}"]`);
    await context_.waitFor();
    assert.match(await context_.innerText(), /Tháng \d{1,2}\/\d{4}: .*cùng kỳ Tháng \d{1,2}\/\d{4}/);
    await field.fill('512,5');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    const summary = page.locator('[data-error-summary]');
    await summary.waitFor();
    // Focus moves to the error summary (once React has run its effects).
    const focused = await page
      .waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary') === true, undefined, { timeout: 3000 })
      .then(() => null)
      .catch(async () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'));
    assert.equal(focused, null, `focus moves to the error summary, not to ${focused}`);
    // The summary comes before the first section of the form.
    const [summaryTop, sectionTop] = await Promise.all([summary.boundingBox(), page.locator('fieldset.section').first().boundingBox()]);
    assert.ok(summaryTop && sectionTop && summaryTop.y < sectionTop.y, 'the summary is at the top');
    assert.match(await page.locator('[data-save-state]').innerText(), /Chưa lưu: còn 1 giá trị chưa hợp lệ/);
    assert.match(await page.locator('[data-submit-blocked]').innerText(), /Chưa gửi được báo cáo/);
    assert.equal(await page.getByRole('button', { name: 'Gửi báo cáo' }).isDisabled(), true);
    await summary.getByRole('link').first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), E2E.element, 'the link moves to its field');
    await checkBothSizes(page, 'form-errors');
    await field.fill('37');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu nháp.').waitFor();
    assert.equal(await page.locator('[data-submit-blocked]').count(), 0);
    assert.equal(await page.locator('[data-error-summary]').count(), 0);
    // No period is marked with an emoji; older locked periods wait behind a button.
    const options = await page.getByLabel('Kỳ báo cáo').locator('option').allInnerTexts();
    assert.ok(options.every((o) => !o.includes('🔒')));
    assert.ok(options.length <= 6, `recent periods only (${options.length})`);
    const more = page.getByRole('button', { name: /^Kỳ cũ hơn \(\d+\)$/ });
    await more.click();
    assert.ok((await page.getByLabel('Kỳ báo cáo').locator('option').count()) > options.length, 'older periods come behind the button');
  });

  test('Excel: an unchanged file says nothing changed; a file that is not Excel is told once', async () => {
    const { page } = await site.page();
    const period = currentMonth();
    await site.signIn(page, 'canbo.hanoi', `/data-entry?regime=${E2E.regime}&period=${period}&orgUnit=01`);
    const { file: xlsx } = await downloadFormTemplate(page, E2E.element, 37);
    // The first upload writes 37 (unless the form already held it); the same file again changes nothing.
    await page.locator('#excel-file').setInputFiles(xlsx);
    await page.locator('.excel-upload button[type=submit]').click();
    await page.locator('[data-upload-outcome]').waitFor();
    await page.locator('.upload-dismiss').click();
    await page.locator('[data-upload-outcome]').waitFor({ state: 'detached' });
    await page.locator('#excel-file').setInputFiles(xlsx);
    await page.locator('.excel-upload button[type=submit]').click();
    const outcome = page.locator('[data-upload-outcome]');
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-upload-outcome'), 'unchanged');
    assert.match(await outcome.innerText(), /Không có gì thay đổi/);
    await page.locator('.upload-dismiss').click();

    await page.locator('#excel-file').setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải Excel') });
    await page.locator('.excel-upload button[type=submit]').click();
    const errors = page.locator('.upload-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    assert.equal(text.match(/Excel/g)?.length, 1, `the message is given once: ${text}`);
    await screenshot(page, 'home-excel-not-xlsx');
  });

  test('a unit manager lands on the reports to approve', async () => {
    const officer = await site.api('canbo.danang');
    await officer('POST', '/api/dataValues', { dataElement: E2E.element, period: currentMonth(), orgUnit: '48', value: 5 });
    await officer('POST', `/api/regimes/${E2E.regime}/submit`, { orgUnit: '48', period: currentMonth() });
    const { page } = await site.as('quanly.vtt');
    await page.getByRole('heading', { level: 1, name: 'Báo cáo của đơn vị' }).waitFor();
    const item = page.locator(`[data-work="TO_APPROVE"][data-regime="${E2E.regime}"][data-unit="48"]`);
    await item.waitFor();
    assert.match(await item.innerText(), /Thành phố Đà Nẵng/);
    // The submission is news since the manager's last visit.
    await page.locator('[data-change="SUBMITTED"]', { hasText: 'Thành phố Đà Nẵng' }).first().waitFor();
    await checkBothSizes(page, 'manager');
    await item.getByRole('link').click();
    await page.getByRole('button', { name: 'Phê duyệt' }).waitFor();
  });

  test('leadership reminds the units whose report is overdue, from the late list', async () => {
    const { page } = await site.as('lanhdao', '/completeness?view=overdue');
    const list = page.locator('.lateness[data-view="overdue"]');
    await list.waitFor();
    const total = Number(await list.getAttribute('data-total'));
    assert.ok(total > 0, 'the demo has overdue reports');
    const remind = page.locator('[data-remind]').first();
    await remind.getByRole('button', { name: /^Nhắc \d+ đơn vị quá hạn$/ }).click();
    const done = remind.locator('[data-reminded]');
    await done.waitFor();
    assert.ok(Number(await done.getAttribute('data-reminded')) > 0);
    assert.match(await done.innerText(), /^Đã nhắc \d+ đơn vị/);
    await checkBothSizes(page, 'remind');
  });

  test('leadership lands on the overview, with no data-entry menu', async () => {
    const { page } = await site.as('lanhdao');
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    const links = await navLinks(page);
    assert.ok(!links.includes('Nhập số liệu'), `no data entry for leadership: ${links.join(', ')}`);
    assert.ok(links.includes('Tổng quan'));
    await page.getByRole('heading', { name: 'Từ lần đăng nhập trước' }).waitFor();
    await checkBothSizes(page, 'leader');
    // An indicator on a phone: province names on the map are whole, not cut by an ellipsis or the tile's edge.
    await page.setViewportSize(PHONE);
    await page.goto(`${site.baseUrl}/indicators/${E2E.indicator}`);
    await page.locator('.tile-name').first().waitFor();
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.tile-name')].filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => e.textContent),
    );
    assert.deepEqual(clipped, [], 'no province name is clipped on the map');
    await page.waitForTimeout(300);
    await screenshot(page, 'home-indicator-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  test('no page broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
