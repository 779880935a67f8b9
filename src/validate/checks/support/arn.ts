/**
 * ARN text: `arn:partition:service:region:account:resource`. Policy variables (`${aws:username}`) may sit
 * in any field and carry colons of their own, so fields are split outside `${...}` only.
 */

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** The fields of an ARN, or the number of fields found when there are fewer than six. */
export function parseArn(value: string): ParsedArn | { fieldCount: number } {
  const fields: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < value.length && fields.length < 5; i++) {
    const ch = value[i];
    if (ch === '$' && value[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}' && depth > 0) depth--;
    else if (ch === ':' && depth === 0) {
      fields.push(value.slice(start, i));
      start = i + 1;
    }
  }
  if (fields.length < 5) return { fieldCount: fields.length + 1 };
  fields.push(value.slice(start));
  const [, partition, service, region, account, resource] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { partition, service, region, account, resource };
}

export function isParsedArn(v: ParsedArn | { fieldCount: number }): v is ParsedArn {
  return 'service' in v;
}

/** A field that holds a wildcard or a policy variable: its value is only known when the request is made. */
export function isVariableField(field: string): boolean {
  return field.includes('*') || field.includes('?') || field.includes('${');
}

/** Region names: `us-east-1`, `us-gov-west-1`, `us-isob-east-1`, `eusc-de-east-1`, `cn-north-1`. */
const REGION = /^[a-z]{2,4}(-[a-z]+)?-[a-z]+-\d{1,2}$/;

export function isRegionName(value: string): boolean {
  return REGION.test(value);
}

export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
