import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cspViolations, journey, PHONE, screenshot } from './support.ts';
import { blindToken, toHex, unblindSignature, type PublicKey } from '../src/core/ballot.ts';

const rnd = (n: number) => new Uint8Array(randomBytes(n));

describe('browser journey: a council member votes by secret ballot, the result is published, the member checks the receipt', () => {
  const site = journey();

  test('vote → publish → receipt found → recount matches; the ballot travels without the session cookie', async () => {
    const admin = await site.api('admin');
    // A nomination of the demo's staff (Vũ Thị Lan, Lao động tiên tiến 2023) put to a session open now.
    const book = await admin<{ items: { staff: { id: number } | null }[] }>('GET', '/api/emulation/honour-book?q=vu thi lan');
    const staffId = book.items[0]!.staff!.id;
    const nomination = await admin<{ id: number; eligible: boolean }>('POST', '/api/emulation/nominations', {
      year: 2023,
      award: 'LDTT',
      staffId,
      proposingOrgUnit: 'BTTTT-CATTT',
      achievements: 'Hoàn thành tốt nhiệm vụ',
    });
    assert.equal(nomination.eligible, true);
    const now = Date.now();
    const { id: sessionId } = await admin<{ id: number }>('POST', '/api/emulation/sessions', {
      title: 'Phiên họp Hội đồng TĐKT bổ sung (thử nghiệm)',
      orgUnit: 'BTTTT',
      year: 2023,
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3_600_000).toISOString(),
      members: ['hoidong', 'hoidong2', 'hoidong3'],
      nominationIds: [nomination.id],
    });

    const { page } = await site.page();
    const ballotRequests: { cookie: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith(`/api/emulation/sessions/${sessionId}/ballots`)) void r.allHeaders().then((h) => ballotRequests.push({ cookie: h.cookie }));
    });
    await site.signIn(page, 'hoidong', '/emulation?tab=council');
    await page.getByRole('link', { name: 'Phiên họp Hội đồng TĐKT bổ sung (thử nghiệm)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phiên họp Hội đồng TĐKT bổ sung (thử nghiệm)' }).waitFor();
    await page.getByRole('radio', { name: 'Đồng ý', exact: true }).check();
    await page.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await page.getByText('Đã bỏ phiếu.').waitFor({ timeout: 15_000 });
    const receipt = await page.getByLabel('Mã biên nhận (64 ký tự)').inputValue();
    assert.match(receipt, /^[0-9a-f]{64}$/);
    assert.equal(ballotRequests.length, 1);
    assert.equal(ballotRequests[0]!.cookie, undefined, 'the ballot is sent without the session cookie');
    await screenshot(page, 'emulation-01-voted');

    // The two other members vote through the API, blinding their tokens the same way; the secretary closes the vote.
    for (const username of ['hoidong2', 'hoidong3']) {
      const member = await site.api(username);
      const s = await member<{ publicKey: PublicKey }>('GET', `/api/emulation/sessions/${sessionId}`);
      const token = toHex(rnd(32));
      const { blinded, r } = blindToken(s.publicKey, sessionId, token, rnd);
      const { blindSignature } = await member<{ blindSignature: string }>('POST', `/api/emulation/sessions/${sessionId}/tokens`, { blinded });
      const res = await fetch(`${site.baseUrl}/api/emulation/sessions/${sessionId}/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, signature: unblindSignature(s.publicKey, blindSignature, r), choices: [{ nominationId: nomination.id, choice: 'AGREE' }] }),
      });
      assert.equal(res.status, 201, await res.text());
    }
    await admin('POST', `/api/emulation/sessions/${sessionId}/close`);

    await page.reload();
    await page.locator('[data-result]').getByText('Đã kiểm 3 phiếu của 3 thành viên').waitFor();
    await page.locator(`[data-nomination="${nomination.id}"]`).getByText('Đạt', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra trong hòm phiếu' }).click();
    await page.getByText('Phiếu có biên nhận này có trong hòm phiếu.').waitFor();
    await page.getByRole('button', { name: 'Tự kiểm đếm lại từ hòm phiếu công bố' }).click();
    await page.locator('[data-recount]').waitFor();
    assert.equal(await page.locator('[data-recount]').innerText(), 'Kiểm đếm lại 3 phiếu: khớp kết quả công bố, mọi chữ ký hợp lệ.');
    await screenshot(page, 'emulation-02-published-desktop');

    const phone = await site.page(PHONE);
    await site.signIn(phone.page, 'hoidong', `/emulation/sessions/${sessionId}`);
    await phone.page.locator('[data-result]').waitFor();
    await screenshot(phone.page, 'emulation-03-published-phone');
    // The session's own content fits the phone's width (its tables scroll inside their frame).
    const fit = await phone.page.evaluate(() => {
      const section = document.querySelector('section[data-session]')!;
      const topbar = document.querySelector('header.topbar') as HTMLElement | null;
      return { section: section.scrollWidth - section.clientWidth, topbar: topbar ? topbar.scrollWidth : 0 };
    });
    assert.ok(fit.section <= 0, `the session page overflows its column by ${fit.section}px on a phone`);
    if (fit.topbar > 390) console.log(`note: the signed-in top bar is ${fit.topbar}px wide at 390px`);
    // The honour book and the eligibility screen of the demo year.
    await page.goto(`${site.baseUrl}/emulation?tab=book`);
    await page.getByLabel('Tìm theo tên, đơn vị, số quyết định').fill('hanh');
    await page.getByText('Chiến sĩ thi đua cấp bộ').first().waitFor();
    await screenshot(page, 'emulation-04-honour-book');
    // The certificate of an award in the book downloads as a PDF (the decision column shows on a wide screen).
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1280, height: 900 });
    const [certificate] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-certificate]').first().click()]);
    const certificatePath = await certificate.path();
    assert.ok(certificatePath && readFileSync(certificatePath).subarray(0, 5).toString() === '%PDF-', 'the certificate is a PDF');
    if (size) await page.setViewportSize(size);

    // The campaign of 2023 with its board by cluster, and the eligibility of the demo's nominee with reasons and articles.
    await page.goto(`${site.baseUrl}/emulation`);
    await page.getByRole('button', { name: 'Phong trào thi đua năm 2023 của Bộ Thông tin và Truyền thông' }).click();
    await page.getByRole('heading', { name: 'Bảng điểm theo cụm, khối' }).waitFor();
    await screenshot(page, 'emulation-05-campaign');
    const hanh = await admin<{ items: { staff: { id: number } | null }[] }>('GET', '/api/emulation/honour-book?q=hong hanh');
    await page.goto(`${site.baseUrl}/emulation?tab=eligibility`);
    await page.getByLabel('Mã cán bộ').fill(String(hanh.items[0]!.staff!.id));
    await page.getByLabel('Xét theo quy định ngày').fill('2024-01-20');
    await page.getByRole('button', { name: 'Xét điều kiện' }).click();
    await page.locator('[data-award="CSTD_BO"]').getByText('Đủ điều kiện', { exact: true }).waitFor();
    assert.match(await page.locator('[data-award="CSTD_TQ"]').innerText(), /Chưa đủ điều kiện[\s\S]*Điều 21 khoản 1/);
    await screenshot(page, 'emulation-06-eligibility');
    assert.deepEqual(cspViolations, []);
  });

  test('the nomination form: the person found by name, eligibility with reasons, the refusal shown at the override reason; desktop and phone', async () => {
    for (const [label, viewport] of [
      ['desktop', { width: 1366, height: 768 }],
      ['phone', PHONE],
    ] as const) {
      const { page, context } = await site.as('admin', '/emulation?tab=nominate', viewport);
      const form = page.locator('[data-form="nomination"]');
      await form.getByLabel('Năm').fill('2023');
      // Hoàng Anh Tuấn was rated HTNV in 2023: not eligible for Lao động tiên tiến. Found by typing his name without accents.
      await form.getByRole('combobox', { name: 'Cá nhân (tìm theo tên)' }).fill('hoang anh tuan');
      await form.getByRole('option', { name: /Hoàng Anh Tuấn/ }).click();
      await form.getByLabel('Danh hiệu, hình thức').selectOption({ label: 'Lao động tiên tiến' });
      const judged = form.locator('[data-nominee-eligibility]');
      await judged.waitFor();
      assert.equal(await judged.getAttribute('data-nominee-eligibility'), 'no');
      assert.match(await judged.innerText(), /Chưa đủ điều kiện[\s\S]*Điều 24/);
      await form.getByRole('combobox', { name: 'Đơn vị đề nghị' }).fill('an toan thong tin');
      await form.getByRole('option', { name: /Cục An toàn thông tin/ }).click();
      await form.getByRole('button', { name: 'Lập đề nghị' }).click();
      // Refused by the server (422) without an override reason: the message is at that field.
      await form.getByText('Chưa đủ tiêu chuẩn: cần ghi lý do vẫn đề nghị').waitFor();
      await screenshot(page, `emulation-07-nomination-refused-${label}`);
      if (label === 'desktop') {
        await form.getByLabel('Lý do vẫn đề nghị khi chưa đủ tiêu chuẩn').fill('Hoàn thành đột xuất nhiệm vụ ứng cứu sự cố tháng 10/2023');
        await form.getByRole('button', { name: 'Lập đề nghị' }).click();
        await form
          .getByRole('status')
          .getByText(/Đã lập đề nghị số \d+/)
          .waitFor();
        await screenshot(page, 'emulation-08-nomination-made');
      }
      await context.close();
    }
    assert.deepEqual(cspViolations, []);
  });

  test('the public comment period: a national emulation fighter nominee publicised, a too-short period refused at its field, a comment recorded', async () => {
    const admin = await site.api('admin');
    const book = await admin<{ items: { staff: { id: number } | null }[] }>('GET', '/api/emulation/honour-book?q=hong hanh');
    const nomination = await admin<{ id: number }>('POST', '/api/emulation/nominations', {
      year: 2023,
      award: 'CSTD_TQ',
      staffId: book.items[0]!.staff!.id,
      proposingOrgUnit: 'BTTTT-CCDS',
      achievements: 'Chủ trì Chương trình chuyển đổi số quốc gia',
      overrideReason: 'Đề nghị theo chỉ đạo của Bộ trưởng',
    });
    const iso = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
    const { page, context } = await site.as('admin', '/emulation?tab=nominate', { width: 1366, height: 768 });
    const item = page.locator(`[data-nomination="${nomination.id}"]`);
    await item.getByRole('button', { name: 'Công khai lấy ý kiến' }).click();
    const panel = item.locator('[data-comment-period]');
    await panel.getByText(/Phải công khai lấy ý kiến ít nhất 10 ngày làm việc/).waitFor();
    assert.equal(await panel.locator('[data-ready]').getAttribute('data-ready'), 'false', 'not ready for the council before the period');
    // Two days are too short: refused at "Đến hết ngày".
    await panel.getByLabel('Từ ngày').fill(iso(0));
    await panel.getByLabel('Đến hết ngày').fill(iso(2));
    await panel.getByLabel('Nơi công khai').fill('Cổng thông tin điện tử của Bộ');
    await panel.getByRole('button', { name: 'Lưu thời gian công khai' }).click();
    const closes = panel.getByLabel('Đến hết ngày');
    await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await closes.elementHandle());
    await screenshot(page, 'emulation-09-comment-period-refused');
    await closes.fill(iso(20));
    await panel.getByRole('button', { name: 'Lưu thời gian công khai' }).click();
    await panel
      .locator('[data-window]')
      .getByText(/Thời gian lấy ý kiến: từ \d{2}\/\d{2}\/\d{4} đến \d{2}\/\d{2}\/\d{4} — Cổng thông tin điện tử của Bộ/)
      .waitFor();
    // A comment received today.
    await panel.getByLabel('Người góp ý').fill('Ẩn danh');
    await panel.getByLabel('Ngày nhận').fill(iso(0));
    await panel.getByLabel('Nội dung ý kiến').fill('Đề nghị làm rõ sáng kiến được công nhận năm 2022');
    await panel.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await panel.locator('[data-comments]').getByText('Đề nghị làm rõ sáng kiến được công nhận năm 2022', { exact: false }).waitFor();
    await panel.getByText('Ý kiến đã nhận (1)').waitFor();
    await screenshot(page, 'emulation-10-comment-period');
    await context.close();
    assert.deepEqual(cspViolations, []);
  });
});
