import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { cspViolations, journey, PHONE, screenshot } from './support.ts';

describe('browser journey: a briefing drawn up, amended, finalised and downloaded', () => {
  const site = journey();

  for (const viewport of [null, PHONE] as const) {
    test(`generate → edit a part → finalise → download (${viewport ? 'phone' : 'desktop'})`, async () => {
      const { page } = await site.page();
      if (viewport) await page.setViewportSize(viewport);
      await site.signIn(page, 'lanhdao', '/briefing?month=202311&orgUnit=BTTTT');
      await page.locator('.briefing-doc').waitFor();
      await page.getByRole('button', { name: 'Lập dự thảo để biên tập' }).click();
      await page.getByText('Dự thảo', { exact: true }).waitFor();
      // A quoted number opens the explanation of its analytics cell.
      await page.locator('.briefing-doc .figure-link').first().click();
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      const part = page.locator('.briefing-part[data-key="next"]');
      await part.getByRole('button', { name: 'Sửa' }).click();
      await part.locator('textarea').fill('Tập trung hoàn thành các nhiệm vụ còn quá hạn.');
      await part.getByRole('button', { name: 'Lưu' }).click();
      await part.getByText('đã sửa').waitFor();
      await screenshot(page, `briefing-edit-01${viewport ? '-phone' : ''}`);
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Ban hành' }).click();
      const badge = page.getByText(/^Đã ban hành: số \d{2,}\/BC-BTTTT$/);
      await badge.waitFor();
      assert.ok((await page.locator('.briefing-doc').innerText()).includes('Tập trung hoàn thành các nhiệm vụ còn quá hạn.'));
      await screenshot(page, `briefing-edit-02${viewport ? '-phone' : ''}`);
      for (const [button, ext, magic] of [
        ['Tải DOCX', 'docx', 'PK'],
        ['Tải PDF', 'pdf', '%PDF'],
      ] as const) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
        assert.match(download.suggestedFilename(), new RegExp(`^Bao-cao-giao-ban-BTTTT-202311-\\d{2,}\\.${ext}$`));
        assert.equal(
          fs
            .readFileSync(await download.path())
            .subarray(0, magic.length)
            .toString('latin1'),
          magic,
        );
      }
    });
  }

  test('no page of this journey broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
