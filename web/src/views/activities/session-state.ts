/** The colour of a session's state tag. */
const TAGS = { planned: 'warning', running: 'success', ended: 'info', cancelled: 'danger' } as const;
export const stateTag = (state: keyof typeof TAGS) => TAGS[state];
