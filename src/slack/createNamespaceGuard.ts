import picomatch from 'picomatch';

/**
 * Whether a namespace may be read by `/k8s-diagnose` and follow-ups (`ALLOWED_NAMESPACES`, globs).
 * Cluster-scoped targets (namespace '') such as nodes are allowed only to a guard that allows
 * every namespace, because a node's evidence shows pods of any namespace.
 */
export function createNamespaceGuard(globs: readonly string[]): (namespace: string) => boolean {
  const patterns = globs.map((g) => g.trim()).filter((g) => g !== '');
  if (patterns.length === 0) return () => false;
  const matches = picomatch(patterns);
  const everything = patterns.includes('*') || patterns.includes('**');
  return (namespace) => (namespace === '' ? everything : matches(namespace));
}
