import { defineCheck } from './define-check.js';
import { reportDuplicateSids } from './support/statements.js';

export default defineCheck({
  id: 'unique-sids-recommended',
  code: 'UNIQUE_SIDS_RECOMMENDED',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Two statements share a Sid',
  description:
    'Sids identify statements; a duplicate makes findings, diffs and audit trails ambiguous. Give each statement its own Sid.',
  appliesTo: ['IDENTITY_POLICY', 'RESOURCE_POLICY'],
  check: reportDuplicateSids,
});
