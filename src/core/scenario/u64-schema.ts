// A 64-bit value in a JSON document (a hex or decimal string, or a safe integer), validated
// and turned into a bigint by parseU64. Its own module so that the tour format can use it
// without pulling in the scenario schema.

import * as v from 'valibot';
import { parseU64 } from '../u64';

export const u64Schema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const r = parseU64(dataset.value);
    if (!r.ok) {
      addIssue({ message: r.message });
      return NEVER;
    }
    return r.value;
  }),
);
