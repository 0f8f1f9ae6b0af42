// The Swedish labels of the core's enumerations (stages, attendance, statuses, roles, scopes, import outcomes), fetched once and kept.

let loading = null;

/** `text` with a capital first letter, as options, badges and column heads show a label. */
export function capitalise(text) {
  return text ? text.charAt(0).toLocaleUpperCase('sv') + text.slice(1) : text;
}

/** The labels as the core sends them: for each enumeration a list of `{ code, label }`, labels in lower case. */
class Labels {
  #lists;

  constructor(lists) {
    this.#lists = lists;
  }

  /** The lower-case label of `code` in the enumeration `kind` ('stage', 'attendance_status' …); the code if unknown. */
  label(kind, code) {
    return this.#lists[kind]?.find((entry) => entry.code === code)?.label ?? code;
  }

  /** The label of `code` with a capital first letter. */
  title(kind, code) {
    return capitalise(this.label(kind, code));
  }

  /** The choices of `kind` for a select, `{ value, label }` in the core's order, capitalised. */
  choices(kind) {
    return (this.#lists[kind] ?? []).map(({ code, label }) => ({ value: code, label: capitalise(label) }));
  }
}

/**
 * The labels: asked of the core (`api.listLabels()`) the first time, kept after that. A failed
 * request is not kept, so the next view asks again.
 */
export function loadLabels(api) {
  loading ??= api.listLabels().then((lists) => new Labels(lists), (error) => {
    loading = null;
    throw error;
  });
  return loading;
}
