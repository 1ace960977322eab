// "Open as" and the tenant audit trail over HTTP, in single-role mode (see impersonation-suite.ts).
import { impersonationSuite } from './impersonation-suite';

impersonationSuite('imp', false);
