/** The choices of a select: a value and its words. */
export type Option = { value: string | number; label: string };

/** Options from a list of values (an enum) and the words for each. */
export const optionsOf = <V extends string | number>(
  values: readonly V[],
  label: (v: V) => string,
): Option[] => values.map((value) => ({ value, label: label(value) }));
