import { Type, type StringOptions } from '@sinclair/typebox';

// C0 controls, DEL and C1 controls: nothing a person types into a name, an address or a title, and what ends up
// breaking an email header, a log line or a CSV export. Multi-line text keeps tab and line feed (and CR before LF).
const SINGLE_LINE = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';
const SINGLE_LINE_NOT_BLANK =
  '^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$';
const MULTI_LINE = '^(?:[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]|\\r(?=\\n))*$';

/** One line of text a person typed: no control characters; `notBlank` also wants one visible character. */
export const SingleLineText = (options: StringOptions & { notBlank?: boolean } = {}) => {
  const { notBlank, ...rest } = options;
  return Type.String({ ...rest, pattern: notBlank ? SINGLE_LINE_NOT_BLANK : SINGLE_LINE });
};

/** Text of several lines (a description): tab and line breaks, no other control characters. */
export const MultiLineText = (options: StringOptions = {}) => Type.String({ ...options, pattern: MULTI_LINE });

/** An absolute http(s) URL: never `javascript:`, `data:` or another scheme a browser would run or embed. */
export const WebUrl = (options: StringOptions = {}) =>
  Type.String({ format: 'uri', ...options, pattern: '^https?://[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$' });
