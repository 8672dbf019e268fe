// The argument names that hold handles (an earlier step's `as`: an fd, an object id) in the op
// table (ops.ts: fields of kind 'handle'). Kept as a plain list so that the page can show a
// step's handles without loading the whole op table; a unit test keeps it equal to the table.

export const HANDLE_FIELDS: ReadonlySet<string> = new Set([
  'fd', 'container', 'groupfd', 'iommufd', 'tablefd',
  'ioas_id', 'src_ioas_id', 'dst_ioas_id', 'dev_id', 'pt_id', 'id', 'target', 'handle',
]);
