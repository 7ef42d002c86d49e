// A comment on a value: the reporting officer writes it beside the field and saves it with the draft; once the
// report is sent it is read-only; the approver reads it beside the figure and in the report's list of comments,
// with the writer's name and the time in Vietnamese time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { accessibilityProblems, createJourneyFixtures, cspViolations, currentMonth, E2E, type E2eServer, launchBrowser, newPage, screenshot, signIn, startServer } from './support.ts';

const COMMENT = 'Tăng do có thêm 3 vụ chuyển từ tháng trước sang';

/** Pictures at desktop and 390 × 844, with axe-core at both and no sideways scrolling on the phone. */
async function checkBothSizes(page: Page, name: string): Promise<void> {
  assert.deepEqual(await accessibilityProblems(page), [], `${name} passes axe-core (WCAG 2 A/AA, serious and critical)`);
  await screenshot(page, `value-comments-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await screenshot(page, `value-comments-${name}-phone`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${name} fits a 390 px screen (overflow ${overflow} px)`);
  assert.deepEqual(await accessibilityProblems(page), [], `${name} on a phone passes axe-core`);
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe('browser journey: a comment on a value, from the reporting officer to the approver', () => {
  let server: E2eServer;
  let browser: Browser;
  const formUrl = () => `/data-entry?regime=${E2E.regime}&period=${currentMonth()}&orgUnit=01`;

  before(async () => {
    server = await startServer();
    await createJourneyFixtures(server.baseUrl, server.demoPassword);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the officer writes a comment beside the field, saves it with the draft and sends the report', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, server.baseUrl, 'canbo.hanoi', server.demoPassword, formUrl());
      const field = page.locator(`input[data-field="${E2E.element}"]`);
      await field.waitFor();
      const toggle = page.locator(`[data-comment-toggle="${E2E.element}"]`);
      // Unobtrusive until used: an icon button named for its field, no marker.
      assert.equal(await toggle.getAttribute('aria-label'), 'Thêm ghi chú: Số vụ việc đã xử lý (thử nghiệm)');
      assert.equal(await toggle.getAttribute('data-has-comment'), null);
      await field.fill('34');
      await toggle.click();
      const box = page.locator(`[data-comment-box="${E2E.element}"]`);
      await box.getByRole('textbox').fill(COMMENT);
      assert.match(await box.innerText(), new RegExp(`${COMMENT.length}/2\\.000 ký tự`));
      await checkBothSizes(page, 'officer-writes');
      await box.getByRole('button', { name: 'Xong' }).click();
      await page.locator('[data-save-state="unsaved"]').waitFor();
      await page.getByRole('button', { name: 'Lưu nháp' }).click();
      await page.getByText('Đã lưu nháp.').waitFor();
      // Saved: the field carries the marker, in words as well as the filled icon.
      await page.locator(`[data-comment-toggle="${E2E.element}"][data-has-comment="true"]`).waitFor();
      assert.equal((await toggle.innerText()).trim(), 'Ghi chú');
      // The history says the comment was written.
      await page.getByText('Lịch sử thay đổi số liệu').click();
      await page.locator(`[data-comment-change="${E2E.element}"]`, { hasText: COMMENT }).waitFor();
      await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
      await page.getByText('Đã gửi báo cáo.').waitFor();
      // Sent: the comment can be read, not changed.
      await toggle.click();
      await box.getByText(COMMENT).waitFor();
      assert.equal(await box.getByRole('textbox').count(), 0);
      await box.getByText('Báo cáo đã gửi hoặc đã khóa: ghi chú chỉ xem được.').waitFor();
      await screenshot(page, 'value-comments-officer-sent');
    } finally {
      await context.close();
    }
  });

  test('the approver sees the comment beside the value and in the report list, with name and time', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, server.baseUrl, 'quanly.vtt', server.demoPassword, formUrl());
      const list = page.locator('[data-review-comments]');
      await list.waitFor();
      assert.match(await list.locator('h3').innerText(), /^Ghi chú của báo cáo \(1\)$/);
      const item = list.locator(`[data-comment-item="${E2E.element}"]`);
      const text = await item.innerText();
      assert.match(text, /Số vụ việc đã xử lý \(thử nghiệm\)/, 'the field by its name');
      assert.ok(!text.includes(E2E.element), 'not by its code');
      assert.ok(text.includes(COMMENT));
      assert.match(text, /Cán bộ Sở Hà Nội, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/, 'who, and when in dd/mm/yyyy HH:mm');
      // Beside the value as sent.
      assert.equal((await page.locator(`[data-sent-comment="${E2E.element}"]`).innerText()).trim(), COMMENT);
      await page.getByRole('button', { name: 'Phê duyệt' }).waitFor();
      await checkBothSizes(page, 'approver');
    } finally {
      await context.close();
    }
  });

  test('no page of the journey broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
