/**
 * An amount a person types (`1.234,56`, `1 234.56`, `100`) as minor units (a string of digits),
 * without floats. The last `,` or `.` followed by one or two digits is the decimal mark; other
 * marks and spaces group thousands. Undefined when the text is no amount.
 */
export function minorOfEntry(text: string, digits = 2): string | undefined {
  const compact = text.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(compact)) return undefined;
  const decimal = new RegExp(`^(.*?)[.,](\\d{1,${digits}})$`).exec(compact);
  const whole = (decimal ? decimal[1]! : compact).replace(/[.,]/g, '');
  const fraction = (decimal ? decimal[2]! : '').padEnd(digits, '0');
  if (!/^\d*$/.test(whole) || (decimal && whole === '' && decimal[1] !== '')) return undefined;
  return BigInt(`${whole || '0'}${fraction}`).toString();
}
