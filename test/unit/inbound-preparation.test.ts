// The preparation application read out of a mail in each layout people write it, every value held to
// the intake form's own validators.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corporateNumber, email, phone, singleLine } from '../../src/forms/validators.js';
import { parseInboundMail } from '../../src/inbound/inbound-mail.js';
import { isPreparationApplication, parsePreparation, PREPARATION_PHRASE } from '../../src/inbound/preparation.js';

const FIXTURES = new URL('../fixtures/mail/', import.meta.url);
const textOf = async (name: string): Promise<string> => (await parseInboundMail(readFileSync(new URL(name, FIXTURES)))).text;

const SAMPLE = {
  org_name: '株式会社サンプル',
  corporate_number: '4011001098993',
  department: 'デジタル推進部',
  contact_name: '田中 太郎',
  phone: '03-1234-5678',
  email: 'taro@example.co.jp',
};

/** The message validateForm gives for a value its validator refuses. */
function refusal(checked: ReturnType<typeof corporateNumber>) {
  if (checked.ok) throw new Error('expected a refusal');
  return checked.message;
}

describe('isPreparationApplication', () => {
  it.each(['preparation-colon.eml', 'preparation-headings.eml', 'preparation-slash.eml'])('recognises %s', async (name) => {
    expect(isPreparationApplication(await textOf(name))).toBe(true);
  });

  it.each(['iso2022jp-reply.eml', 'utf8-gmail-reply.eml', 'forwarded.eml', 'no-match.eml'])('does not take %s for one', async (name) => {
    expect(isPreparationApplication(await textOf(name))).toBe(false);
  });

  it('ignores whitespace, line breaks and full- or half-width forms', () => {
    expect(isPreparationApplication(`${PREPARATION_PHRASE}。`)).toBe(true);
    expect(isPreparationApplication('搭載サービス開始前における\nカード代替電磁的記録　利用準備を申請します')).toBe(true);
    expect(isPreparationApplication('搭載ｻｰﾋﾞｽ開始前におけるｶｰﾄﾞ代替電磁的記録利用準備を申請します')).toBe(true);
  });

  it('needs the whole phrase', () => {
    expect(isPreparationApplication('カード代替電磁的記録の利用準備について質問です')).toBe(false);
    expect(isPreparationApplication('搭載サービス開始前におけるカード代替電磁的記録利用準備を申請しません')).toBe(false);
  });
});

describe('parsePreparation of the fixtures', () => {
  it('reads 「label：value」 lines with full-width colons and digits', async () => {
    expect(parsePreparation(await textOf('preparation-colon.eml'))).toEqual({ values: SAMPLE, errors: {}, missing: [] });
  });

  it('reads 【label】 headings with the value after the bracket or on the next line', async () => {
    expect(parsePreparation(await textOf('preparation-headings.eml'))).toEqual({
      // As the modal would store them: the full-width space kept, the phone number in half-width.
      values: { ...SAMPLE, contact_name: '田中　太郎', phone: '03(1234)5678' },
      errors: {},
      missing: [],
    });
  });

  it('reads 「部署名／担当者名／電話番号」 on one line and reports the bad 法人番号', async () => {
    const { corporate_number: _, ...valid } = SAMPLE;
    expect(parsePreparation(await textOf('preparation-slash.eml'))).toEqual({
      values: valid,
      errors: { corporate_number: refusal(corporateNumber('1234567890123')) },
      missing: [],
    });
  });

  it('says the check digit is what is wrong', async () => {
    const { errors } = parsePreparation(await textOf('preparation-slash.eml'));
    expect(errors.corporate_number?.ja).toBe('法人番号のチェックデジットが一致しません。番号をご確認ください。');
  });
});

describe('parsePreparation', () => {
  it.each([
    ['/', '部署名/担当者名/電話番号: デジタル推進部/田中 太郎/03-1234-5678'],
    ['／ with spaces', '部署名 ／ 担当者名 ／ 電話番号：デジタル推進部 ／ 田中 太郎 ／ 03-1234-5678'],
    ['・', '部署名・担当者名・電話番号：デジタル推進部・田中 太郎・03-1234-5678'],
    ['【】 with ／', '【部署名／担当者名／電話番号】\nデジタル推進部／田中 太郎／03-1234-5678'],
  ])('splits the combined label with %s', (_, line) => {
    expect(parsePreparation(line)).toEqual({
      values: { department: 'デジタル推進部', contact_name: '田中 太郎', phone: '03-1234-5678' },
      errors: {},
      missing: ['org_name', 'corporate_number', 'email'],
    });
  });

  it('leaves the fields missing when the values do not line up with the labels', () => {
    expect(parsePreparation('部署名／担当者名／電話番号：営業部／企画課／田中／03-1234-5678').missing).toEqual(['org_name', 'corporate_number', 'department', 'contact_name', 'phone', 'email']);
  });

  it('reads bullets, ASCII colons, the other labels and a value on the next line', () => {
    const text = ['- 事業者名: 株式会社サンプル', '* 法人番号 : 4011001098993', '■部署名：', '  デジタル推進部', '・担当者名：田中 太郎', '電話番号：０３－１２３４－５６７８', 'Email: taro@example.co.jp'].join('\n');
    expect(parsePreparation(text)).toEqual({ values: SAMPLE, errors: {}, missing: [] });
  });

  it.each([['団体名'], ['事業者・団体名'], ['事業者名／団体名']])('takes %s as the organisation', (label) => {
    expect(parsePreparation(`${label}：株式会社サンプル`).values).toEqual({ org_name: '株式会社サンプル' });
  });

  it.each([['メールアドレス'], ['E-mail'], ['EMAIL'], ['メール']])('takes %s as the email', (label) => {
    expect(parsePreparation(`${label}: taro@example.co.jp`).values).toEqual({ email: 'taro@example.co.jp' });
  });

  it('takes the first value where a field appears twice (the reply above its quoted history)', () => {
    expect(parsePreparation('電話番号：03-1111-2222\n> 電話番号：03-3333-4444').values).toEqual({ phone: '03-1111-2222' });
  });

  it('does not take the next label as a missing value', () => {
    expect(parsePreparation('部署名：\n担当者名：田中 太郎')).toEqual({ values: { contact_name: '田中 太郎' }, errors: {}, missing: ['org_name', 'corporate_number', 'department', 'phone', 'email'] });
  });

  it('reports every invalid value with the validator’s own message', () => {
    const parsed = parsePreparation('法人番号：401100109899\nメールアドレス：taro@@example\n電話番号：0120\n担当者名：田中\t太郎');
    expect(parsed.errors).toEqual({
      corporate_number: refusal(corporateNumber('401100109899')),
      email: refusal(email('taro@@example')),
      phone: refusal(phone('0120')),
      contact_name: refusal(singleLine('田中\t太郎', 50)),
    });
    expect(parsed.values).toEqual({});
    expect(parsed.missing).toEqual(['org_name', 'department']);
  });

  it('refuses a value longer than the form allows', () => {
    expect(parsePreparation(`担当者名：${'あ'.repeat(51)}`).errors.contact_name?.ja).toBe('50文字以内で入力してください（現在51文字）。');
  });

  it('reports all six fields missing in a mail that has none', async () => {
    expect(parsePreparation(await textOf('no-match.eml'))).toEqual({
      values: {},
      errors: {},
      missing: ['org_name', 'corporate_number', 'department', 'contact_name', 'phone', 'email'],
    });
  });
});
