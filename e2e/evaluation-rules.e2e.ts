import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, cspViolations, journey, PHONE, screenshot } from './support.ts';

const DECREE_335 = 'Nghị định 335/2025/NĐ-CP — công chức';

describe('browser journey: an administrator reads the evaluation rule sets and adds a province’s conversion factors as a new version', () => {
  const site = journey();

  test('versions in force and past with their legal basis; a wrong version is refused at its fields; the right one is listed', async () => {
    const desk = await site.page();
    const phone = await site.page(PHONE);
    const p = desk.page;
    await site.signIn(p, 'admin', '/evaluation?tab=rules');
    const card = p.locator('[data-rule-set="DECREE_335_2025"]');
    await card.getByRole('heading', { level: 2, name: DECREE_335 }).waitFor();
    assert.match(await card.innerText(), /Hiệu lực 01\/01\/2026 – nay/);
    await card.locator('tr[data-status="IN_FORCE"]').getByText('Đang áp dụng').waitFor();
    assert.match(await p.locator('[data-rule-set="DECREE_90_2020_48_2023"]').innerText(), /Nghị định 48\/2023\/NĐ-CP/);
    assert.deepEqual(await accessibilityProblems(p), [], 'the rule sets pass axe-core');

    await card.getByRole('button', { name: `Thêm phiên bản: ${DECREE_335}` }).click();
    const form = p.getByRole('form', { name: `Thêm phiên bản: ${DECREE_335}` });
    await form.getByLabel('Tên phiên bản').fill('Hệ số quy đổi của tỉnh Khánh Hòa');
    await form.getByLabel('Căn cứ pháp lý').fill('Quyết định số 12/2026/QĐ-UBND của UBND tỉnh Khánh Hòa');
    await form.getByLabel('Có hiệu lực từ ngày').fill('2025-07-01');
    await form.getByLabel('Báo cáo', { exact: true }).fill('0');
    await form.getByLabel('Trừ khi chậm tiến độ (%)').fill('150');
    await form.getByRole('button', { name: 'Thêm phiên bản' }).click();
    // Each error at its field, in Vietnamese.
    await form
      .locator('.field.has-error')
      .filter({ hasText: 'Có hiệu lực từ ngày' })
      .getByText(/có hiệu lực từ 01\/01\/2026: phiên bản không thể có hiệu lực sớm hơn/)
      .waitFor();
    await form.locator('.field.has-error').filter({ hasText: 'Báo cáo' }).getByText('Hệ số quy đổi của “Báo cáo” phải lớn hơn 0 và không quá 100').waitFor();
    await form.locator('.field.has-error').filter({ hasText: 'Trừ khi chậm tiến độ' }).getByText('Mức trừ khi chậm tiến độ phải trong khoảng 0–100 %').waitFor();
    // The summary above the form names each wrong field by its label, never by the request's path.
    const summary = await form.locator('.form-error').innerText();
    assert.match(summary, /Trừ khi chậm tiến độ \(%\): Mức trừ khi chậm tiến độ phải trong khoảng 0–100 %/);
    assert.match(summary, /Báo cáo: Hệ số quy đổi của “Báo cáo” phải lớn hơn 0/);
    assert.doesNotMatch(summary, /body\.|config\./);
    assert.deepEqual(await accessibilityProblems(p), [], 'the form with its errors passes axe-core');
    await screenshot(p, 'evaluation-rules-01-refused-desktop');

    await form.getByLabel('Có hiệu lực từ ngày').fill('2027-01-01');
    await form.getByLabel('Báo cáo', { exact: true }).fill('1,5');
    await form.getByLabel('Trừ khi chậm tiến độ (%)').fill('25');
    await form.getByRole('button', { name: 'Thêm phiên bản' }).click();
    const added = card.locator('tr[data-status="FUTURE"]');
    await added.getByText('Hệ số quy đổi của tỉnh Khánh Hòa').waitFor();
    assert.match(await added.innerText(), /01\/01\/2027 – nay/);
    assert.match(await added.innerText(), /Sắp có hiệu lực/);
    assert.match(await added.innerText(), /Báo cáo ×1,50/);
    assert.match(await added.innerText(), /Quyết định số 12\/2026\/QĐ-UBND/);
    await screenshot(p, 'evaluation-rules-02-added-desktop');

    const ph = phone.page;
    await site.signIn(ph, 'admin', '/evaluation?tab=rules');
    await ph.locator('[data-rule-set="DECREE_335_2025"] tr[data-status="FUTURE"]').getByText('Hệ số quy đổi của tỉnh Khánh Hòa').waitFor();
    const overflow = await ph.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = await ph.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
        .slice(0, 8)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    assert.ok(overflow <= 0, `no sideways scroll on a phone (${overflow} px): ${wide.join('; ')}`);
    assert.deepEqual(await accessibilityProblems(ph), [], 'the rule sets on a phone pass axe-core');
    await screenshot(ph, 'evaluation-rules-03-versions-phone');
  });

  test('no page of this journey broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
