/** What principals are granted, read from authorization dumps and from policy files bound to a principal. */
export {
  type AuthorizationDump,
  isAuthorizationDetails,
  readAuthorizationDetails,
} from './authorization-details.js';
export { readPolicyDocument } from './policy-document.js';
export {
  type BindOptions,
  type GrantedFile,
  loadGranted,
  readGranted,
  serverlessRoleName,
} from './read-granted.js';
export {
  formatGrantedDiagnostic,
  type GrantedDiagnostic,
  type GrantedInput,
  type GrantedPolicy,
  type GrantedPolicyKind,
  type GrantedPrincipal,
  type GrantedPrincipalKind,
  type UnknownPolicy,
} from './types.js';
