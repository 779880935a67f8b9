/**
 * The registry: every check, sorted by id. To add a check, write `<id>.ts` beside this file (see
 * define-check.ts), its fixtures in `fixtures/<id>.json`, and add one import and one entry here; the
 * meta-test (registry.test.ts) and `docs/checks.md` keep the three in step.
 */

import actionResourceMismatch from './action-resource-mismatch.js';
import allowNotactionWithUnsupportedTagConditionKeyForService from './allow-notaction-with-unsupported-tag-condition-key-for-service.js';
import allowWithNotprincipal from './allow-with-notprincipal.js';
import allowWithUnsupportedTagConditionKeyForService from './allow-with-unsupported-tag-condition-key-for-service.js';
import arnAccountNotAllowed from './arn-account-not-allowed.js';
import arnRegionNotAllowed from './arn-region-not-allowed.js';
import confirmAudienceClaimType from './confirm-audience-claim-type.js';
import createSlrWithNotactionAndNotresource from './create-slr-with-notaction-and-notresource.js';
import createSlrWithNotresource from './create-slr-with-notresource.js';
import createSlrWithStarInActionAndNotresource from './create-slr-with-star-in-action-and-notresource.js';
import createSlrWithStarInActionAndResource from './create-slr-with-star-in-action-and-resource.js';
import createSlrWithStarInResource from './create-slr-with-star-in-resource.js';
import createSlrWithStarInResourceAndNotaction from './create-slr-with-star-in-resource-and-notaction.js';
import credentialsExposure from './credentials-exposure.js';
import dataExfiltration from './data-exfiltration.js';
import dataTypeMismatch from './data-type-mismatch.js';
import type { CheckDefinition } from './define-check.js';
import denyNotactionWithUnsupportedTagConditionKeyForService from './deny-notaction-with-unsupported-tag-condition-key-for-service.js';
import denyWithUnsupportedTagConditionKeyForService from './deny-with-unsupported-tag-condition-key-for-service.js';
import duplicateKeysWithDifferentCase from './duplicate-keys-with-different-case.js';
import emptyArrayAction from './empty-array-action.js';
import emptyArrayCondition from './empty-array-condition.js';
import emptyArrayConditionForallvalues from './empty-array-condition-forallvalues.js';
import emptyArrayConditionForanyvalue from './empty-array-condition-foranyvalue.js';
import emptyArrayConditionIfexists from './empty-array-condition-ifexists.js';
import emptyArrayPrincipal from './empty-array-principal.js';
import emptyArrayResource from './empty-array-resource.js';
import emptyObjectCondition from './empty-object-condition.js';
import emptyObjectPrincipal from './empty-object-principal.js';
import emptySidValue from './empty-sid-value.js';
import emptyVariable from './empty-variable.js';
import externalPrincipal from './external-principal.js';
import federatedPrincipalNotSupported from './federated-principal-not-supported.js';
import forallvaluesWithSingleValuedKey from './forallvalues-with-single-valued-key.js';
import fullAdminAccess from './full-admin-access.js';
import improveIpRange from './improve-ip-range.js';
import invalidAction from './invalid-action.js';
import invalidArnAccount from './invalid-arn-account.js';
import invalidArnPrefix from './invalid-arn-prefix.js';
import invalidArnRegion from './invalid-arn-region.js';
import invalidArnResource from './invalid-arn-resource.js';
import invalidArnServiceCase from './invalid-arn-service-case.js';
import invalidConditionDataType from './invalid-condition-data-type.js';
import invalidConditionKeyFormat from './invalid-condition-key-format.js';
import invalidConditionMultipleBoolean from './invalid-condition-multiple-boolean.js';
import invalidConditionOperator from './invalid-condition-operator.js';
import invalidDateValue from './invalid-date-value.js';
import invalidEffect from './invalid-effect.js';
import invalidFederatedPrincipalSyntaxInRoleTrustPolicy from './invalid-federated-principal-syntax-in-role-trust-policy.js';
import invalidGlobalConditionKey from './invalid-global-condition-key.js';
import invalidPartition from './invalid-partition.js';
import invalidPolicyElement from './invalid-policy-element.js';
import invalidPrincipalFormat from './invalid-principal-format.js';
import invalidPrincipalKey from './invalid-principal-key.js';
import invalidRegion from './invalid-region.js';
import invalidRoleReference from './invalid-role-reference.js';
import invalidService from './invalid-service.js';
import invalidServiceConditionKey from './invalid-service-condition-key.js';
import invalidServiceInAction from './invalid-service-in-action.js';
import invalidServicePrincipalFormat from './invalid-service-principal-format.js';
import invalidUserReference from './invalid-user-reference.js';
import invalidVariableForOperator from './invalid-variable-for-operator.js';
import invalidVersion from './invalid-version.js';
import invalidVpcFormat from './invalid-vpc-format.js';
import invalidVpceFormat from './invalid-vpce-format.js';
import irrelevantConditionKeyInPolicy from './irrelevant-condition-key-in-policy.js';
import jsonSyntaxError from './json-syntax-error.js';
import mismatchedActionForPrincipal from './mismatched-action-for-principal.js';
import missingAction from './missing-action.js';
import missingActionForConditionKey from './missing-action-for-condition-key.js';
import missingActionForRolesAnywhereTrustPolicy from './missing-action-for-roles-anywhere-trust-policy.js';
import missingArnAccount from './missing-arn-account.js';
import missingArnField from './missing-arn-field.js';
import missingArnRegion from './missing-arn-region.js';
import missingBraceInVariable from './missing-brace-in-variable.js';
import missingConditionKeyForOidcPrincipal from './missing-condition-key-for-oidc-principal.js';
import missingEffect from './missing-effect.js';
import missingGithubRepoConditionKey from './missing-github-repo-condition-key.js';
import missingPairedConditionKeys from './missing-paired-condition-keys.js';
import missingPrincipal from './missing-principal.js';
import missingQualifier from './missing-qualifier.js';
import missingQuoteInVariable from './missing-quote-in-variable.js';
import missingResource from './missing-resource.js';
import missingStatement from './missing-statement.js';
import missingTagKeyInCondition from './missing-tag-key-in-condition.js';
import missingVersion from './missing-version.js';
import nullWithIfExists from './null-with-if-exists.js';
import nullWithQualifier from './null-with-qualifier.js';
import passRoleWithNotactionAndNotresource from './pass-role-with-notaction-and-notresource.js';
import passRoleWithNotresource from './pass-role-with-notresource.js';
import passRoleWithStarInActionAndNotresource from './pass-role-with-star-in-action-and-notresource.js';
import passRoleWithStarInActionAndResource from './pass-role-with-star-in-action-and-resource.js';
import passRoleWithStarInResource from './pass-role-with-star-in-resource.js';
import passRoleWithStarInResourceAndNotaction from './pass-role-with-star-in-resource-and-notaction.js';
import policySizeExceedsIdentityPolicyQuota from './policy-size-exceeds-identity-policy-quota.js';
import policySizeExceedsRcpQuota from './policy-size-exceeds-rcp-quota.js';
import policySizeExceedsResourcePolicyQuota from './policy-size-exceeds-resource-policy-quota.js';
import policySizeExceedsRoleTrustPolicyQuota from './policy-size-exceeds-role-trust-policy-quota.js';
import policySizeExceedsScpQuota from './policy-size-exceeds-scp-quota.js';
import privateIpAddress from './private-ip-address.js';
import privateIpAddressSubset from './private-ip-address-subset.js';
import privateNotipaddress from './private-notipaddress.js';
import privateNotipaddressSubset from './private-notipaddress-subset.js';
import privilegeEscalation from './privilege-escalation.js';
import publicAccess from './public-access.js';
import rcpSyntaxErrorAction from './rcp-syntax-error-action.js';
import rcpSyntaxErrorAllow from './rcp-syntax-error-allow.js';
import rcpSyntaxErrorNotaction from './rcp-syntax-error-notaction.js';
import rcpSyntaxErrorPrincipal from './rcp-syntax-error-principal.js';
import redundantAction from './redundant-action.js';
import redundantConditionValueNum from './redundant-condition-value-num.js';
import redundantPrincipalInRoleTrustPolicy from './redundant-principal-in-role-trust-policy.js';
import redundantResource from './redundant-resource.js';
import redundantStatement from './redundant-statement.js';
import resourceExposure from './resource-exposure.js';
import restrictAccessToServicePrincipal from './restrict-access-to-service-principal.js';
import roleTrustPolicySyntaxErrorNotprincipal from './role-trust-policy-syntax-error-notprincipal.js';
import roleTrustPolicySyntaxErrorResource from './role-trust-policy-syntax-error-resource.js';
import roleTrustPolicyUnsupportedWildcardInPrincipal from './role-trust-policy-unsupported-wildcard-in-principal.js';
import scpSyntaxErrorActionWildcard from './scp-syntax-error-action-wildcard.js';
import scpSyntaxErrorPrincipal from './scp-syntax-error-principal.js';
import serviceWildcard from './service-wildcard.js';
import specificGithubRepoAndBranchRecommended from './specific-github-repo-and-branch-recommended.js';
import stringLikeOperatorWithArnConditionKeys from './string-like-operator-with-arn-condition-keys.js';
import typeMismatch from './type-mismatch.js';
import typeMismatchBoolean from './type-mismatch-boolean.js';
import typeMismatchDate from './type-mismatch-date.js';
import typeMismatchIpRange from './type-mismatch-ip-range.js';
import typeMismatchNumber from './type-mismatch-number.js';
import typeMismatchString from './type-mismatch-string.js';
import uniqueSidsRecommended from './unique-sids-recommended.js';
import uniqueSidsRequired from './unique-sids-required.js';
import unresolvedValue from './unresolved-value.js';
import unsupportedActionForConditionKey from './unsupported-action-for-condition-key.js';
import unsupportedActionInPolicy from './unsupported-action-in-policy.js';
import unsupportedConditionKeyForServicePrincipal from './unsupported-condition-key-for-service-principal.js';
import unsupportedElementCombination from './unsupported-element-combination.js';
import unsupportedGlobalConditionKey from './unsupported-global-condition-key.js';
import unsupportedPrincipal from './unsupported-principal.js';
import unsupportedResourceArnInPolicy from './unsupported-resource-arn-in-policy.js';
import unsupportedSid from './unsupported-sid.js';
import unsupportedSpaceInVariable from './unsupported-space-in-variable.js';
import unsupportedSymbolInVariable from './unsupported-symbol-in-variable.js';
import unsupportedWildcardInPrincipal from './unsupported-wildcard-in-principal.js';
import variableUnsupportedInElement from './variable-unsupported-in-element.js';
import variableUnsupportedInVersion from './variable-unsupported-in-version.js';
import wildcardInServiceName from './wildcard-in-service-name.js';
import wildcardWithoutLikeOperator from './wildcard-without-like-operator.js';

export const checks: readonly CheckDefinition[] = [
  actionResourceMismatch,
  allowNotactionWithUnsupportedTagConditionKeyForService,
  allowWithNotprincipal,
  allowWithUnsupportedTagConditionKeyForService,
  arnAccountNotAllowed,
  arnRegionNotAllowed,
  confirmAudienceClaimType,
  createSlrWithNotactionAndNotresource,
  createSlrWithNotresource,
  createSlrWithStarInActionAndNotresource,
  createSlrWithStarInActionAndResource,
  createSlrWithStarInResource,
  createSlrWithStarInResourceAndNotaction,
  credentialsExposure,
  dataExfiltration,
  dataTypeMismatch,
  denyNotactionWithUnsupportedTagConditionKeyForService,
  denyWithUnsupportedTagConditionKeyForService,
  duplicateKeysWithDifferentCase,
  emptyArrayAction,
  emptyArrayCondition,
  emptyArrayConditionForallvalues,
  emptyArrayConditionForanyvalue,
  emptyArrayConditionIfexists,
  emptyArrayPrincipal,
  emptyArrayResource,
  emptyObjectCondition,
  emptyObjectPrincipal,
  emptySidValue,
  emptyVariable,
  externalPrincipal,
  federatedPrincipalNotSupported,
  forallvaluesWithSingleValuedKey,
  fullAdminAccess,
  improveIpRange,
  invalidAction,
  invalidArnAccount,
  invalidArnPrefix,
  invalidArnRegion,
  invalidArnResource,
  invalidArnServiceCase,
  invalidConditionDataType,
  invalidConditionKeyFormat,
  invalidConditionMultipleBoolean,
  invalidConditionOperator,
  invalidDateValue,
  invalidEffect,
  invalidFederatedPrincipalSyntaxInRoleTrustPolicy,
  invalidGlobalConditionKey,
  invalidPartition,
  invalidPolicyElement,
  invalidPrincipalFormat,
  invalidPrincipalKey,
  invalidRegion,
  invalidRoleReference,
  invalidService,
  invalidServiceConditionKey,
  invalidServiceInAction,
  invalidServicePrincipalFormat,
  invalidUserReference,
  invalidVariableForOperator,
  invalidVersion,
  invalidVpcFormat,
  invalidVpceFormat,
  irrelevantConditionKeyInPolicy,
  jsonSyntaxError,
  mismatchedActionForPrincipal,
  missingAction,
  missingActionForConditionKey,
  missingActionForRolesAnywhereTrustPolicy,
  missingArnAccount,
  missingArnField,
  missingArnRegion,
  missingBraceInVariable,
  missingConditionKeyForOidcPrincipal,
  missingEffect,
  missingGithubRepoConditionKey,
  missingPairedConditionKeys,
  missingPrincipal,
  missingQualifier,
  missingQuoteInVariable,
  missingResource,
  missingStatement,
  missingTagKeyInCondition,
  missingVersion,
  nullWithIfExists,
  nullWithQualifier,
  passRoleWithNotactionAndNotresource,
  passRoleWithNotresource,
  passRoleWithStarInActionAndNotresource,
  passRoleWithStarInActionAndResource,
  passRoleWithStarInResource,
  passRoleWithStarInResourceAndNotaction,
  policySizeExceedsIdentityPolicyQuota,
  policySizeExceedsRcpQuota,
  policySizeExceedsResourcePolicyQuota,
  policySizeExceedsRoleTrustPolicyQuota,
  policySizeExceedsScpQuota,
  privateIpAddress,
  privateIpAddressSubset,
  privateNotipaddress,
  privateNotipaddressSubset,
  privilegeEscalation,
  publicAccess,
  rcpSyntaxErrorAction,
  rcpSyntaxErrorAllow,
  rcpSyntaxErrorNotaction,
  rcpSyntaxErrorPrincipal,
  redundantAction,
  redundantConditionValueNum,
  redundantPrincipalInRoleTrustPolicy,
  redundantResource,
  redundantStatement,
  resourceExposure,
  restrictAccessToServicePrincipal,
  roleTrustPolicySyntaxErrorNotprincipal,
  roleTrustPolicySyntaxErrorResource,
  roleTrustPolicyUnsupportedWildcardInPrincipal,
  scpSyntaxErrorActionWildcard,
  scpSyntaxErrorPrincipal,
  serviceWildcard,
  specificGithubRepoAndBranchRecommended,
  stringLikeOperatorWithArnConditionKeys,
  typeMismatch,
  typeMismatchBoolean,
  typeMismatchDate,
  typeMismatchIpRange,
  typeMismatchNumber,
  typeMismatchString,
  uniqueSidsRecommended,
  uniqueSidsRequired,
  unresolvedValue,
  unsupportedActionForConditionKey,
  unsupportedActionInPolicy,
  unsupportedConditionKeyForServicePrincipal,
  unsupportedElementCombination,
  unsupportedGlobalConditionKey,
  unsupportedPrincipal,
  unsupportedResourceArnInPolicy,
  unsupportedSid,
  unsupportedSpaceInVariable,
  unsupportedSymbolInVariable,
  unsupportedWildcardInPrincipal,
  variableUnsupportedInElement,
  variableUnsupportedInVersion,
  wildcardInServiceName,
  wildcardWithoutLikeOperator,
];
