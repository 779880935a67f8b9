import { defineCheck } from './define-check.js';
import { reportBadIdFormat } from './support/conditions.js';

export default defineCheck({
  id: 'invalid-vpc-format',
  code: 'INVALID_VPC_FORMAT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`aws:SourceVpc` value is not a vpc ID',
  description:
    '`aws:SourceVpc` holds IDs of the form `vpc-` followed by 8 or 17 lower-case hexadecimal characters (`vpc-1a2b3c4d`); another value never matches. Correct the ID.',
  check: (ctx, report) => reportBadIdFormat(ctx, report, 'aws:SourceVpc', 'vpc'),
});
