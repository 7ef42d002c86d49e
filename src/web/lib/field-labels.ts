// A form's error summary names each wrong field by the label the officer sees, not by the request's path
// ('body.config.latePenalty' → 'Trừ khi chậm tiến độ (%)'). A form hands its labels to FormError keyed as it
// asks fieldError() for a field's message, so the two always agree on which field a path names.

/** A form's field labels, keyed by the field path the form gives fieldError() ('name', 'config.latePenalty'). */
export type FieldLabels = Readonly<Record<string, string>>;

/** Whether an error detail's path names the field `key` (the same rule as fieldError: 'body.x.y', 'querystring.x.y' and 'x.y' name 'x.y'). */
export function pathNames(path: string, key: string): boolean {
  return path === key || path.endsWith(`.${key}`);
}

/** The label of the field a path names (the most specific key that matches), or null when it names none of the form's fields. */
export function labelForPath(path: string | undefined, labels: FieldLabels | undefined): string | null {
  if (!path || !labels) return null;
  let best: string | null = null;
  for (const key of Object.keys(labels)) {
    if (pathNames(path, key) && (best === null || key.length > best.length)) best = key;
  }
  return best === null ? null : (labels[best] ?? null);
}
