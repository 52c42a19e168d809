import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { MultiLineText, SingleLineText, WebUrl } from '../src';

const ajv = addFormats(new Ajv());
const accepts = (schema: object) => {
  const validate = ajv.compile(schema);
  return (value: string) => validate(value);
};

describe('text a person types', () => {
  it.each(['Ada Lovelace', 'Zoë Ñúñez', '東京都', "O'Brien-Smith #2", ''])(
    'when a single line is %p, then it is accepted',
    (text) => {
      expect(accepts(SingleLineText())(text)).toBe(true);
    },
  );

  it.each([
    'Eve\u0000',
    'Eve\r\nBcc: all@example.test',
    'tab\there',
    'bell\u0007',
    'del\u007f',
    'c1\u0085',
    '\u001b[31mred',
  ])('when a single line holds a control character (%j), then it is refused', (text) => {
    expect(accepts(SingleLineText())(text)).toBe(false);
  });

  it('when a single line must not be blank, then spaces alone are refused and one visible character passes', () => {
    const notBlank = accepts(SingleLineText({ notBlank: true }));
    expect([notBlank('   '), notBlank(''), notBlank(' a '), notBlank('a')]).toEqual([false, false, true, true]);
  });

  it('when a description has tabs and line breaks (LF or CRLF), then it passes; a lone CR, NUL or escape does not', () => {
    const text = accepts(MultiLineText());
    expect([text('one\ntwo\r\n\tthree'), text('cr\ronly'), text('nul\u0000'), text('esc\u001b[0m')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it.each([
    ['https://cdn.example.test/a.png', true],
    ['http://cdn.example.test/a.png', true],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    ['data:image/svg+xml;base64,PHN2Zz4=', false],
    ['vbscript:msgbox', false],
    ['//cdn.example.test/a.png', false],
    ['https://cdn.example.test/a b.png', false],
  ])('when an image URL is %s, then accepted is %s', (url, ok) => {
    expect(accepts(WebUrl())(url)).toBe(ok);
  });
});
