import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentNumberRuleOn, documentSymbol, nextDocumentNumber, numberingYear } from './documents.ts';

describe('numbering outgoing documents (Nghị định 30/2020/NĐ-CP, Điều 15 khoản 1)', () => {
  test('"bắt đầu liên tục từ số 01 vào ngày 01 tháng 01": the first report of a year is 01, then 02, …', () => {
    assert.equal(nextDocumentNumber([]), 1);
    assert.equal(documentSymbol(nextDocumentNumber([]), 'BC', 'BTTTT'), '01/BC-BTTTT');
    assert.equal(documentSymbol(nextDocumentNumber([1, 2, 11]), 'BC', 'BTTTT'), '12/BC-BTTTT');
    assert.equal(documentSymbol(125, 'BC', 'UBND'), '125/BC-UBND');
  });

  test('"kết thúc vào ngày 31 tháng 12 hàng năm": the year of the issue day is the register’s year', () => {
    assert.equal(numberingYear('2023-12-31'), 2023);
    assert.equal(numberingYear('2024-01-01'), 2024);
  });

  test('the rule is in force from 5 March 2020, and a number below 1 is refused', () => {
    assert.equal(documentNumberRuleOn('2020-03-04'), null);
    assert.equal(documentNumberRuleOn('2023-12-05')?.id, 'ND_30_2020_D15');
    assert.throws(() => documentSymbol(0, 'BC', 'BTTTT'), RangeError);
  });
});
