// Registers the beyond-VFIO code at import (Node: the tests' setup, the CLI, the bench), so that
// every scenario runs on the whole core there, as before the browser's worker loaded it lazily.

import * as beyondModule from './index';
import { setBeyond } from './registry';

setBeyond(beyondModule);
