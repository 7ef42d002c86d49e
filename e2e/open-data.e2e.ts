import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { accessibilityProblems, ARTIFACTS, cspViolations, journey, PHONE, screenshot } from './support.ts';

describe('open data journey: the public reads the published indicators without signing in', () => {
  const site = journey();

  test('catalogue → search ignoring diacritics (a shareable link) → dataset page with chart and table → an earlier version with its revision note → English → CSV', async () => {
    const { page } = await site.page();
    await page.goto(`${site.baseUrl}/du-lieu-mo`);
    await page.getByRole('heading', { level: 1, name: 'Dữ liệu mở' }).waitFor();
    await page.locator('.dataset-list > li').first().waitFor();
    assert.equal(await page.locator('.dataset-list > li').count(), 3);
    // The strategic targets as the latest releases froze them, with their status in words.
    await page.getByRole('heading', { level: 2, name: 'Mục tiêu chiến lược' }).waitFor();
    const targetRows = page.locator('section[aria-labelledby="od-targets"] tbody tr');
    assert.ok((await targetRows.count()) >= 2, 'the targets on published indicators');
    assert.match(await targetRows.first().innerText(), /Năm 2023/);
    await screenshot(page, 'open-data-catalogue');
    assert.deepEqual(await accessibilityProblems(page), [], 'the catalogue passes axe-core (WCAG 2 A/AA, serious and critical)');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'open-data-catalogue-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the phone page scrolls sideways by ${overflow}px`);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByLabel('Tìm bộ dữ liệu').fill('noi dung xau');
    await page.waitForFunction(() => document.querySelectorAll('.dataset-list > li').length === 1);
    assert.match(page.url(), /q=noi(\+|%20)dung(\+|%20)xau/);
    // The link keeps the selection.
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('.dataset-list > li').length === 1);
    assert.equal(await page.getByLabel('Tìm bộ dữ liệu').inputValue(), 'noi dung xau');

    await page.getByRole('link', { name: 'Gỡ bỏ nội dung xấu độc trên nền tảng xuyên biên giới' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gỡ bỏ nội dung xấu độc trên nền tảng xuyên biên giới' }).waitFor();
    await page.locator('canvas').first().waitFor();
    await page.locator('table tbody tr').first().waitFor();
    assert.ok(await page.getByRole('cell', { name: 'Tháng 1/2023' }).first().isVisible());
    assert.ok(await page.getByText('Phiên bản 12 (mới nhất)').first().isVisible());
    assert.deepEqual(await accessibilityProblems(page), [], 'the dataset page passes axe-core');

    // On a phone the figures and the calendar of the dataset page become cards: every cell of every row carries its
    // column's name as a visible label (a label-less or empty-labelled cell is a value nobody can read).
    await page.setViewportSize(PHONE);
    const cards = await page.evaluate(() =>
      ['table.od-figures', 'table.od-calendar'].map((selector) => {
        const table = document.querySelector(selector);
        const rows = [...(table?.querySelectorAll('tbody tr') ?? [])];
        return {
          selector,
          rows: rows.length,
          cells: rows.flatMap((tr) => [...tr.querySelectorAll('td')]).length,
          unlabelled: rows
            .flatMap((tr) => [...tr.querySelectorAll('td')])
            .map((td) => ({ text: td.textContent ?? '', label: getComputedStyle(td, '::before').content, display: getComputedStyle(td).display }))
            .filter((c) => !/^".*\S.*"$/.test(c.label) || c.display === 'table-cell')
            .slice(0, 3),
        };
      }),
    );
    for (const table of cards) {
      assert.ok(table.rows > 0 && table.cells >= table.rows * 4, `${table.selector}: rows on the page`);
      assert.deepEqual(table.unlabelled, [], `${table.selector}: every cell of every row has a label on a phone`);
    }
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(sideways <= 1, `the dataset page scrolls sideways by ${sideways}px on a phone`);
    await page.locator('table.od-figures').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'open-data-dataset-phone.png') });
    await page.locator('table.od-calendar').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'open-data-calendar-phone.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByLabel('Các phiên bản').selectOption('5');
    await page
      .getByRole('note')
      .filter({ hasText: /Điều chỉnh số liệu tháng 4\/2023/ })
      .waitFor();
    assert.match(page.url(), /version=5/);
    await page
      .getByText(/điều chỉnh từ/)
      .first()
      .waitFor();
    await screenshot(page, 'open-data-revision');

    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Table of figures' }).waitFor();

    const csvHref = await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href');
    assert.ok(csvHref);
    const csv = await page.request.get(`${site.baseUrl}${csvHref}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.match(await csv.text(), /^\uFEFF?indicator,indicator_name,org_unit/);
  });

  test('an unknown dataset says so in Vietnamese; no page broke the Content-Security-Policy', async () => {
    const { page } = await site.page();
    await page.goto(`${site.baseUrl}/du-lieu-mo/KHONG_CO`);
    await page.getByText("Không có bộ dữ liệu 'KHONG_CO'").waitFor();
    assert.deepEqual(cspViolations, []);
  });
});
