// Element ids the editor focuses (an issue clicked in the list takes the user to its control).

/** A step field's control: `ed-<row key>-<field>`. */
export function fieldId(rowKey: string, field: string): string {
  return `ed-${rowKey}-${field}`;
}

/** A step row's drag handle (also its keyboard move handle). */
export function handleId(rowKey: string): string {
  return `ed-handle-${rowKey}`;
}

/** A header control, from the issue key that names it (`title`, `devices[1].group`). */
export function headerId(key: string): string {
  return 'ed-h-' + key.replace(/[^\w]+/g, '-').replace(/-$/, '');
}
