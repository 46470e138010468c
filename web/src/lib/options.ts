/** The choices of a select or of radio buttons: a value and its words. */
export type Option<V = string | number> = { value: V; label: string };

/** Options from a list of values (an enum) and the words for each. */
export const optionsOf = <V extends string | number | boolean>(
  values: readonly V[],
  label: (v: V) => string,
): Option<V>[] => values.map((value) => ({ value, label: label(value) }));

/** Yes or no, in the words given. */
export const yesNo = (yes: string, no: string): Option<boolean>[] => [
  { value: true, label: yes },
  { value: false, label: no },
];
