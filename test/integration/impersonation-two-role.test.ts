// "Open as" and the tenant audit trail over HTTP in two-role mode: the app's DATABASE_URL is the
// harness's request-only role (see impersonation-suite.ts).
import { impersonationSuite } from './impersonation-suite';

impersonationSuite('imp2', true);
