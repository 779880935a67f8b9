import { defineCheck } from './define-check.js';
import { reportDuplicateSids } from './support/statements.js';

export default defineCheck({
  id: 'unique-sids-required',
  code: 'UNIQUE_SIDS_REQUIRED',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Two statements share a Sid in a policy type that requires unique Sids',
  description:
    'Service control and resource control policies reject duplicate Sids. Give each statement its own Sid.',
  appliesTo: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
  check: reportDuplicateSids,
});
