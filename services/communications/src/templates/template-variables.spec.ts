import { SAMPLE_CONTEXT, TEMPLATE_VARIABLES } from './template-variables';

/** Every leaf path of a value; list items contribute `list.field`. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    const first = value[0];
    return first && typeof first === 'object' ? [prefix, ...leafPaths(first, prefix).filter((p) => p !== prefix)] : [prefix];
  }
  if (value && typeof value === 'object' && !('amountMinor' in value)) {
    return [
      ...(prefix ? [prefix] : []),
      ...Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, prefix ? `${prefix}.${key}` : key)),
    ];
  }
  return [prefix];
}

describe('template variable catalog', () => {
  it('describes exactly the variables of the sample context', () => {
    expect(TEMPLATE_VARIABLES.map((variable) => variable.path).sort()).toEqual([...new Set(leafPaths(SAMPLE_CONTEXT))].sort());
  });

  it('has no duplicate names and a description for each', () => {
    const paths = TEMPLATE_VARIABLES.map((variable) => variable.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const variable of TEMPLATE_VARIABLES) expect(variable.description.length).toBeGreaterThan(3);
  });
});
