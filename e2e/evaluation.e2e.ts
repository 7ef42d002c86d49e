import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cspViolations, journey, PHONE, screenshot } from './support.ts';

describe('browser journey: staff evaluation from self-assessment to decision', () => {
  const site = journey();

  test('the civil servant self-assesses → the head scores, records the collective and assesses → the leader decides with the council’s reason', async () => {
    const person = await site.page();
    const head = await site.page();
    const leader = await site.page();
    const phone = await site.page(PHONE);
    // Her own scores, month by month, with the tasks that gave them.
    const p = person.page;
    await site.signIn(p, 'congchuc.vpc', '/evaluation?year=2026');
    await p.getByRole('heading', { level: 1, name: 'Đánh giá, xếp loại chất lượng' }).waitFor();
    await p.getByRole('heading', { level: 2, name: 'Vũ Thị Lan Anh' }).waitFor();
    const november = p.locator('tr[data-period="202611"]');
    await november.getByRole('rowheader', { name: 'Tháng 11/2026' }).waitFor();
    await november.locator('summary').click();
    const sources = november.locator('.eval-sources li');
    assert.ok((await sources.count()) >= 2, 'November lists its source tasks');
    assert.match(await sources.first().innerText(), /\(tháng 11\/2026\)/);
    const self = p.getByRole('form', { name: 'Tự đánh giá' });
    await self.getByRole('button', { name: 'Ghi nhận' }).click();
    await self.locator('.form-error').waitFor();
    // The summary names the wrong field by its label, not by the request's path.
    assert.match(await self.locator('.form-error').innerText(), /(Tự nhận xét kết quả công tác|Mức xếp loại đề xuất): /);
    assert.doesNotMatch(await self.locator('.form-error').innerText(), /assessment|proposedRating|body\./);
    await self.getByLabel('Tự nhận xét kết quả công tác').fill('Hoàn thành các nhiệm vụ thẩm định, góp ý văn bản; một số báo cáo còn chậm do chờ số liệu.');
    await self.getByLabel('Mức xếp loại đề xuất').selectOption('HTTNV');
    await self.getByRole('button', { name: 'Ghi nhận' }).click();
    await p.locator('.eval-steps li').first().getByText('Hoàn thành các nhiệm vụ thẩm định').waitFor();
    await screenshot(p, 'evaluation-01-self-assessed-desktop');
    await site.signIn(phone.page, 'congchuc.vpc', '/evaluation?year=2026');
    await phone.page.getByRole('heading', { level: 2, name: 'Vũ Thị Lan Anh' }).waitFor();
    await screenshot(phone.page, 'evaluation-02-mine-phone');

    // The head of department: the unit, the quota line, who has no tasks; then her page.
    const h = head.page;
    await site.signIn(h, 'vutruong.vpc', '/evaluation?tab=unit&year=2026&unit=BTTTT-VPC');
    const quota = h.getByTestId('quota');
    await quota.getByText('Vượt hạn mức 20 %').first().waitFor();
    assert.match(await quota.innerText(), /Lý Thị Mai/, 'the person with no tasks recorded is named');
    assert.ok((await h.locator('tr.eval-above').count()) >= 1, 'rows above the line are marked');
    await screenshot(h, 'evaluation-03-unit-desktop');
    await h.getByRole('link', { name: 'Vũ Thị Lan Anh' }).click();
    await h.getByRole('heading', { level: 2, name: 'Vũ Thị Lan Anh' }).waitFor();
    const general = h.getByRole('form', { name: 'Chấm tiêu chí chung' });
    await general.getByLabel(/Tiêu chí chung/).fill('25');
    await general.getByRole('button', { name: 'Ghi nhận' }).click();
    await general.locator('.field.has-error').getByText('Điểm dưới mức tối đa cần có nhận xét').waitFor();
    await general.getByLabel('Nhận xét').fill('Chưa chủ động báo cáo khi chậm số liệu');
    await general.getByRole('button', { name: 'Ghi nhận' }).click();
    await h.locator('tr[data-period="202611"] td').nth(1).getByText('25,00').waitFor();
    const collective = h.getByRole('form', { name: 'Ý kiến của tập thể' });
    await collective.getByLabel('Nhận xét').fill('Tập thể Vụ nhất trí đề nghị hoàn thành tốt nhiệm vụ.');
    await collective.getByRole('button', { name: 'Ghi nhận' }).click();
    await h.locator('.eval-steps li').nth(1).getByText('Tập thể Vụ nhất trí').waitFor();
    const manager = h.getByRole('form', { name: 'Nhận xét, đánh giá của người quản lý' });
    await manager.getByLabel('Nhận xét').fill('Hoàn thành tốt; cần chủ động hơn trong phối hợp.');
    await manager.getByLabel('Mức xếp loại đề xuất').selectOption('HTTNV');
    await manager.getByRole('button', { name: 'Ghi nhận' }).click();
    await h.locator('.eval-steps li').nth(2).getByText('cần chủ động hơn').waitFor();
    const staffUrl = h.url();

    // The leader decides: a rating other than the computed one needs the council's reason.
    const l = leader.page;
    await site.signIn(l, 'lanhdao', new URL(staffUrl).pathname + new URL(staffUrl).search);
    const decision = l.getByRole('form', { name: 'Quyết định xếp loại' });
    await decision.getByLabel('Mức xếp loại').selectOption('HTXSNV');
    await decision.getByLabel('Số quyết định').fill('230/QĐ-BTTTT');
    await decision.getByRole('button', { name: 'Ghi nhận' }).click();
    await decision
      .locator('.field.has-error')
      .getByText(/cần ghi lý do của Hội đồng/)
      .waitFor();
    await decision.getByLabel(/Lý do/).fill('Hội đồng: chủ trì thẩm định Thông tư được khen thưởng đột xuất.');
    await decision.getByRole('button', { name: 'Ghi nhận' }).click();
    await l.getByTestId('decided-rating').getByText('HTXSNV').waitFor();
    await screenshot(l, 'evaluation-04-decided-desktop');
    await l.goto(`${site.baseUrl}/evaluation?tab=decisions&year=2026`);
    const list = l.getByTestId('decisions');
    await list.getByRole('link', { name: 'Vũ Thị Lan Anh' }).waitFor();
    assert.match(await list.innerText(), /Hội đồng: chủ trì thẩm định Thông tư/);
    await screenshot(l, 'evaluation-05-decisions-desktop');

    // She sees the decision on her phone, and may appeal it.
    await phone.page.reload();
    await phone.page.getByTestId('decided-rating').getByText('HTXSNV').waitFor();
    await phone.page.getByRole('form', { name: 'Khiếu nại' }).waitFor();
    await screenshot(phone.page, 'evaluation-06-decided-phone');
  });

  test('no page of this journey broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
