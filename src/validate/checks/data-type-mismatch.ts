import type { PathStep } from '../types.js';
import { defineCheck, type Report } from './define-check.js';
import { isObject } from './support/policy-view.js';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** A string, or an array of strings: report each value that is not. */
function stringOrStrings(v: unknown, path: PathStep[], name: string, report: Report): void {
  if (typeof v === 'string') return;
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (typeof item !== 'string') {
        report({
          path: [...path, i],
          message: `Each ${name} value must be a string, but this is ${describe(item)}.`,
        });
      }
    });
    return;
  }
  report({ path, message: `${name} must be a string or an array of strings, but it is ${describe(v)}.` });
}

function scalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export default defineCheck({
  id: 'data-type-mismatch',
  code: 'DATA_TYPE_MISMATCH',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'A policy value has the wrong JSON type',
  description:
    'Each policy element takes values of one JSON type: Version, Id, Sid and Effect are strings; Statement is an object or an array of objects; Action, Resource and their Not forms are strings or arrays of strings; Condition maps operators to objects of keys whose values are strings, numbers, booleans or arrays of them. Change the value to the expected type.',
  check(ctx, report) {
    const doc = ctx.view.document;
    if (typeof doc === 'string') return; // json-syntax-error
    if (!isObject(doc)) {
      report({ path: [], message: `A policy must be a JSON object, but this is ${describe(doc)}.` });
      return;
    }
    for (const name of ['Version', 'Id'] as const) {
      if (Object.hasOwn(doc, name) && typeof doc[name] !== 'string') {
        report({ path: [name], message: `${name} must be a string, but it is ${describe(doc[name])}.` });
      }
    }
    const st = doc.Statement;
    if (st !== undefined && st !== null && !isObject(st) && !Array.isArray(st)) {
      report({
        path: ['Statement'],
        message: `Statement must be an object or an array of objects, but it is ${describe(st)}.`,
      });
    }
    if (Array.isArray(st)) {
      st.forEach((s, i) => {
        if (!isObject(s))
          report({
            path: ['Statement', i],
            message: `Each statement must be an object, but this is ${describe(s)}.`,
          });
      });
    }
    for (const s of ctx.statements) {
      const raw = s.raw;
      if (!raw) continue;
      for (const name of ['Sid', 'Effect'] as const) {
        if (Object.hasOwn(raw, name) && typeof raw[name] !== 'string') {
          report({
            path: [...s.path, name],
            message: `${name} must be a string, but it is ${describe(raw[name])}.`,
          });
        }
      }
      for (const name of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
        if (Object.hasOwn(raw, name)) stringOrStrings(raw[name], [...s.path, name], name, report);
      }
      if (Object.hasOwn(raw, 'Condition')) {
        const cond = raw.Condition;
        const cpath = [...s.path, 'Condition'];
        if (!isObject(cond)) {
          report({
            path: cpath,
            message: `Condition must be an object of operators, but it is ${describe(cond)}.`,
          });
          continue;
        }
        for (const [op, keys] of Object.entries(cond)) {
          if (!isObject(keys)) {
            report({
              path: [...cpath, op],
              message: `The \`${op}\` block must be an object of condition keys, but it is ${describe(keys)}.`,
            });
            continue;
          }
          for (const [key, v] of Object.entries(keys)) {
            const kpath = [...cpath, op, key];
            if (Array.isArray(v)) {
              v.forEach((item, i) => {
                if (!scalar(item)) {
                  report({
                    path: [...kpath, i],
                    message: `Condition values must be strings, numbers or booleans, but this is ${describe(item)}.`,
                  });
                }
              });
            } else if (!scalar(v)) {
              report({
                path: kpath,
                message: `The value of \`${key}\` must be a string, number, boolean or an array of them, but it is ${describe(v)}.`,
              });
            }
          }
        }
      }
    }
  },
});
