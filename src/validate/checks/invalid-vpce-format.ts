import { defineCheck } from './define-check.js';
import { reportBadIdFormat } from './support/conditions.js';

export default defineCheck({
  id: 'invalid-vpce-format',
  code: 'INVALID_VPCE_FORMAT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`aws:SourceVpce` value is not a vpce ID',
  description:
    '`aws:SourceVpce` holds IDs of the form `vpce-` followed by 8 or 17 lower-case hexadecimal characters (`vpce-1a2b3c4d`); another value never matches. Correct the ID.',
  check: (ctx, report) => reportBadIdFormat(ctx, report, 'aws:SourceVpce', 'vpce'),
});
