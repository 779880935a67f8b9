/**
 * Under Node 20 the AWS SDK for JavaScript warns, on every run that builds a client, that its releases after
 * the first week of January 2027 will require Node 22. That is a matter for leastpriv's maintainers (which SDK
 * releases leastpriv may depend on while it supports Node 20), not for the person running a command: the CLIs
 * turn the notice off, unless the variable is set already.
 */
export function silenceSdkNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
