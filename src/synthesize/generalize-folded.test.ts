/**
 * Folded requests (a usage entry standing for the originals aggregation folded together) are generalised
 * exactly as their originals would be one by one, whether their originals' plans are shared from the first
 * one (`Generalizer.sharedPlan`) or each is planned on its own. Against the packaged service data and
 * rules, which aggregation folds with.
 */
import { describe, expect, it } from 'vitest';
import { serviceData } from '../mapping/service-data.js';
import {
  type GeneralizeRequest,
  generalizeResources,
  generalizerFor,
  loadGeneralizeRules,
} from './generalize-resources.js';

const data = serviceData();
const rules = loadGeneralizeRules();
const generalizer = generalizerFor(data, rules);

const B = 'arn:aws:s3:::example-bucket';
const GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders';
const STATES = 'arn:aws:states:us-east-1:111122223333';

/** A folded request as synthesis makes it from a usage entry: `originals` sorted, the fold's base. */
function folded(action: string, resource: string, originals: string[], more = false): GeneralizeRequest {
  const sorted = [...originals].sort();
  const base = generalizer.plan(action, sorted[0] ?? resource)?.prefix?.base;
  return {
    action,
    resource,
    scope: '',
    originals: sorted,
    more,
    foldedGroup: base === undefined ? {} : { base },
  };
}

/** The same request, generalised without sharing: no fold group, so each original is planned. */
function unshared(request: GeneralizeRequest): GeneralizeRequest {
  const { foldedGroup: _, ...rest } = request;
  return rest;
}

function generalize(requests: GeneralizeRequest[]) {
  return generalizeResources(requests, { data, rules });
}

interface Case {
  name: string;
  requests: GeneralizeRequest[];
}

const keys = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${B}/${prefix}/${String(i).padStart(3, '0')}.json`);
const streams = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${GROUP}:log-stream:2026/10/01/[$LATEST]${i.toString(16).padStart(32, '0')}`,
  );

const cases: Case[] = [
  {
    name: 'object keys of one folder (common-prefix)',
    requests: [folded('s3:GetObject', `${B}/in/2026/*`, keys('in/2026', 20))],
  },
  {
    name: 'object keys of several folders, with more than were kept',
    requests: [folded('s3:GetObject', `${B}/in/*`, [...keys('in/a', 5), ...keys('in/b', 5)], true)],
  },
  {
    name: 'object keys folded for two actions that generalise together',
    requests: [
      folded('s3:GetObject', `${B}/tmp/*`, keys('tmp', 4)),
      folded('s3:DeleteObject', `${B}/tmp/*`, keys('tmp', 3)),
    ],
  },
  {
    name: 'an object key with a * the source did not resolve, among others',
    requests: [folded('s3:GetObject', `${B}/in/*`, [...keys('in', 3), `${B}/in/x*y.json`])],
  },
  {
    name: 'log streams of one log group (wildcard rule of the only format with rules)',
    requests: [folded('logs:CreateLogStream', `${GROUP}:log-stream:*`, streams(30), true)],
  },
  {
    name: 'log streams read by two actions, counted once',
    requests: [
      folded('logs:CreateLogStream', `${GROUP}:log-stream:*`, streams(6)),
      folded('logs:PutLogEvents', `${GROUP}:log-stream:*`, streams(4)),
    ],
  },
  {
    name: 'Step Functions executions (several formats with rules: each original planned)',
    requests: [
      folded(
        'states:DescribeExecution',
        `${STATES}:execution:OrderFlow:*`,
        Array.from({ length: 5 }, (_, i) => `${STATES}:execution:OrderFlow:run-${i}`),
      ),
    ],
  },
];

describe('generalising folded requests', () => {
  it.each(cases)('$name: as if each original were planned on its own', ({ requests }) => {
    // Given folded requests, When they are generalised with and without their fold group
    const shared = generalize(requests);
    const planned = generalize(requests.map(unshared));
    // Then grants and sentences are the same
    expect(shared).toEqual(planned);
  });

  it.each(cases)('$name: as if each original were its own request', ({ requests }) => {
    // Given folded requests that kept every original, and the same originals requested one by one
    if (requests.some((r) => r.more)) return;
    const shared = generalize(requests);
    const single = generalize(
      requests.flatMap((r) =>
        (r.originals ?? []).map((resource) => ({ action: r.action, resource, scope: '' })),
      ),
    );
    // Then each folded request is granted what its originals are, with the same sentences
    let at = 0;
    requests.forEach((r, i) => {
      for (const _ of r.originals ?? []) {
        expect(shared.resources[i]?.resource).toBe(single.resources[at]?.resource);
        at++;
      }
    });
    expect(shared.generalizations).toEqual(single.generalizations);
  });

  it('shares the first original plan only where the fold says how the others generalise', () => {
    // Given the first originals of a prefix group, a log-stream group and a Step Functions group
    const [key] = keys('in', 1);
    const base = generalizer.plan('s3:GetObject', key ?? '')?.prefix?.base;
    const [stream] = streams(1);
    // Then object keys share it with their base (not with another base), log streams share it, and
    // Step Functions executions (several formats with rules) do not
    expect(generalizer.sharedPlan('s3:GetObject', key ?? '', base)).toBeDefined();
    expect(generalizer.sharedPlan('s3:GetObject', key ?? '', `${B}/other/\u0000`)).toBeUndefined();
    expect(generalizer.sharedPlan('logs:CreateLogStream', stream ?? '', undefined)).toBeDefined();
    expect(
      generalizer.sharedPlan('states:DescribeExecution', `${STATES}:execution:OrderFlow:run-1`, undefined),
    ).toBeUndefined();
  });
});
