import { defineCheck } from './define-check.js';
import { analyzeResource, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'invalid-arn-prefix',
  code: 'INVALID_ARN_PREFIX',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Resource is neither `*` nor an ARN',
  description:
    'A Resource value is `*` or an ARN starting with `arn:` (in lower case). Names such as a bare bucket name match nothing. Write the full ARN.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      if (analyzeResource(r.value).kind !== 'not-arn') continue;
      const hint = r.value.toLowerCase().startsWith('arn:')
        ? 'write `arn:` in lower case'
        : 'write the full ARN, for example `arn:aws:s3:::example-bucket`';
      report({
        path: r.path,
        message: `\`${r.value}\` is not an ARN (it must start with \`arn:\`) or \`*\`; ${hint}.`,
      });
    }
  },
});
