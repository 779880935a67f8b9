export interface SamPolicyTemplateTable {
  $comment: string;
  generator: string;
  input: string;
  inputVersion: string | null;
  inputLicense: string;
  generated: string;
  templates: { name: string; parameters: string[]; statements: unknown[] }[];
}

export function makeSamPolicyTemplates(
  input: unknown,
  options: { inputName: string; date: string },
): SamPolicyTemplateTable;
