/**
 * CloudTrail eventSource host -> IAM service prefix. The rule is the first label of an `amazonaws.com`
 * host (`s3.amazonaws.com` -> `s3`); data/event-sources.json lists the hosts where that is wrong
 * (`monitoring.amazonaws.com` -> `cloudwatch`). A prefix the service data does not know is not guessed.
 */
import type { ActionIndex } from './actions-tables.js';
import type { ServiceData } from './service-data.js';

export type EventSourceResult = { kind: 'service'; service: string } | { kind: 'unknown'; reason: string };

const AWS_DOMAIN = '.amazonaws.com';

export function serviceForEventSource(
  eventSource: string | undefined,
  index: ActionIndex,
  data: ServiceData,
): EventSourceResult {
  const host = (eventSource ?? '').trim().toLowerCase();
  if (host === '') return { kind: 'unknown', reason: 'no eventSource recorded' };
  let service = index.eventSources.get(host);
  if (service === undefined) {
    if (!host.endsWith(AWS_DOMAIN)) {
      return { kind: 'unknown', reason: `eventSource '${eventSource}' is not an amazonaws.com service host` };
    }
    service = host.slice(0, host.indexOf('.'));
  }
  if (!data.hasService(service)) {
    return {
      kind: 'unknown',
      reason: `unknown service prefix '${service}' (eventSource ${eventSource}): the service data has no such service`,
    };
  }
  return { kind: 'service', service: service.toLowerCase() };
}
