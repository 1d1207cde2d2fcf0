import { describe, expect, it } from 'vitest';
import { corporateNumber, corporateNumberCheckDigit, email, ipList, ipOrCidr, phone, singleLine } from '../../src/forms/validators.js';
import { FORMS } from '../../src/forms/declarations.js';
import { validateForm } from '../../src/forms/validate.js';

describe('法人番号', () => {
  it.each([
    ['4011001098993', 'the example in flows.md'],
    ['7123456789012', 'the worked example (sum 74)'],
    ['1180301018771', 'トヨタ自動車株式会社'],
    ['5010401067252', 'ソニーグループ株式会社'],
  ])('accepts %s (%s)', (n) => {
    expect(corporateNumber(n)).toEqual({ ok: true, value: n });
  });

  it('computes the check digit of the worked example', () => {
    expect(corporateNumberCheckDigit('123456789012')).toBe(7);
  });

  it('normalises full-width digits, spaces and hyphens', () => {
    expect(corporateNumber('４０１１００１０９８９９３')).toEqual({ ok: true, value: '4011001098993' });
    expect(corporateNumber(' 4011-0010-98993 ')).toEqual({ ok: true, value: '4011001098993' });
  });

  it.each(['5011001098993', '4011001098994', '1180301018772'])('refuses %s, whose check digit fails', (n) => {
    const result = corporateNumber(n);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message.ja).toContain('チェックデジット');
    expect(!result.ok && result.message.en).toContain('check digit');
  });

  it.each(['', '401100109899', '40110010989931', '401100109899a', '４０１１'])('refuses %j, which is not 13 digits', (n) => {
    const result = corporateNumber(n);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message.ja).toContain('13桁');
  });
});

describe('email', () => {
  it.each(['taro@example.co.jp', 'a.b+tag@sub.example.com', 'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ'])('accepts %s', (e) => {
    expect(email(e).ok).toBe(true);
  });
  it.each(['taro', 'taro@', '@example.jp', 'taro@example', 'ta ro@example.jp', 'taro@@example.jp', 'taro..x@example.jp', 'a@b.jp\r\nBcc: x@y.jp', 'taro@1.2.3.4'])(
    'refuses %j',
    (e) => {
      expect(email(e).ok).toBe(false);
    },
  );
});

describe('phone', () => {
  it.each(['03-1234-5678', '0312345678', '090-1234-5678', '０９０－１２３４－５６７８', '+81 3 1234 5678', '(03) 1234-5678'])('accepts %s', (p) => {
    expect(phone(p).ok).toBe(true);
  });
  it.each(['1234', '03-1234-567', 'abc-defg-hijk', '090-1234-56789-0', '+1 212 555 0100', '03-1234-5678 内線12'])('refuses %j', (p) => {
    expect(phone(p).ok).toBe(false);
  });
});

describe('IP addresses and CIDR ranges', () => {
  it.each([
    ['203.0.113.10', '203.0.113.10'],
    ['198.51.100.0/24', '198.51.100.0/24'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['１９８．５１．１００．０／２４', '198.51.100.0/24'],
  ])('accepts %s', (raw, value) => {
    expect(ipOrCidr(raw)).toEqual({ ok: true, value });
  });
  it.each(['256.1.1.1', '10.0.0.0/33', '2001:db8::/129', '1.2.3', 'example.com', '10.0.0.0/8/1', '0.0.0.0/0', '1.2.3.4/x'])('refuses %j', (raw) => {
    expect(ipOrCidr(raw).ok).toBe(false);
  });
  it('reads a list one per line, or separated by commas, and drops repeats', () => {
    expect(ipList('203.0.113.10\n198.51.100.0/24, 203.0.113.10')).toEqual({ ok: true, value: ['203.0.113.10', '198.51.100.0/24'] });
  });
  it('names the bad entry of a list', () => {
    const result = ipList('203.0.113.10\n999.1.1.1');
    expect(!result.ok && result.message.ja).toContain('999.1.1.1');
    expect(!result.ok && result.message.en).toContain('999.1.1.1');
  });
  it('refuses an empty list', () => {
    expect(ipList('  \n ').ok).toBe(false);
  });
});

describe('text fields', () => {
  it('refuses line breaks in single-line text (no header injection) and text over the limit', () => {
    expect(singleLine('株式会社\r\nBcc: x', 100).ok).toBe(false);
    expect(singleLine('あ'.repeat(101), 100)).toEqual({ ok: false, message: { ja: '100文字以内で入力してください（現在101文字）。', en: 'Enter at most 100 characters (now 101).' } });
    expect(singleLine('  株式会社テスト ', 100)).toEqual({ ok: true, value: '株式会社テスト' });
  });
});

describe('the usage intake form', () => {
  const valid = {
    category: 'private',
    org_name: '株式会社テスト',
    corporate_number: '4011001098993',
    department: '開発部',
    contact_name: '田中',
    phone: '03-1234-5678',
    email: 'taro@example.co.jp',
    usage_mode: 'remote',
    krl_proxy: 'yes',
    preparation: ['yes'],
  };

  it('accepts a complete form and keeps normalised values', () => {
    const result = validateForm(FORMS.usage_intake!, { ...valid, corporate_number: '４０１１００１０９８９９３' });
    expect(result).toEqual({ ok: true, values: { ...valid, corporate_number: '4011001098993' } });
  });

  it('names every empty required field, and only those (the KRL question waits for 非対面)', () => {
    const result = validateForm(FORMS.usage_intake!, { preparation: [] });
    expect(result.ok).toBe(false);
    expect(Object.keys(!result.ok ? result.errors : {}).sort()).toEqual(['category', 'contact_name', 'corporate_number', 'department', 'email', 'org_name', 'phone', 'usage_mode'].sort());
  });

  it('asks to choose what is chosen and to enter what is typed, in both languages', () => {
    const result = validateForm(FORMS.usage_intake!, { ...valid, category: '', org_name: ' ', usage_mode: undefined });
    const errors = !result.ok ? result.errors : {};
    expect(errors.category).toEqual({ ja: '区分を選んでください。', en: 'Choose Category.' });
    expect(errors.usage_mode).toEqual({ ja: '対面／非対面を選んでください。', en: 'Choose In person / remote.' });
    expect(errors.org_name).toEqual({ ja: '事業者・団体名を入力してください。', en: 'Enter Organisation name.' });
    const picker = validateForm(FORMS.schedule!, { test_place: 'x' });
    expect(!picker.ok && picker.errors.test_at?.ja).toBe('試験の日時を選んでください。');
  });

  it('refuses choices that are not offered', () => {
    const result = validateForm(FORMS.usage_intake!, { ...valid, usage_mode: 'telepathy' });
    expect(!result.ok && result.errors.usage_mode).toEqual({ ja: '選択肢から選んでください。', en: 'Choose one of the choices.' });
  });

  it('asks the KRL question for 非対面 only: required there, dropped for 対面 whatever was sent', () => {
    const remote = validateForm(FORMS.usage_intake!, { ...valid, krl_proxy: undefined });
    expect(!remote.ok && remote.errors.krl_proxy?.ja).toBe('Remote Reader Library の KRL代理取得機能を利用するを選んでください。');
    for (const krl of ['yes', 'no', 'nonsense', undefined]) {
      const result = validateForm(FORMS.usage_intake!, { ...valid, usage_mode: 'in_person', krl_proxy: krl });
      expect(result.ok, String(krl)).toBe(true);
      expect(result.ok && 'krl_proxy' in result.values).toBe(false);
    }
  });
});
